"""The kiosk's own log file: ``KIOSK_HOME/logs/kiosk.log``, rotated by size.

``kiosk run`` logs to stderr (journald on a Debian kiosk) and, through this module, to a file
that staff can copy to a stick when journald is not at hand (Windows, a kiosk without a shell).
The file is rotated by size, not by date: a kiosk that runs for months with nothing to say keeps
its old lines, one that logs in a loop cannot fill the disk. ``MAX_BYTES`` x (``BACKUPS`` + 1)
is the most it ever holds (6 MB).

What is logged is for operators: packs, installs, screens the show moved through, errors. Nothing
a visitor chose or answered (which lesson, which answer, which language) is ever logged, in the
file or on stderr; ``tests/ui/test_log_privacy.py`` runs a visitor's session and checks.

A logs folder that cannot be written (a read-only disk, wrong owner) never stops the kiosk: the
log goes to stderr only, and one warning says so.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

log = logging.getLogger(__name__)

LOG_DIR = "logs"
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def add_file_log(
    home: Path,
    *,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    logger: logging.Logger | None = None,
) -> logging.Handler | None:
    """Also log to ``home/logs/kiosk.log``, rotated at ``max_bytes`` keeping ``backups`` old files.

    Args:
        home: KIOSK_HOME.
        max_bytes: the size at which the file is rotated (``kiosk.log`` → ``kiosk.log.1`` …).
        backups: how many rotated files are kept.
        logger: where to attach the handler (the root logger by default).

    Returns:
        The handler added, or None when the folder or file cannot be written (said once on
        stderr through the other handlers; the kiosk goes on).
    """
    target = logger if logger is not None else logging.getLogger()
    path = home / LOG_DIR / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    except OSError as exc:
        log.warning(
            "cannot write the log file %s (%s): logging to stderr only",
            path,
            exc.strerror or exc,
        )
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    target.addHandler(handler)
    log.info("logging to %s (rotated at %d bytes, %d kept)", path, max_bytes, backups)
    return handler
