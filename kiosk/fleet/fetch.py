"""python-tuf's urllib3 fetcher, with a deadline for a whole download."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

from kiosk import __version__
from kiosk.fleet.decide import Transport


def deadline_fetcher(transport: Transport) -> Any:
    """python-tuf's urllib3 fetcher, with a deadline for a whole download.

    Its own timeout is per gap between bytes, so a server that drips a byte every second would
    hold a sync for ever; TUF's length bound stops endless data, this stops endless time. The
    body is read with ``read1`` (what has arrived, not a whole chunk), and a timer shuts the
    response down at the deadline, so even a blocked read ends on time. The request itself is
    python-tuf's (its proxy handling from the environment, ``_proxy_env``; tuf is pinned < 8).
    """
    import urllib3
    from tuf.api.exceptions import DownloadHTTPError, SlowRetrievalError
    from tuf.ngclient import Urllib3Fetcher

    class DeadlineFetcher(Urllib3Fetcher):
        def _fetch(self, url: str) -> Iterator[bytes]:
            deadline = time.monotonic() + transport.deadline_seconds
            try:
                response = self._proxy_env.request(
                    "GET",
                    url,
                    preload_content=False,
                    timeout=urllib3.Timeout(self.socket_timeout),
                )
            except urllib3.exceptions.MaxRetryError as exc:
                # urllib3's NewConnectionError (refused, no route) is a ConnectTimeoutError by
                # inheritance: it is no stall, and judge_error says "cannot reach" for it.
                refused = isinstance(exc.reason, urllib3.exceptions.NewConnectionError)
                if not refused and isinstance(exc.reason, urllib3.exceptions.TimeoutError):
                    raise SlowRetrievalError from exc
                raise
            if response.status >= 400:
                response.close()
                raise DownloadHTTPError(f"HTTP {response.status}", response.status)
            timer = threading.Timer(transport.deadline_seconds, response.shutdown)
            timer.daemon = True
            timer.start()
            return self._until(response, timer, deadline)

        def _until(self, response: Any, timer: threading.Timer, deadline: float) -> Iterator[bytes]:
            try:
                while True:
                    try:
                        chunk = response.read1(self.chunk_size)
                    except Exception as exc:
                        if time.monotonic() >= deadline:
                            raise SlowRetrievalError(
                                f"over {transport.deadline_seconds} s"
                            ) from exc
                        if isinstance(exc, urllib3.exceptions.TimeoutError):
                            raise SlowRetrievalError from exc
                        raise
                    if time.monotonic() >= deadline:
                        raise SlowRetrievalError(f"over {transport.deadline_seconds} s")
                    if not chunk:
                        return
                    yield chunk
            finally:
                timer.cancel()
                response.release_conn()

    # urllib3 logs each of its retries as a warning; the sync's one outcome line says it all.
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    return DeadlineFetcher(
        socket_timeout=transport.socket_timeout, app_user_agent=f"kiosk/{__version__}"
    )
