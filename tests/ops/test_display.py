"""DPMS through xset: what it runs, and that every failure leaves the screen on."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from kiosk.ops.display import DisplayPower, run_command


class FakeX:
    def __init__(self, code: int = 0, output: str = "") -> None:
        self.calls: list[list[str]] = []
        self.code, self.output = code, output

    def __call__(self, argv: Sequence[str]) -> tuple[int, str]:
        self.calls.append(list(argv))
        return self.code, self.output


def power(fake: FakeX, *, display: str = ":0", xset: str | None = "/usr/bin/xset") -> DisplayPower:
    return DisplayPower({"DISPLAY": display} if display else {}, fake, lambda _: xset)


def test_off_then_on_runs_xset_and_turns_dpms_back_off() -> None:
    fake = FakeX()
    display = power(fake)
    assert display.off()
    assert display.is_off
    assert display.on()
    assert fake.calls == [
        ["/usr/bin/xset", "dpms", "force", "off"],
        ["/usr/bin/xset", "dpms", "force", "on"],
        ["/usr/bin/xset", "-dpms"],
    ]


@pytest.mark.parametrize(
    ("fake", "display", "xset", "words"),
    [
        (FakeX(), "", "/usr/bin/xset", "no X display"),
        (FakeX(), ":0", None, "xset is not installed"),
        (FakeX(1, "unable to open display"), ":0", "/usr/bin/xset", "unable to open display"),
        (FakeX(0, "server does not have extension for dpms option"), ":0", "/x", "extension"),
    ],
)
def test_every_failure_says_why_and_leaves_the_screen_on(
    fake: FakeX, display: str, xset: str | None, words: str, caplog: pytest.LogCaptureFixture
) -> None:
    power_ = power(fake, display=display, xset=xset)
    with caplog.at_level(logging.WARNING, "kiosk.ops.display"):
        assert not power_.off()
        assert not power_.off()
    assert not power_.is_off
    assert words in power_.last_error
    assert len(caplog.records) == 1, "logged once, not at every minute"
    assert power_.on(), "nothing to switch back on"


def test_a_missing_program_is_a_failure_not_an_exception() -> None:
    code, output = run_command(["/nonexistent/xset", "q"])
    assert code != 0
    assert output


# What xset 1.2 prints on Xvfb (no DPMS extension), exit 0: one fact, then its usage text.
XVFB_OUTPUT = (
    "server does not have extension for dpms option\n"
    "xset:  unknown option force\n\n"
    "usage:  xset [-display host:dpy] option ...\n"
    "    To turn bell off:\n\t-b                b off               b 0\n" * 20
)


def test_a_server_without_dpms_is_one_short_line_not_xsets_usage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    power_ = power(FakeX(0, XVFB_OUTPUT))
    with caplog.at_level(logging.WARNING, "kiosk.ops.display"):
        assert not power_.off()
    assert [r.getMessage() for r in caplog.records] == [
        "display-off: cannot switch the display off: the X server has no DPMS extension; "
        "showing the dim screen"
    ]


def test_other_complaints_are_one_quoted_bounded_line() -> None:
    power_ = power(FakeX(1, "\nbad\x1b[2J thing\nfake: installed, live\n" + "x" * 500))
    assert not power_.off()
    assert power_.last_error == 'xset dpms force off failed: "bad\\x1b[2J thing"'
