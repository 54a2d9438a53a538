"""Problems found in a pack or config file, reported as ``file:line: field: message``."""

from __future__ import annotations

import errno
from dataclasses import asdict, dataclass

from kiosk.common.message import Message

MAX_REPORTED = 30  # beyond this many problems, say how many more rather than list them all


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    Attributes:
        file: path relative to the pack root (POSIX), or the config file's name.
        line: 1-based line, 0 where no line applies.
        field: dotted key path such as ``slides[2].headline.en``; empty for the whole file.
        message: what is wrong, in words a staff member understands.
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class PackError(Exception):
    """Raised when a pack (or config) cannot be used; carries every problem found.

    ``said`` is why, as the staff panel words it (:mod:`kiosk.common.message`), where the
    raiser knows one kind for it; the problems stay the English details for the log and the
    command line. Without it, :func:`reason` says it from the problems.
    """

    def __init__(self, problems: list[Problem], said: Message | None = None) -> None:
        self.problems = sorted(problems)
        self.said = said
        super().__init__("\n".join(str(p) for p in self.problems))


def problem_count(problems: list[Problem]) -> str:
    """``5 problems in 3 files``, or ``No problems``: the last line of a list of problems."""
    if not problems:
        return "No problems"
    files = len({p.file for p in problems})
    return (
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}"
    )


def format_path(path: tuple[str | int, ...]) -> str:
    """``("slides", 2, "headline", "en")`` → ``slides[2].headline.en``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_OS_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is used up"),
        ("EROFS", "the disk is read-only"),
        ("EIO", "the disk could not be read or written (was a USB stick removed?)"),
        ("ENOENT", "a file or folder it needs does not exist"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
        ("ENODEV", "the device is gone (was a USB stick removed?)"),
        ("ENXIO", "the device is gone (was a USB stick removed?)"),
    )
    if hasattr(errno, name)  # not every platform has every code
}


def os_problem(file: str, exc: OSError, doing: str) -> Problem:
    """An OS error as a problem staff can act on, e.g. ``x.kpack:0: could not copy: disk full``."""
    reason = _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    return Problem(file, 0, "", f"could not {doing}: {reason}")


# An OS error's errno as the staff panel says it (kiosk.ops.staff_words).
_OS_SAID = {
    getattr(errno, name): kind
    for name, kind in (
        ("ENOSPC", "diskFull"),
        ("EDQUOT", "diskFull"),
        ("EROFS", "diskError"),
        ("EIO", "diskError"),
        ("EACCES", "diskError"),
        ("EPERM", "diskError"),
        ("ENODEV", "sourceGone"),
        ("ENXIO", "sourceGone"),
    )
    if hasattr(errno, name)
}


def os_said(exc: OSError) -> Message:
    """An OS error as the staff panel says it: the disk full or failing, a stick gone."""
    return Message.of(_OS_SAID.get(exc.errno or 0, "seeLog"))


def reason(problems: list[Problem], said: Message | None = None) -> Message:
    """Why something was refused, as the staff panel says it: ``said`` when the raiser knew,
    else the pack's own problems, by count and where the first one is (their words, English
    and from inside the pack, stay in the log and ``kiosk pack validate``)."""
    if said is not None:
        return said
    if not problems:
        return Message.of("seeLog")
    first = problems[0]
    where = f"{first.file}:{first.line}" + (f" {first.field}" if first.field else "")
    if len(problems) == 1:
        return Message.of("contentProblem", where=where)
    return Message.of("contentProblems", count=len(problems), where=where)


def capped(problems: list[Problem], file: str) -> list[Problem]:
    """At most :data:`MAX_REPORTED` problems, then one that says how many
    more there are."""
    if len(problems) <= MAX_REPORTED:
        return problems
    more = len(problems) - MAX_REPORTED
    return [*problems[:MAX_REPORTED], Problem(file, 0, "", f"... and {more:,} more problems")]
