"""The README documents every command, format and exit code; every command has help.

New commands fail here until they get a `### \\`quotefind NAME\\`` section with an example.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from quotefind.cite import Style
from quotefind.cli import app
from quotefind.errors import ExitCode
from quotefind.model import Speaker
from quotefind.render import Format
from quotefind.store.whoosh.session import add_statements

from .conftest import ROOT
from .records import statement

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def section(name: str) -> str:
    """The README text under `### \\`quotefind NAME\\`` up to the next heading."""
    m = re.search(rf"^### `quotefind {re.escape(name)}`\n(.*?)(?=^#)", README, re.M | re.S)
    assert m, f"README has no section for `quotefind {name}`"
    return m.group(1)


def test_there_are_commands() -> None:
    assert {"index", "search", "cite", "export", "import"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert f"Usage: quotefind {name}" in " ".join(result.stdout.split())
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and command.help.strip()


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_with_an_example(name: str) -> None:
    text = section(name)
    examples = re.findall(r"```sh\n(.*?)```", text, re.S)
    assert any(re.search(rf"^quotefind {re.escape(name)}\b", ex, re.M) for ex in examples)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    assert prose.strip(), f"`quotefind {name}` has an example but no explanation"


def test_every_format_style_and_exit_code_is_documented() -> None:
    formats = re.search(r"^## Output formats\n(.*?)^## ", README, re.M | re.S)
    assert formats
    for fmt in Format:
        assert f"| `{fmt.value}` |" in formats.group(1)
    citations = re.search(r"^## Citations\n(.*?)^## ", README, re.M | re.S)
    assert citations
    for style in Style:
        assert style.value in citations.group(1).lower()
        assert style.value in section("cite")
    codes = re.search(r"^## Exit codes\n(.*?)^## ", README, re.M | re.S)
    assert codes
    for code in ExitCode:
        assert f"| {int(code)} |" in codes.group(1)


def test_global_options_are_documented() -> None:
    for option in ("--version", "--install-completion", "--fields", "--quiet", "NO_COLOR", "FORCE_COLOR"):
        assert option in README
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout and "--version" in result.stdout


def jq_lines() -> list[str]:
    return [line for line in README.splitlines() if line.startswith("quotefind ") and "| jq" in line]


def test_readme_has_jq_pipelines() -> None:
    assert jq_lines()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq")
def test_readme_jq_pipelines_run(index_dir: Path) -> None:
    add_statements(
        index_dir,
        [
            statement("the Arctic is calm", speaker=Speaker(name="Tone Skogen"), key="1"),
            statement("in the Arctic we talk", speaker=Speaker(name="Tone Skogen"), key="2"),
            statement("the arctic channel works", speaker=Speaker(), key="3"),
        ],
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    outputs = [
        subprocess.run(
            ["bash", "-o", "pipefail", "-c", line], capture_output=True, text=True, env=env, timeout=60
        )
        for line in jq_lines()
    ]
    assert all(o.returncode == 0 and o.stderr == "" for o in outputs), outputs
    assert [line.split() for line in outputs[0].stdout.splitlines()] == [
        ["2", "Tone", "Skogen"],
        ["1", "unknown"],
    ]
    assert outputs[1].stdout.splitlines() == ["the Arctic is calm", "in the Arctic we talk"]


def test_the_development_section_names_every_module() -> None:
    """Every module of the package (extract/ as one folder) and of bench/figures has its line."""
    section = README[README.index("## Development") :]
    listed = set(re.findall(r"^\s+([\w/]+(?:\.py|/))\s", section, re.M))
    src = ROOT / "src" / "quotefind"
    wanted = {p.name for p in src.glob("*.py")} | {"extract/", "store/whoosh/", "run.py"}
    wanted |= {p.name for p in (src / "store" / "whoosh").glob("*.py") if p.name != "__init__.py"}
    wanted |= {
        f"figures/{p.name}" for p in (ROOT / "bench" / "figures").glob("*.py") if p.name != "__init__.py"
    }
    assert wanted - listed == set()


# --- the README as a test: its commands, run on the seeds ---------------------------------------

#: README examples that name a user's own files (or change the user's shell): not run here.
PLACEHOLDERS = (
    "news/", "wire/", "dump/", "article.txt", "--install-completion", "archive/", "/data/", "articles.jsonl",
    "dump-20", "shards/",
)  # fmt: skip
_COMMENT = re.compile(r"\s{2,}#\s*(.*)$")


def readme_commands() -> list[tuple[str, int, str | None]]:
    """(shell line, documented exit code, documented stdout or None) of every README command that
    runs on the seeds, in README order: `sh` blocks, and `$ ` lines of output samples."""
    found: list[tuple[str, int, str | None]] = []
    for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", README, re.M | re.S):
        lines = body.splitlines()
        if lang == "sh":
            for line in lines:
                line = re.sub(r"^pip install [^&]*&& ", "", line)  # the Quick start, installed already
                if not re.match(r"(if )?quotefind ", line) or any(p in line for p in PLACEHOLDERS):
                    continue
                comment = _COMMENT.search(line)
                code = re.search(r"\bexit (\d)", comment.group(1)) if comment else None
                command = line[: comment.start()] if comment else line
                found.append((command, int(code.group(1)) if code else 0, None))
        elif any(line.startswith("$ quotefind ") for line in lines):
            for i, line in enumerate(lines):
                if line.startswith("$ "):
                    output = list(itertools.takewhile(lambda x: not x.startswith("$ "), lines[i + 1 :]))
                    found.append((line[2:], 0, "\n".join(output) + "\n" if output else None))
    return found


def test_readme_commands_are_found() -> None:
    commands = [c for c, _, _ in readme_commands()]
    assert len(commands) > 30
    assert any(c.startswith("quotefind cite 8f2db3b7 --index hnn/") for c in commands)
    assert any(code == 1 for _, code, _ in readme_commands())


@pytest.mark.slow
def test_every_readme_command_runs_on_the_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every README command that can run on the seeds does, in README order, with its documented
    exit code and, where the README shows it, its output: its ids as printed (issue 15), in a
    checkout wherever it is."""
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "quotefind"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m quotefind "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("QUOTEFIND_INDEX")  # the README's default: ./index
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    failures = []
    for command, code, output in readme_commands():
        if "| jq" in command and shutil.which("jq") is None:
            continue
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != code or (output is not None and done.stdout != output):
            failures.append((command, code, done.returncode, done.stdout[-500:], done.stderr[-500:]))
    assert not failures, "\n".join(map(str, failures))
