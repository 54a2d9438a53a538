"""Which renderer the kiosk asks Qt Quick for, and the record `kiosk status` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.ops.renderer import (
    OPENGL,
    QT_DEFAULT,
    SOFTWARE,
    Choice,
    Probe,
    decide,
    describe_record,
    environment_choice,
    platform_name,
    read_record,
    wants_probe,
    write_record,
)

LLVMPIPE = "llvmpipe (LLVM 15.0.6, 256 bits)"


@pytest.mark.parametrize(
    "name",
    [
        LLVMPIPE,
        "softpipe",
        "Software Rasterizer",
        "swrast",
        "zink (llvmpipe (LLVM 15.0.6, 256 bits))",
        "GDI Generic",
    ],
)
def test_a_software_rasterizer_is_known_by_its_name(name: str) -> None:
    assert Probe(gl_renderer=name).software


@pytest.mark.parametrize(
    "name", ["AMD Radeon Graphics (radeonsi, renoir, LLVM 15.0.6)", "V3D 7.1", "Mali-G52"]
)
def test_a_gpu_is_not(name: str) -> None:
    assert not Probe(gl_renderer=name).software


def test_auto_on_llvmpipe_draws_in_software_and_says_why() -> None:
    choice = decide("auto", {}, Probe(gl_renderer=LLVMPIPE))
    assert choice.renderer == SOFTWARE
    assert choice.gl_renderer == LLVMPIPE
    assert "llvmpipe" in choice.reason
    assert "software rasterizer" in choice.reason
    assert choice.describe().startswith("renderer: software (auto: the OpenGL driver is llvmpipe")


def test_auto_on_a_gpu_leaves_it_to_qt() -> None:
    choice = decide("auto", {}, Probe(gl_renderer="Mesa Intel(R) UHD Graphics 620 (KBL GT2)"))
    assert choice.renderer == QT_DEFAULT
    assert "a GPU" in choice.reason
    assert choice.describe().startswith("renderer: Qt's default (auto: the OpenGL driver is Mesa")


def test_auto_without_opengl_draws_in_software() -> None:
    choice = decide("auto", {}, Probe(failure="no OpenGL context can be made"))
    assert choice.renderer == SOFTWARE
    assert choice.reason == "auto: no usable OpenGL (no OpenGL context can be made)"


@pytest.mark.parametrize("setting", [SOFTWARE, OPENGL])
def test_kiosk_yaml_decides_over_the_probe_and_the_environment(setting: str) -> None:
    env = {"QT_QUICK_BACKEND": "software"}
    choice = decide(setting, env, Probe(gl_renderer=LLVMPIPE))
    assert choice.renderer == setting
    assert choice.reason == f"kiosk.yaml renderer: {setting}"


def test_auto_keeps_the_environments_choice() -> None:
    for env, said in (
        ({"QT_QUICK_BACKEND": "software"}, "QT_QUICK_BACKEND=software"),
        ({"QSG_RHI_BACKEND": "opengl"}, "QSG_RHI_BACKEND=opengl"),
    ):
        choice = decide("auto", env, None)
        assert choice.renderer == QT_DEFAULT
        assert choice.reason == f"auto: the environment sets {said}"


def test_auto_without_a_probe_says_where_it_did_not_probe() -> None:
    choice = decide("auto", {"QT_QPA_PLATFORM": "offscreen"}, None)
    assert (choice.renderer, choice.reason) == (
        QT_DEFAULT,
        "auto: not probed on the offscreen platform",
    )


def test_a_driver_name_is_data_cleaned_and_bounded() -> None:
    hostile = "llvmpipe\n2026 INFO kiosk: installed, live\u202e" + "x" * 500
    choice = decide("auto", {}, Probe(gl_renderer=hostile))
    assert choice.renderer == SOFTWARE
    assert "\n" not in choice.reason
    assert "\u202e" not in choice.reason
    assert choice.gl_renderer is not None
    assert len(choice.gl_renderer) <= 120


def test_the_probe_runs_only_where_auto_has_a_display_to_ask() -> None:
    assert wants_probe("auto", {}, linux=True)
    assert wants_probe("auto", {"QT_QPA_PLATFORM": "xcb"}, linux=True)
    assert wants_probe("auto", {"QT_QPA_PLATFORM": "wayland-egl"}, linux=True)
    assert not wants_probe("software", {}, linux=True)
    assert not wants_probe("auto", {}, linux=False)
    assert not wants_probe("auto", {"QT_QPA_PLATFORM": "offscreen"}, linux=True)
    assert not wants_probe("auto", {"QT_QPA_PLATFORM": "eglfs"}, linux=True)
    assert not wants_probe("auto", {"QT_QUICK_BACKEND": "software"}, linux=True)


def test_platform_and_environment_names() -> None:
    assert platform_name({"QT_QPA_PLATFORM": "xcb:foo=1;offscreen"}) == "xcb"
    assert platform_name({}) == ""
    assert environment_choice({"QT_QUICK_BACKEND": " "}) is None


def test_the_record_holds_what_ran_and_why(tmp_path: Path) -> None:
    choice = decide("auto", {}, Probe(gl_renderer=LLVMPIPE))
    write_record(tmp_path, choice, "software")
    record = read_record(tmp_path)
    assert record is not None
    assert record["renderer"] == "software"
    assert record["asked"] == SOFTWARE
    assert record["gl_renderer"] == LLVMPIPE
    line = describe_record(record)
    assert line.startswith("renderer at the last start (")
    assert "): software (auto: the OpenGL driver is llvmpipe" in line


def test_no_record_or_a_damaged_one_says_so(tmp_path: Path) -> None:
    assert read_record(tmp_path) is None
    assert "not known yet" in describe_record(None)
    (tmp_path / "renderer.json").write_text("{not json")
    assert read_record(tmp_path) is None


def test_a_tampered_record_is_shown_as_clean_text(tmp_path: Path) -> None:
    data = {"renderer": "software\n\u202eok", "reason": 5, "time": "x" * 1000}
    (tmp_path / "renderer.json").write_text(json.dumps(data))
    record = read_record(tmp_path)
    assert record is not None
    assert record["renderer"] == "software ok"
    assert record["reason"] is None
    assert len(record["time"]) <= 300
    assert "\n" not in describe_record(record)


def test_choice_describes_opengl() -> None:
    assert Choice(OPENGL, "kiosk.yaml renderer: opengl", "opengl").describe() == (
        "renderer: opengl (kiosk.yaml renderer: opengl)"
    )
