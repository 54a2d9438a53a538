"""A command run as root acts as the owner of the home it changes.

docs/operating.md has staff run commands with ``sudo kiosk --home /var/lib/kiosk …``. Run as root, a
command would leave root-owned files (``staff-pin.json`` is 0600) in the kiosk user's home: the
keypad then finds no PIN and the next install fails with "permission denied". So when the
effective user is root and the home belongs to someone else, the command gives up root for that
user before it touches anything (supplementary groups, then group, then user: each step needs
the privilege the next one drops). A home that does not exist yet belongs to whoever owns the
nearest folder above it; root creates one of its own only where it was told to (``--home`` or
``$KIOSK_HOME``), never by default.

:func:`plan` decides from a few facts (tested without root); :func:`act_as` is the shell.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Become:
    """Give up root for ``uid``/``gid`` (``user``: its name for its groups, "" when unnamed)."""

    uid: int
    gid: int
    user: str
    owner_of: Path  # the home, or the folder above it that will hold it

    def describe(self) -> str:
        who = f"{self.user} (uid {self.uid})" if self.user else f"uid {self.uid}"
        return (
            f"kiosk: running as root; acting as {who}, the owner of {self.owner_of}, "
            "so that the files written stay usable by the kiosk"
        )


@dataclass(frozen=True)
class Refuse:
    """Root was not told which home to create: say so instead of making one of its own."""

    reason: str


Stat = Callable[[Path], os.stat_result]
UserName = Callable[[int], str]


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return ""


def plan(
    euid: int,
    home: Path,
    *,
    explicit: bool,
    stat: Stat = os.stat,
    user_name: UserName = _user_name,
) -> Become | Refuse | None:
    """What a command about to use ``home`` must do first.

    Args:
        euid: the effective user id.
        home: KIOSK_HOME, resolved.
        explicit: the home was named (``--home`` or ``$KIOSK_HOME``), not the default.
        stat: reads a folder's owner (tests pass a fake).
        user_name: the login name of a uid, or "" (tests pass a fake).

    Returns:
        None: go on as is (not root, or root's own home); :class:`Become`: drop to that user
        first; :class:`Refuse`: stop and say why.
    """
    if euid != 0:
        return None
    folder = home
    while True:
        try:
            info = stat(folder)
            break
        except FileNotFoundError:
            if folder.parent == folder:
                return None  # nothing exists at all: nothing to take an owner from
            folder = folder.parent
    if info.st_uid != 0:
        return Become(info.st_uid, info.st_gid, user_name(info.st_uid), folder)
    if folder == home or explicit:
        return None  # root's own home, or one root was told to create
    return Refuse(
        f"kiosk: running as root and {home} does not exist: give the kiosk's home with "
        "--home (or KIOSK_HOME), e.g. sudo kiosk --home /var/lib/kiosk …, or run the command "
        "as the kiosk's user"
    )


def act_as(become: Become) -> None:
    """Give up root for ``become``'s user, in the only order that works.

    Raises:
        OSError: a step was refused (the caller stops: going on as root is what this prevents).
    """
    if become.user:
        os.initgroups(become.user, become.gid)
    else:
        os.setgroups([])
    os.setgid(become.gid)
    os.setuid(become.uid)
