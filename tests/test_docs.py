"""The README documents every command and every option, and its set-up block is what CI runs."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from dateline.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# typer bundles its own click: the group and its options are read by attribute.
COMMANDS: Any = typer.main.get_command(app)


def command_row(name: str) -> str:
    rows = [line for line in README.splitlines() if line.startswith(f"| `dateline {name}")]
    assert rows, f"README has no reference row for `dateline {name}`"
    return rows[0]


def _commands() -> dict[str, Any]:
    """Every command by its full name ("eval timex" for a command of a group)."""
    found = {}
    for name, command in COMMANDS.commands.items():
        for sub, inner in getattr(command, "commands", {}).items():
            found[f"{name} {sub}"] = inner
        found[name] = command
    return found


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_is_documented(name: str) -> None:
    row = command_row(name)
    command = _commands()[name]
    for param in command.params:
        if param.param_type_name == "option":
            longest = max(param.opts, key=len)
            assert longest in row, f"`dateline {name}` option {longest} is missing from its README row"


def test_setup_block_has_two_single_line_commands() -> None:
    block = re.search(r"<!-- setup:begin -->\n```\n(.*?)```\n<!-- setup:end -->", README, re.S)
    assert block is not None
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("dateline demo") and "pytest" in lines[1]


def test_ci_runs_the_readme_block() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "setup:begin" in ci and "setup:end" in ci
