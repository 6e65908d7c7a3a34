"""Tab completion of `--speaker` names and statement ids from the index, as a shell asks for it
(Typer's bash protocol: `_QUOTEFIND_COMPLETE=complete_bash`, the words and the cursor's word).
Speed is measured by bench/bench_completion.py, not here."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app
from quotefind.model import Speaker
from quotefind.store.whoosh.session import add_statements

from .records import statement


def complete(words: str) -> list[str]:
    parts = words.split(" ")
    env = {"_QUOTEFIND_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="quotefind")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def speakers(index_dir: Path) -> list[str]:
    people = ["Tone Skogen"] * 3 + ["Frank Bakke-Jensen"] * 2 + ["Ine Eriksen Søreide", "Rune Andersen"]
    add_statements(
        index_dir,
        [statement(f"words {i}", speaker=Speaker(name=name), key=f"k{i}") for i, name in enumerate(people)],
    )
    return people


def test_speaker_names_complete_from_any_word(speakers: list[str]) -> None:
    assert complete("quotefind search --speaker sko") == ["skogen"]
    assert complete("quotefind search --speaker Tone") == ["Tone Skogen"]
    assert complete("quotefind search -s jen") == ["jensen"]  # after a hyphen too
    assert complete("quotefind verify words --speaker ERIK") == ["ERIKsen Søreide"]
    # Nothing typed: whole names, the most quoted first.
    assert complete("quotefind search --speaker ")[:2] == ["Tone Skogen", "Frank Bakke-Jensen"]


def test_ids_complete_from_a_prefix(speakers: list[str], index_dir: Path) -> None:
    ids = sorted(
        statement(f"words {i}", speaker=Speaker(name=n), key=f"k{i}").id for i, n in enumerate(speakers)
    )
    first = ids[0]
    assert complete(f"quotefind show {first[:3]}") == [i for i in ids if i.startswith(first[:3])]
    assert complete(f"quotefind cite {first}") == [first]
    assert complete("quotefind show zz") == []


def test_completion_uses_the_index_named_on_the_line(
    speakers: list[str], index_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    add_statements(other, [statement("x", speaker=Speaker(name="Lars Saunes"), key="o")])
    assert complete(f"quotefind search --index {other} --speaker sau") == ["saunes"]


def test_completion_without_an_index_suggests_nothing_and_says_nothing(tmp_path: Path) -> None:
    assert complete(f"quotefind search --index {tmp_path / 'none'} --speaker sko") == []
    assert complete(f"quotefind show --index {tmp_path / 'none'} 3c") == []
