"""`kiosk --help` lists every command, and every help reads as plain text.

The commands are taken from the parser itself, so a command registered later (by any module of
kiosk/cli) is held to the same rule without this file changing.
"""

from __future__ import annotations

import argparse

import pytest

from kiosk import cli


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """The parser's subcommands: name → (its parser, the one-line help `--help` shows for it)."""
    found: dict[str, tuple[argparse.ArgumentParser, str]] = {}
    for action in parser._actions:  # argparse offers no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found[name] = (sub, helps.get(name, ""))
    return found


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        cli.main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def _commands() -> list[tuple[str, ...]]:
    """Every command path: ("run",), ("pack",), ("pack", "validate"), …"""
    paths: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        for name, (sub, _) in _subcommands(parser).items():
            paths.append((*prefix, name))
            walk(sub, (*prefix, name))

    walk(cli.build_parser(), ())
    return paths


COMMANDS = _commands()


def test_the_parser_has_the_commands_staff_and_authors_use() -> None:
    top = set(_subcommands(cli.build_parser()))
    expected = {"run", "snapshot", "preview", "pack", "schema", "keys", "status", "staff"}
    assert expected <= top
    assert {"repo", "sync", "stats"} <= top


def test_kiosk_help_lists_every_command_with_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    listed = " ".join(text.split())  # argparse wraps long help lines
    for name, (_, line) in _subcommands(cli.build_parser()).items():
        assert line, f"`{name}` has no help line"
        assert f" {name} " in listed, f"`kiosk --help` does not list {name}"
        assert " ".join(line.split()) in listed, f"`kiosk --help` lacks the help of {name}"
    assert "``" not in text


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_command_help_is_plain_and_lists_its_actions(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    text = _help(capsys, *command)
    assert f"usage: kiosk {' '.join(command)}" in " ".join(text.split())
    assert "``" not in text, f"RST markup in `kiosk {' '.join(command)} --help`"
    parser = cli.build_parser()
    for name in command:
        parser = _subcommands(parser)[name][0]
    listed = " ".join(text.split())
    for name, (_, line) in _subcommands(parser).items():
        assert line, f"`kiosk {' '.join(command)} {name}` has no help line"
        assert f" {name} " in listed, f"`kiosk {' '.join(command)} --help` does not list {name}"
