"""Hot reload: a signed pack dropped in the inbox goes live at the next slide boundary."""

import shutil
from pathlib import Path

from kiosk.intake import signing
from kiosk.intake.store import PackStore
from kiosk.platform.watcher import PackWatcher
from tests import FIXTURES_DIR
from tests.helpers import make_scene

FIXTURE = FIXTURES_DIR / "minimal_pack"


def signed_pack(tmp_path: Path, home: Path, *, trusted: bool = True) -> Path:
    key_file, pub_file, _ = signing.new_keypair(tmp_path / "publisher")
    if trusted:
        PackStore(home).trust(pub_file)
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE, folder)
    out = tmp_path / "new.kpack"
    signing.build_signed_archive(folder, signing.load_private_key(key_file), out)
    return out


def watcher_for(scene, home: Path) -> PackWatcher:
    watcher = PackWatcher(
        home, scene.attract.replace_pack, watch=[], verify=True, link_hosts=_hosts(), interval_ms=20
    )
    watcher.start()
    return watcher


def _hosts():
    from kiosk.content.validate import DEFAULT_LINK_HOSTS

    return DEFAULT_LINK_HOSTS


def test_inbox_pack_goes_live_at_the_next_slide(qapp, qtbot, tmp_path, default_pack) -> None:
    home = tmp_path / "home"
    kpack = signed_pack(tmp_path, home)
    scene = make_scene(qtbot, default_pack)
    watcher = watcher_for(scene, home)
    shutil.copy(kpack, home / "inbox" / "new.kpack")
    qtbot.waitUntil(lambda: scene.attract.pending_pack is not None, timeout=15000)
    assert scene.attract.pack.id == default_pack.id  # not mid-slide
    scene.attract.advance()
    assert scene.attract.pack.id == "test-pack"
    # The loop alternates the pack's languages slide by slide (en, es): the title follows.
    title = scene.attract.pack.title.get(scene.attract.current_language())
    assert title in ("Test pack", "Paquete de prueba")
    assert scene.item("packTitle").property("text") == title
    watcher.stop()
    scene.close()
    assert not scene.warnings


def test_untrusted_inbox_pack_is_refused_and_nothing_changes(
    qapp, qtbot, tmp_path, default_pack
) -> None:
    home = tmp_path / "home"
    kpack = signed_pack(tmp_path, home, trusted=False)
    scene = make_scene(qtbot, default_pack)
    watcher = watcher_for(scene, home)
    outcomes: list[str] = []
    watcher.outcome.connect(outcomes.append)
    shutil.copy(kpack, home / "inbox" / "new.kpack")
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    assert "refused new.kpack" in outcomes[0]
    assert "does not trust" in outcomes[0]
    scene.attract.advance()
    assert scene.attract.pack.id == default_pack.id
    assert PackStore(home).live() is None
    watcher.stop()
    scene.close()


def test_lesson_in_progress_is_never_swapped(qapp, qtbot, tmp_path, default_pack) -> None:
    home = tmp_path / "home"
    kpack = signed_pack(tmp_path, home)
    scene = make_scene(qtbot, default_pack)
    scene.click_at(600, 500)
    scene.click("lessonTile0")
    watcher = watcher_for(scene, home)
    shutil.copy(kpack, home / "inbox" / "new.kpack")
    qtbot.waitUntil(lambda: scene.attract.pending_pack is not None, timeout=15000)
    assert scene.session.property("lessonTitle") == default_pack.lessons[0].title.get("en")
    scene.click("quickExitButton")
    scene.click_at(600, 500)  # cover → loop; the swap waits for the loop's next boundary
    scene.attract.advance()
    assert scene.attract.pack.id == "test-pack"
    watcher.stop()
    scene.close()


def test_installs_run_at_a_lower_cpu_priority_than_the_show(
    qapp, qtbot, tmp_path, default_pack
) -> None:
    """Issue 18: an install takes a core for seconds; the GUI and render threads must win it."""
    import os
    import threading

    from kiosk.platform.watcher import WORKER_NICE

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    home = tmp_path / "home"
    scene = make_scene(qtbot, default_pack)
    watcher = PackWatcher(
        home, scene.attract.replace_pack, watch=[], verify=True, link_hosts=_hosts()
    )
    shown = nice()
    got: list[object] = []
    with qtbot.waitSignal(watcher._worker.finished, timeout=10_000):
        assert watcher._worker.run(nice, got.append, got.append)
    assert got == [max(shown, WORKER_NICE)]
    assert nice() == shown  # the GUI thread keeps its priority
    watcher.stop()
    scene.close()


def test_a_live_pack_whose_key_went_is_dropped_at_the_next_poll(
    qapp, qtbot, tmp_path, default_pack
) -> None:
    """`keys untrust` that could not save active.json (or a key file removed by hand): active.json
    still names the pack, and the running kiosk stops showing it without a restart."""
    home = tmp_path / "home"
    kpack = signed_pack(tmp_path, home)
    store = PackStore(home)
    assert store.install(kpack).status == "installed"
    scene = make_scene(qtbot, store.live_pack() or default_pack)
    assert scene.attract.pack.id == "test-pack"
    watcher = watcher_for(scene, home)
    for path in (home / "keys").glob("*.pub"):
        path.unlink()  # what a failed save of active.json leaves: the key gone, the pack named
    qtbot.waitUntil(lambda: scene.attract.pending_pack is not None, timeout=15000)
    scene.attract.advance()
    assert scene.attract.pack.id == default_pack.id  # the bundled pack: nothing else may show
    assert store.live() is not None  # active.json was never rewritten
    watcher.stop()
    scene.close()


def test_a_new_pack_is_prepared_on_the_watchers_thread_before_it_is_handed_over(
    qapp, qtbot, tmp_path, default_pack
) -> None:
    """`kiosk run` makes the new pack's QR codes there, so none is made on the GUI thread."""
    import threading

    home = tmp_path / "home"
    kpack = signed_pack(tmp_path, home)
    scene = make_scene(qtbot, default_pack)
    prepared: list[tuple[str, bool]] = []
    handed: list[str] = []

    def prepare(pack) -> None:
        prepared.append((pack.id, threading.current_thread() is threading.main_thread()))

    def replace(pack) -> None:
        handed.append(pack.id)
        assert prepared, "handed over before it was prepared"
        scene.attract.replace_pack(pack)

    watcher = PackWatcher(
        home, replace, watch=[], verify=True, link_hosts=_hosts(), interval_ms=20, prepare=prepare
    )
    watcher.start()
    shutil.copy(kpack, home / "inbox" / "new.kpack")
    qtbot.waitUntil(lambda: bool(handed), timeout=15000)
    assert prepared == [("test-pack", False)]  # off the GUI thread
    assert handed == ["test-pack"]
    watcher.stop()
    scene.close()
