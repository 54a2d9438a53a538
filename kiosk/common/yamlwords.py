"""The YAML parser's complaints in words an author can act on.

libyaml says ``did not find expected '-' indicator`` where an author needs "line 14 is indented
differently from the list it belongs to". This module turns a :class:`yaml.MarkedYAMLError` and
the text it came from into one plain sentence that names the line and column, the likely cause
and what to check. Pure functions; no I/O.
"""

from __future__ import annotations

import yaml


def _where(mark: yaml.Mark | None) -> tuple[int, int]:
    """1-based (line, column) of ``mark``, or (0, 0) when the parser gave none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if 0 <= mark.column < len(line) else ""


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def plain_yaml_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line of a YAML syntax error and a plain sentence about it.

    Args:
        text: the document that failed to parse.
        exc: what PyYAML (C or pure-Python loader) raised.

    Returns:
        (1-based line, message); the message names the column and what to check.
    """
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    line, column = _where(exc.problem_mark or exc.context_mark)
    start_line, start_column = _where(exc.context_mark)
    at = f"line {line}, column {column}"
    char = _char_at(text, exc.problem_mark)

    if char == "\t" or "tab" in problem or "'\\t'" in problem:
        return line, (
            f"{at} holds a tab; YAML indents with spaces only: replace the tab with spaces"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return start_line, (
            f"the quote opened at line {start_line}, column {start_column} is never closed: "
            'add the closing quote (a quote inside the text is written \\" in double quotes, '
            "'' in single quotes)"
        )
    if "escape" in problem:
        return line, (
            f"{at}: a backslash inside double quotes starts an unknown escape; write \\\\ for a "
            "backslash, or use single quotes"
        )
    if "flow mapping" in context or "flow sequence" in context:
        close = "}" if "mapping" in context else "]"
        opened = "{" if close == "}" else "["
        return start_line or line, (
            f"{at}: the {opened} opened at line {start_line}, column {start_column} is not closed "
            f"with {close} on its line, or two items in it lack a comma between them"
        )
    if "mapping values are not allowed" in problem:
        return line, (
            f"{at}: a colon followed by a space inside text that is not in quotes; put the whole "
            'text in quotes (e.g. title: "Note: this"), or, if this is a new key, it is probably '
            "indented too far: line it up with the key above it"
        )
    if "cannot start any token" in problem:
        shown = repr(char) if char else "this character"
        return line, (f"{at}: a value may not start with {shown}; put the whole value in quotes")
    if "block collection" in context or "'-' indicator" in problem:
        return line, (
            f"{at}: probably indentation: this line does not line up with the list that starts "
            f"at line {start_line} (its items start with '- ' at column {start_column}, and the "
            "keys of one item line up under the first key after its '- '); check the spaces at "
            "the start of the line and of the line above"
        )
    if "block mapping" in context or "expected key" in problem:
        before = _line_text(text, line)[: max(0, column - 1)]
        if line == start_line or before.strip().endswith(("'", '"')):
            return line, (
                f"{at}: text goes on after a closing quote; put the whole text inside the quotes "
                "(a quote inside the text is written \\\" in double quotes, '' in single quotes)"
            )
        if _line_text(text, line).lstrip().startswith("- "):
            return line, (
                f"{at}: a list item ('- ') where a key was expected: probably indentation; line "
                "it up with the other '- ' items of its list, under the key it belongs to"
            )
        return line, (
            f"{at}: probably indentation: the keys of the block that starts at line {start_line} "
            f"start at column {start_column}, and this line does not; check the spaces at the "
            "start of the line (a list item needs '- ')"
        )
    if "directive" in context or "document start" in problem:
        return line, (
            f"{at}: a line starting with % is read as a YAML directive; put such text in quotes"
        )
    if "node content" in problem:
        return line, (
            f"{at}: a value is missing or starts with a character YAML reserves "
            "(such as @, `, %, |, >, !, &, *); put the value in quotes"
        )
    return line, f"{at}: {problem or 'the parser stopped here'}"
