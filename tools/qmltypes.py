"""Write ``kiosk/ui/qml/Kiosk/kiosk.qmltypes``: what qmllint (and qmlls) know of the bridges.

The bridges are Python classes registered with ``@QmlElement``; QML tooling cannot import Python,
so it reads their properties, signals, slots and enums from this file, named by ``typeinfo`` in
the module's ``qmldir``. ``pyside6-metaobjectdump`` reads the classes from the source and
``pyside6-qmltyperegistrar`` writes the file. The file is checked in, so an editor sees the types
without a build; ``tests/ui/qml/test_qml_files.py`` fails when it is stale.

Usage: ``python tools/qmltypes.py`` (``make qmltypes``) rewrites it; ``--check`` only compares.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "kiosk/ui/bridges/attract.py",
    "kiosk/ui/bridges/session.py",
    "kiosk/ui/bridges/staff_layer.py",
    "kiosk/ui/bridges/staff_keypad.py",
    "kiosk/ui/bridges/staff_panel.py",
    "kiosk/ui/bridges/staff_notice.py",
    "kiosk/ui/bridges/schedule.py",
    "kiosk/render/preview.py",
    "kiosk/ui/bridges/access.py",
    "kiosk/ui/pictures.py",
    "kiosk/ui/impact.py",
    "kiosk/ui/bridges/alerts.py",
]  # relative to ROOT
OUTPUT = ROOT / "kiosk" / "ui" / "qml" / "Kiosk" / "kiosk.qmltypes"
MODULE, MAJOR, MINOR = "Kiosk", "1", "0"

# PySide6 turns these Python property types into Qt's at run time; metaobjectdump keeps the
# Python name, which qmllint would not know.
PYTHON_TO_QT = {"list": "QVariantList", "dict": "QVariantMap", "float": "double"}


FLAGS = ("final", "constant")


def property_flags(source: Path) -> set[tuple[str, str, str]]:
    """``(class, property, flag)`` for each ``Property(..., final=True)`` or ``constant=True``
    a source declares.

    metaobjectdump drops both flags; qmllint needs them to know that a bridge's property cannot
    be shadowed (``--compiler warning`` otherwise warns at every read through a required
    property) and that a constant one needs no notify signal.
    """
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            call = item.value if isinstance(item, ast.Assign) else None
            if not isinstance(call, ast.Call) or getattr(call.func, "id", "") != "Property":
                continue
            flags = [
                k.arg
                for k in call.keywords
                if k.arg in FLAGS and isinstance(k.value, ast.Constant) and k.value.value is True
            ]
            for target in item.targets if isinstance(item, ast.Assign) else []:
                if isinstance(target, ast.Name):
                    found |= {(node.name, target.id, flag) for flag in flags if flag}
    return found


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def generate() -> str:
    """The qmltypes text for the bridges as the source declares them now."""
    metatypes = Path(PySide6.__file__).parent / "Qt" / "metatypes"
    foreign = [next(metatypes.glob(f"qt6{m}_*metatypes.json")) for m in ("core", "qml")]
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "kiosk_metatypes.json"
        # Not --suppress-file: without the source's name qmltyperegistrar loses the base type.
        subprocess.run(
            [_tool("pyside6-metaobjectdump"), "-o", str(dump), *SOURCES], check=True, cwd=ROOT
        )
        classes = json.loads(dump.read_text(encoding="utf-8"))
        flagged = set().union(*(property_flags(ROOT / source) for source in SOURCES))
        for entry in classes:
            # The file is checked in: name the source relative to the checkout, not this machine.
            entry["inputFile"] = Path(entry["inputFile"]).resolve().relative_to(ROOT).as_posix()
            for cls in entry["classes"]:
                for prop in cls.get("properties", []):
                    prop["type"] = PYTHON_TO_QT.get(prop["type"], prop["type"])
                    for flag in FLAGS:
                        if (cls["className"], prop["name"], flag) in flagged:
                            prop[flag] = True
        dump.write_text(json.dumps(classes, indent=1), encoding="utf-8")
        out = Path(tmp) / "kiosk.qmltypes"
        subprocess.run(
            [
                _tool("pyside6-qmltyperegistrar"),
                "--generate-qmltypes",
                str(out),
                "-o",
                str(Path(tmp) / "registrations.cpp"),
                "--import-name",
                MODULE,
                "--major-version",
                MAJOR,
                "--minor-version",
                MINOR,
                "--foreign-types=" + ",".join(str(f) for f in foreign),
                str(dump),
            ],
            check=True,
        )
        return out.read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run `make qmltypes`", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
