"""The README's two commands work where Debian's system Python refuses `pip install`, CI runs the second
exactly, and the README points at nothing outside the repository."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def commands() -> list[str]:
    return re.findall(r"## (?:Try it|Run the tests)[^\n]*\n.*?```sh\n(.*?)```", README, re.S)


def test_both_commands_create_a_virtual_environment_first_on_one_line():
    found = commands()
    assert len(found) == 2
    for command in found:
        assert command.count("\n") == 1 and command.startswith(VENV), command


def test_ci_runs_the_readmes_second_command_exactly():
    second = commands()[1].strip()
    assert f"bash -c '{second}'" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_the_readme_refers_to_nothing_outside_the_repository():
    assert "shared/" not in README and "DESIGN.md" not in README and "/work/" not in README
