"""SIGKILL at random moments never leaves an index that fails to open, and re-running converges."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotefind.cli import app

from .test_index import article_text, make_corpus

runner = CliRunner()

#: Kills per run of the test, with a fixed seed so a failure can be replayed.
KILLS = 20
SEED = 20261122


def start_index(*args: str) -> subprocess.Popen[bytes]:
    # A session of its own: after the kill the test can see whether workers outlived the parent.
    return subprocess.Popen(
        [sys.executable, "-m", "quotefind", "index", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def group_gone(pgid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def search_ids(location: Path) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["search", "--index", str(location), "--limit", "100000", "-f", "jsonl"])
    ids = sorted(json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip())
    return result.exit_code, ids, result.stderr


@pytest.mark.slow
def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    corpus = make_corpus(tmp_path / "corpus", 240)
    location = tmp_path / "index"
    survived = 0
    started = time.monotonic()
    for i in range(KILLS):
        # Change some files between runs, so kills also land in replacing writes.
        for n in rng.sample(range(240), 5):
            path = corpus / f"part{n % 2}" / f"article_{n:04d}.txt"
            path.write_text(article_text(n, version=i + 1), encoding="utf-8")
        args = [str(corpus), "--index", str(location), "--commit-every", str(rng.choice([7, 40, 500]))]
        args += rng.choice([[], ["--jobs", "1"], ["--rebuild"], ["--prune"]])
        proc = start_index(*args)
        time.sleep(rng.uniform(0.05, 1.4))
        proc.send_signal(signal.SIGKILL)  # the main process only: its workers must follow it
        _, err = proc.communicate()
        assert b"Traceback" not in err, err.decode()
        if not group_gone(proc.pid, within=5.0):
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"worker processes outlived the killed run {i}")
        code, _, stderr = search_ids(location)
        if code == 2:
            # Killed before the first index existed: the location must simply be absent.
            assert not location.exists() and "No index at" in stderr, (i, stderr)
        else:
            assert code in (0, 1), (i, stderr)
            survived += 1
    elapsed = time.monotonic() - started
    final = subprocess.run(
        [sys.executable, "-m", "quotefind", "index", str(corpus), "--index", str(location), "--prune"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert final.returncode == 0, final.stderr
    clean = tmp_path / "clean"
    assert runner.invoke(app, ["index", str(corpus), "--index", str(clean)]).exit_code == 0
    assert search_ids(location)[1] == search_ids(clean)[1] != []
    again = runner.invoke(app, ["index", str(corpus), "--index", str(location)])
    assert "no changes: 240 articles unchanged" in again.stderr
    assert not list(tmp_path.glob("index.new-*")) and not list(tmp_path.glob("index.old-*"))
    assert survived >= KILLS // 2
    print(f"{KILLS} kills, {survived} left an index that opened, {elapsed:.1f}s")
