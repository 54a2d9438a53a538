"""Strict, safe YAML reading that keeps line numbers for error messages.

Packs come from outside, so the reader refuses what a plain ``safe_load`` would accept but a pack
never needs: anchors and aliases (the "billion laughs"), explicit tags (``!!python/...``), duplicate
keys, nesting deeper than :data:`MAX_DEPTH`, files over :data:`MAX_BYTES`, and bytes that are not
UTF-8. The result is plain Python data plus a map from key path to line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kiosk.common.problems import PackError, Problem, format_path
from kiosk.common.yamlwords import plain_yaml_error

MAX_BYTES = 1_000_000
MAX_DEPTH = 32

try:  # the C loader is much faster where libyaml is present
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indexes from the root, e.g. ``("slides", 2)``."""


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the line (1-based) of every key path in it."""

    file: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Refused(Exception):
    def __init__(self, line: int, message: str, path: KeyPath = ()) -> None:
        self.line = line
        self.message = message
        self.path = path


def read_yaml(raw: bytes, file: str) -> YamlDoc:
    """Parse ``raw`` (the bytes of ``file``) strictly.

    Raises:
        PackError: with one problem naming the file, line and the reason.
    """
    if len(raw) > MAX_BYTES:
        raise PackError(
            [Problem(file, 0, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError([Problem(file, line, "", "file is not valid UTF-8 text")]) from None
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=_BaseLoader)
        doc = YamlDoc(file, None)
        if node is not None:
            constructor = _BaseLoader("")
            try:
                doc.data = _convert(node, (), doc, constructor)
            finally:
                constructor.dispose()
        return doc
    except _Refused as exc:
        raise PackError([Problem(file, exc.line, format_path(exc.path), exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        line, message = plain_yaml_error(text, exc)
        raise PackError([Problem(file, line, "", f"not valid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise PackError([Problem(file, 0, "", f"not valid YAML: {exc}")]) from None


def _check_events(text: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before anything is built.

    The event stream is cheap to walk and shows an alias before it could be expanded.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "YAML aliases (*name) are not allowed in packs")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _Refused(line, "YAML anchors (&name) are not allowed in packs")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise _Refused(line, f"YAML tags such as {tag!r} are not allowed in packs")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _convert(node: Node, path: KeyPath, doc: YamlDoc, loader: yaml.SafeLoader) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        return _construct(node, path, loader, "value")
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), doc, loader) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, loader, "key")
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _Refused(line, f"keys must be text, not {key!r}", path)
            if key in out:
                first = doc.lines.get((*path, key), 0)
                raise _Refused(
                    line, f"key {key!r} appears twice (first at line {first}); keep one", path
                )
            doc.lines[(*path, key)] = line
            out[key] = _convert(value_node, (*path, key), doc, loader)
        return out
    raise _Refused(node.start_mark.line + 1, "unsupported YAML node", path)  # pragma: no cover


def _construct(node: Node, path: KeyPath, loader: yaml.SafeLoader, what: str) -> Any:
    """Build the Python value of a key or scalar, refusing what YAML cannot turn into one."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError, yaml.YAMLError):
        # e.g. a date that does not exist (2001-02-30) or a time past 23:59
        shown = node.value if isinstance(node, ScalarNode) else node.tag
        raise _Refused(
            node.start_mark.line + 1, f"the {what} {shown!r} cannot be read", path
        ) from None
