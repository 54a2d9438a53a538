"""A publisher and a real HTTP server on 127.0.0.1 for the fleet-sync tests (unit and UI)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.intake import signing
from kiosk.intake.store import PackStore

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal_pack"


class Publisher:
    """Builds signed packs of the fixture at any version."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        self.key, self.pub, _ = signing.new_keypair(folder / "publisher")

    def pack(self, version: str, *, pack_id: str = "test-pack") -> Path:
        src = self.folder / f"src-{pack_id}-{version}"
        shutil.copytree(FIXTURE, src)
        text = (src / "pack.yaml").read_text(encoding="utf-8")
        text = text.replace("id: test-pack", f"id: {pack_id}", 1)
        (src / "pack.yaml").write_text(text.replace("version: 1.0.0", f"version: {version}", 1))
        out = self.folder / f"{pack_id}-{version}.kpack"
        signing.build_signed_archive(src, signing.load_private_key(self.key), out)
        return out

    def kiosk_home(self, home: Path) -> Path:
        PackStore(home).trust(self.pub)
        return home


class Handler(SimpleHTTPRequestHandler):
    """Serves the repository; the test may make target downloads stall or die half-way."""

    def __init__(self, *args: object, server_state: State, **kwargs: object) -> None:
        self.state = server_state
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self.state.requests.append(self.path)
        mode = self.state.targets if self.path.startswith("/targets/") else "serve"
        if mode == "serve":
            super().do_GET()
            return
        body = (self.state.root / self.path.lstrip("/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "drip":
            for offset in range(len(body)):
                if self.state.release.wait(0.1):
                    return
                self.wfile.write(body[offset : offset + 1])
                self.wfile.flush()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        if mode == "stall":
            self.state.release.wait(5)  # longer than the kiosk's 1 s gap timeout
        self.close_connection = True  # "die": the connection closes half-way

    def log_message(self, format: str, *args: object) -> None:
        pass


class State:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[str] = []
        self.targets = "serve"
        self.release = threading.Event()


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, State]]:
    """Serve ``folder`` on 127.0.0.1 (a free port) until the block ends: (URL, state)."""
    state = State(folder)
    handler = partial(Handler, server_state=state, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
