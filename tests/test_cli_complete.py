"""Tab completion of `--speaker` names and statement ids from the index, as a shell asks for it
(Typer's bash protocol: `_QUOTEFIND_COMPLETE=complete_bash`, the words and the cursor's word).
Speed is measured by bench/bench_completion.py, not here."""

from __future__ import annotations

import os
import subprocess
import sys
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


# --- the speaker names file: read instead of the index while the index is unchanged --------------


def test_a_second_completion_reads_the_names_file_not_the_index(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import complete as completion
    from quotefind.store.whoosh import read

    assert complete("quotefind search --speaker sko") == ["skogen"]
    assert (index_dir / completion.NAMES_FILE).is_file()

    def unread(searcher: object) -> dict[str, int]:
        raise AssertionError("the index was read")

    monkeypatch.setattr(read, "speaker_name_counts", unread)
    assert complete("quotefind search --speaker sko") == ["skogen"]
    assert complete("quotefind search --speaker ")[:2] == ["Tone Skogen", "Frank Bakke-Jensen"]


def test_a_commit_makes_the_names_file_stale(speakers: list[str], index_dir: Path) -> None:
    assert complete("quotefind search --speaker sau") == []
    add_statements(index_dir, [statement("new words", speaker=Speaker(name="Lars Saunes"), key="new")])
    assert complete("quotefind search --speaker sau") == ["saunes"]
    # Tone Skogen's three statements replaced by another speaker's: her name goes, counts change.
    add_statements(
        index_dir,
        [statement(f"words {i}", speaker=Speaker(name="Rune Andersen"), key=f"k{i}") for i in range(3)],
    )
    assert complete("quotefind search --speaker sko") == []
    assert complete("quotefind search --speaker ")[0] == "Rune Andersen"


def test_a_garbled_names_file_is_read_past(speakers: list[str], index_dir: Path) -> None:
    from quotefind import complete as completion

    complete("quotefind search --speaker sko")
    kept = index_dir / completion.NAMES_FILE
    state = kept.read_text(encoding="utf-8").splitlines()[0]
    kept.write_text(state + '\n{"Tone Sko', encoding="utf-8")
    assert complete("quotefind search --speaker sko") == ["skogen"]


def test_a_read_only_index_still_completes(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import complete as completion

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(completion.os, "replace", refuse)
    assert complete("quotefind search --speaker sko") == ["skogen"]
    assert not (index_dir / completion.NAMES_FILE).exists()
    assert [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_a_completion_from_the_names_file_imports_no_whoosh(speakers: list[str], index_dir: Path) -> None:
    """What keeps a completion fast on a big index (bench/bench_completion.py times it): once the
    names file is made, a whole completion process imports neither Whoosh nor the readers."""
    script = (
        "import sys; sys.argv = ['quotefind']\n"
        "from quotefind.cli import app\n"
        "try:\n    app(prog_name='quotefind')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'whoosh' or m == 'quotefind.ingest']\n"
        "print('loaded:', *sorted(heavy))"
    )
    runs = _complete_speaker_twice(script)
    # The first reads the index's term files, itself without Whoosh (tests/test_termfiles.py).
    assert runs[0].stdout.splitlines()[0] == "skogen"
    assert runs[1].stdout.splitlines() == ["skogen", "loaded:"]


# --- the ids file: statement ids by prefix without opening the index ----------------------------


def _ids_of(speakers: list[str]) -> list[str]:
    return sorted(
        statement(f"words {i}", speaker=Speaker(name=n), key=f"k{i}").id for i, n in enumerate(speakers)
    )


def _background_done() -> None:
    """Wait for the completion files this process started making in the background."""
    from quotefind import complete as completion

    for process in completion._REFRESHING:
        process.wait(timeout=120)


def test_the_first_id_completion_lists_no_ids_of_the_whole_index(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listing every id of a 100k index takes longer than a completion may: the first completion reads
    # the ids with the prefix, and the ids file is made in the background for the next one.
    from quotefind import complete as completion

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole index was listed while the user waited")

    ids = _ids_of(speakers)
    monkeypatch.setattr(completion, "_read_index", refuse)
    assert complete(f"quotefind show {ids[1][:3]}") == [i for i in ids if i.startswith(ids[1][:3])]
    _background_done()
    assert (index_dir / completion.IDS_FILE).is_file()


def _unopenable(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotefind import termfiles
    from quotefind.store.whoosh import location

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was opened")

    monkeypatch.setattr(location, "open_index", refuse)
    monkeypatch.setattr(termfiles, "TermFiles", refuse)  # nor its term files read directly


def test_a_second_id_completion_reads_the_ids_file_not_the_index(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import complete as completion

    ids = _ids_of(speakers)
    assert complete(f"quotefind show {ids[0][:2]}") == [i for i in ids if i.startswith(ids[0][:2])]
    _background_done()
    assert (index_dir / completion.IDS_FILE).is_file()
    _unopenable(monkeypatch)
    assert complete(f"quotefind show {ids[-1][:3]}") == [i for i in ids if i.startswith(ids[-1][:3])]
    assert complete("quotefind cite ") == ids
    assert complete("quotefind show zz") == []


def test_a_commit_makes_the_ids_file_stale(speakers: list[str], index_dir: Path) -> None:
    from quotefind.model import Article
    from quotefind.store.whoosh.store import WhooshStore

    ids = _ids_of(speakers)
    assert complete("quotefind show ") == ids
    add_statements(index_dir, [statement("other words", speaker=Speaker(name="Lars Saunes"), key="new")])
    new = statement("other words", speaker=Speaker(name="Lars Saunes"), key="new").id
    assert complete("quotefind show ") == sorted([*ids, new])
    # A deleted article's statement goes (its id stays in the segment's terms until a merge).
    first = statement("words 0", speaker=Speaker(name="Tone Skogen"), key="k0")
    WhooshStore(index_dir).delete_article(Article(text="words 0", source=first.source, key="k0").id)
    assert complete("quotefind show ") == sorted({*ids, new} - {first.id})


def test_a_garbled_or_cut_ids_file_is_read_past(speakers: list[str], index_dir: Path) -> None:
    from quotefind import complete as completion

    ids = _ids_of(speakers)
    complete("quotefind show ")
    _background_done()
    kept = index_dir / completion.IDS_FILE
    state = kept.read_text(encoding="utf-8").splitlines()[0]
    kept.write_text(state + "\n" + ids[0][:5], encoding="utf-8")  # cut short: no last newline
    assert complete("quotefind show ") == ids
    kept.write_text("[garbled\n" + ids[0] + "\n", encoding="utf-8")
    assert complete("quotefind show ") == ids


def test_a_read_only_index_still_completes_ids(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import complete as completion

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Read-only file system")

    real_access = completion.os.access
    monkeypatch.setattr(completion.os, "replace", refuse)
    monkeypatch.setattr(completion.os, "access", lambda p, mode: mode != os.W_OK and real_access(p, mode))
    assert complete("quotefind show ") == _ids_of(speakers)
    _background_done()
    assert not (index_dir / completion.IDS_FILE).exists()
    assert [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")] == []


# --- the completion files written as a write session commits ------------------------------------


def test_a_commit_writes_the_completion_files_of_an_index_that_is_completed(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import complete as completion

    complete("quotefind search --speaker sko")  # completion is in use on this index
    add_statements(index_dir, [statement("new words", speaker=Speaker(name="Lars Saunes"), key="new")])
    new = statement("new words", speaker=Speaker(name="Lars Saunes"), key="new").id
    # The commit started a process that writes them: once it is done, the first completions after
    # the commit read the files, not the index.
    assert completion._REFRESHING
    for started in completion._REFRESHING:
        assert started.wait(timeout=120) == 0
    _unopenable(monkeypatch)
    assert complete("quotefind search --speaker sau") == ["saunes"]
    assert complete(f"quotefind show {new}") == [new]


def test_a_commit_writes_no_completion_files_to_an_index_never_completed(
    speakers: list[str], index_dir: Path
) -> None:
    from quotefind import complete as completion

    before = list(completion._REFRESHING)
    add_statements(index_dir, [statement("new words", speaker=Speaker(name="Lars Saunes"), key="new")])
    assert [p for p in completion._REFRESHING if p not in before] == []
    assert not (index_dir / completion.NAMES_FILE).exists()
    assert not (index_dir / completion.IDS_FILE).exists()


def test_a_commit_writes_the_completion_files_of_a_big_index_never_completed(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big index (its first completion without the files would take too long) gets them after
    every write session, so the user's very first completion reads them too."""
    from quotefind import complete as completion

    monkeypatch.setattr(completion, "BIG", 0)  # any index is big
    before = list(completion._REFRESHING)
    add_statements(index_dir, [statement("new words", speaker=Speaker(name="Lars Saunes"), key="new")])
    new = statement("new words", speaker=Speaker(name="Lars Saunes"), key="new").id
    started = [p for p in completion._REFRESHING if p not in before]
    assert started
    for process in started:
        assert process.wait(timeout=120) == 0
    _unopenable(monkeypatch)
    assert complete("quotefind search --speaker sau") == ["saunes"]
    assert complete(f"quotefind show {new}") == [new]
    assert complete("quotefind search --speaker ")[0] == "Tone Skogen"


def test_an_id_completion_from_the_ids_file_imports_no_whoosh(speakers: list[str], index_dir: Path) -> None:
    """A whole id completion process, once the ids file is made, imports no Whoosh."""
    script = (
        "import sys; sys.argv = ['quotefind']\n"
        "from quotefind.cli import app\n"
        "try:\n    app(prog_name='quotefind')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'whoosh']\n"
        "print('loaded:', *sorted(heavy))"
    )
    first = _ids_of(speakers)[0]
    words = f"quotefind show {first}"
    env = {**os.environ, "_QUOTEFIND_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "2"}
    env["QUOTEFIND_INDEX"] = str(index_dir)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True) for _ in "12"
    ]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    # The first reads the index's term files, itself without Whoosh (tests/test_termfiles.py).
    assert runs[0].stdout.splitlines()[0] == first
    assert runs[1].stdout.splitlines() == [first, "loaded:"]


# --- the quick path of the entry point: the same answers, without importing the CLI -------------


@pytest.mark.parametrize(
    "words",
    [
        "quotefind search --speaker sko",
        "quotefind search --speaker ",
        "quotefind search -s jen",
        "quotefind search harbour plan --speaker Tone",
        "quotefind search --kind quote --speaker ERIK",
        "quotefind search --index {index} --speaker sko",
        "quotefind search --index={index} -s sko",
        "quotefind search --index {none} --speaker sko",
        "quotefind verify words --speaker 'Tone",  # a quote left open
        "quotefind show {id3}",
        "quotefind show ",
        "quotefind cite {id}",
        "quotefind show --index {index} {id3}",
        "quotefind show zz",
        "quotefind show --index {none} 3c",
    ],
)
def test_the_quick_path_answers_as_the_cli(words: str, speakers: list[str], index_dir: Path) -> None:
    from quotefind.__main__ import quick_completion

    first = _ids_of(speakers)[0]
    words = words.format(index=index_dir, none=index_dir.parent / "none", id=first, id3=first[:3])
    cword = str(len(words.split(" ")) - 1)
    env = {"_QUOTEFIND_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    quick = quick_completion({**env, "QUOTEFIND_INDEX": str(index_dir)})
    assert quick is not None, words  # answered without the CLI
    assert [line for line in quick.splitlines() if line.strip()] == complete(words)


@pytest.mark.parametrize(
    "words",
    [
        "quotefind search --speaker",  # the option's name is being completed
        "quotefind search --source --speaker ",  # --speaker may be --source's value
        "quotefind search --speaker sko --index ",
        "quotefind speakers --speaker ",
        "quotefind show abc ",  # the id is given: nothing of ours to complete
        "quotefind search -- --speaker ",
        "quotefind --version ",
        "quotefind ",
    ],
)
def test_the_quick_path_leaves_other_lines_to_the_cli(words: str) -> None:
    from quotefind.__main__ import quick_completion

    cword = str(len(words.split(" ")) - 1)
    env = {"_QUOTEFIND_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    assert quick_completion(env) is None
    assert quick_completion({**env, "_QUOTEFIND_COMPLETE": "complete_zsh"}) is None


def test_a_completion_process_imports_neither_typer_nor_the_cli(speakers: list[str], index_dir: Path) -> None:
    """The console script's entry point answers a `--speaker` completion from the names file
    without importing Typer, rich or quotefind.cli (bench/bench_completion.py times it)."""
    script = (
        "import sys; sys.argv = ['quotefind']\n"
        "from quotefind.__main__ import main\n"
        "main()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'whoosh')\n"
        "         or m == 'quotefind.cli']\n"
        "print('loaded:', *sorted(heavy))"
    )
    runs = _complete_speaker_twice(script)
    assert runs[1].stdout.splitlines() == ["skogen", "loaded:"]


def test_an_unwritable_index_completes_ids_by_prefix_without_listing_all(
    speakers: list[str], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no ids file can be kept, each completion reads only the ids with the prefix (listing
    all the ids of a big index costs more than the completion's whole budget)."""
    from quotefind import complete as completion

    def unlisted(*args: object, **kwargs: object) -> None:
        raise AssertionError("all the ids were listed")

    monkeypatch.setattr(completion.os, "access", lambda path, mode: False)
    monkeypatch.setattr(completion, "_read_index", unlisted)
    ids = _ids_of(speakers)
    assert complete(f"quotefind show {ids[0][:2]}") == [i for i in ids if i.startswith(ids[0][:2])]
    assert complete("quotefind cite ") == ids
    assert not (index_dir / completion.IDS_FILE).exists()


def _complete_speaker_twice(script: str) -> list[subprocess.CompletedProcess[str]]:
    """Run `script` twice as its own process, as the shell hook does for `search --speaker sko`."""
    words = "quotefind search --speaker sko"
    env = {**os.environ, "_QUOTEFIND_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3"}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True) for _ in "12"
    ]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    return runs
