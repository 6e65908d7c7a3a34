"""Property tests of the CLI's arguments and file names: any bytes, no traceback, exit 0, 1 or 2."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotefind.cli import app

runner = CliRunner()

QUOTE = b'"We will build the bridge before winter," said Jane Smith, the mayor.\n'
OTHER = b'"The bridge will cost more than planned," said Ola Nordmann, the finance director.\n'

#: Bytes as a shell hands them over: any but NUL, decoded the way Python decodes argv.
raw_bytes = st.binary(min_size=1, max_size=24).map(lambda b: b.replace(b"\0", b"_"))
arguments = st.one_of(
    raw_bytes.map(os.fsdecode),
    st.text(max_size=24).map(lambda t: t.replace("\0", "_")),
    st.sampled_from(["\udcff", "caf\udce9", "--", "-", "-x", '"', "*", "a*b?", "[x", "\u202e", "\x1b[31m"]),
)
#: A file name's bytes: no `/`, no NUL; `.` and `..` are no names.
names = raw_bytes.map(lambda b: b.replace(b"/", b"_")).filter(lambda b: b not in (b".", b".."))
suffixes = st.sampled_from([b".txt", b".md", b".html", b".jsonl", b".docx", b""])


def _check(result, *, jsonl: bool = False) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    for line in result.stdout.splitlines():
        line.encode("utf-8")  # printable as UTF-8
        if jsonl and line.strip():
            json.loads(line)


@pytest.mark.slow
def test_any_file_name_is_indexed_or_skipped_and_loses_nothing_else(tmp_path: Path) -> None:
    counter = itertools.count()

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(name=names, suffix=suffixes)
    def check(name: bytes, suffix: bytes) -> None:
        run_dir = tmp_path / f"run{next(counter)}"
        folder = run_dir / "news"
        folder.mkdir(parents=True)
        (folder / "0-plain.txt").write_bytes(OTHER)
        odd = os.path.join(os.fsencode(folder), name + suffix)
        with open(odd, "wb") as handle:
            handle.write(QUOTE)
        index = str(run_dir / "index")
        done = runner.invoke(app, ["index", str(folder), "--index", index])
        _check(done)
        assert " indexed, " in done.stderr or "no changes" in done.stderr, done.stderr
        # The plain file next to it is always there.
        found = runner.invoke(app, ["search", "cost more than planned", "--index", index, "-f", "jsonl"])
        _check(found, jsonl=True)
        assert found.exit_code == 0
        shown = runner.invoke(app, ["extract", os.fsdecode(odd), "-f", "jsonl"])
        _check(shown, jsonl=True)

    check()


@pytest.mark.slow
def test_any_argument_bytes_give_an_answer_never_a_traceback(seeds_index: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    def inside(arg: str) -> str:
        """A path argument that stays in an empty folder (never `/` or the repository)."""
        name = arg.replace("/", "_")
        return str(empty / (name + "_" if name in (".", "..") else name))

    commands = [
        lambda q: ["search", q, "-f", "jsonl"],
        lambda q: ["search", "--", q],
        lambda q: ["search", "--speaker", q, "-f", "jsonl"],
        lambda q: ["search", "talk", "--source", q, "-f", "jsonl"],
        lambda q: ["search", "--since", q],
        lambda q: ["speakers", q, "-f", "jsonl"],
        lambda q: ["verify", q, "-f", "jsonl"],
        lambda q: ["show", q, "-f", "jsonl"],
        lambda q: ["cite", q],
        lambda q: ["search", "x", "--fields", q],
        lambda q: ["extract", inside(q)],
        lambda q: ["index", inside(q), "--index", str(seeds_index)],
    ]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(arg=arguments)
    def check(arg: str) -> None:
        for command in commands:  # every command sees every argument
            args = command(arg)
            _check(runner.invoke(app, args), jsonl="jsonl" in args)

    check()
