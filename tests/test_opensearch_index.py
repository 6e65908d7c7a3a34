"""`quotefind index --index opensearch+...` without a server: the official client over a fake cluster
(`opensearch_fake`), the same files indexed into a folder alongside, and their exports compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .clirun import jsonl, run
from .conftest import SEEDS
from .opensearch_fake import FakeCluster
from .opensearch_record import Recorder, check_bulk, recording_store
from .test_ids import WIRE

pytest.importorskip("opensearchpy", reason='needs opensearch-py: pip install "quotefind[opensearch]"')

URL = "opensearch+http://recorded.invalid:9200/quotes"


class Cluster:
    """The fake cluster, what the client sent it, and a folder index of the same files."""

    def __init__(self, fake: FakeCluster, recorder: Recorder, folder: Path) -> None:
        self.fake = fake
        self.recorder = recorder
        self.folder = folder

    def index(self, *args: str) -> tuple[Any, Any]:
        """`quotefind index ARGS` into the cluster and into the folder: (cluster's, folder's) results."""
        self.recorder.requests.clear()
        remote = run("index", *args, "--index", URL, "--jobs", "1")
        local = run("index", *args, "--index", str(self.folder), "--jobs", "1")
        for body in self.recorder.bulk_bodies():
            check_bulk(body)  # what the server accepts, routing on every action
        return remote, local

    def exports(self) -> tuple[list[dict], list[dict]]:
        remote, local = run("export", "--index", URL), run("export", "--index", str(self.folder))
        assert remote.exit_code == 0 and local.exit_code == 0, (remote.stderr, local.stderr)
        return sorted(jsonl(remote.stdout), key=_id), sorted(jsonl(local.stdout), key=_id)

    def writes(self) -> list[str]:
        """The requests that change something (bulk loads, deletions, index creation)."""
        return [
            f"{r.method} {r.url}"
            for r in self.recorder.requests
            if r.url.endswith(("/_bulk", "/_delete_by_query")) or r.method in ("PUT", "DELETE")
        ]

    def records(self) -> dict[str, dict[str, Any]]:
        return {d["key"]: d for d in self.fake.docs("quotes-articles").values()}


def _id(record: dict) -> str:
    return record["id"]


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cluster:
    from quotefind.store.opensearch import OpenSearchStore

    fake = FakeCluster()
    store, recorder = recording_store(fake.answer)
    monkeypatch.setattr(OpenSearchStore, "from_url", classmethod(lambda cls, url, **kw: store))
    return Cluster(fake, recorder, tmp_path / "folder")


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    (folder / "wire-a.txt").write_text(WIRE, encoding="utf-8")
    (folder / "wire-b.txt").write_text(WIRE, encoding="utf-8")
    (folder / "other.txt").write_text(
        '"Rates will stay where they are," said Ann Lee, the governor.\n', encoding="utf-8"
    )
    return folder


def test_index_into_a_cluster_holds_what_a_folder_holds(cluster: Cluster, news: Path) -> None:
    remote, local = cluster.index(str(news))
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]  # the same summary line
    assert remote.stderr.strip().endswith("-> http://recorded.invalid:9200/quotes")
    got, expected = cluster.exports()
    assert got and got == expected
    # A wire copy in two files: one set of statements listing both copies, as in a folder.
    wire = [r for r in got if "back down" in r["text"]]
    assert len(wire) == 1 and [s["path"] for s in wire[0]["sources"]] == [
        str(news / "wire-a.txt"),
        str(news / "wire-b.txt"),
    ]
    # One record per file, with what the next run compares.
    records = cluster.records()
    assert set(records) == {str(p) for p in news.iterdir()}
    assert all(r["content_hash"] and r["size"] > 0 and r["extractor"] for r in records.values())


def test_a_run_with_nothing_changed_writes_nothing(cluster: Cluster, news: Path) -> None:
    cluster.index(str(news))
    again, local = cluster.index(str(news))
    assert again.exit_code == 0, again.stderr
    assert "5 articles unchanged" in again.stderr
    assert again.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    assert cluster.writes() == []


def test_a_changed_file_has_its_statements_replaced(cluster: Cluster, news: Path) -> None:
    cluster.index(str(news))
    before, _ = cluster.exports()
    (news / "other.txt").write_text(
        '"Rates will rise next year," said Ann Lee, the governor.\n', encoding="utf-8"
    )
    remote, local = cluster.index(str(news))
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    assert "1 statement removed" in remote.stderr
    got, expected = cluster.exports()
    assert got == expected
    assert [r["text"] for r in got if r["speaker"]["name"] == "Ann Lee"] == ["Rates will rise next year,"]
    assert len(got) == len(before)


def test_prune_removes_what_is_gone_and_keeps_a_copy_with_its_other_source(
    cluster: Cluster, news: Path
) -> None:
    cluster.index(str(news))
    (news / "other.txt").unlink()
    (news / "wire-a.txt").unlink()
    remote, local = cluster.index(str(news), "--prune")
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    got, expected = cluster.exports()
    assert got == expected
    assert not [r for r in got if r["speaker"]["name"] == "Ann Lee"]
    wire = [r for r in got if "back down" in r["text"]]
    assert [s["path"] for s in wire[0]["sources"]] == [str(news / "wire-b.txt")]
    assert set(cluster.records()) == {str(p) for p in news.iterdir()}


def test_rebuild_drops_and_loads_again(cluster: Cluster, news: Path) -> None:
    cluster.index(str(news))
    first, _ = cluster.exports()
    remote, _ = cluster.index(str(news), "--rebuild")
    assert remote.exit_code == 0, remote.stderr
    writes = cluster.writes()
    assert writes[:2] == ["DELETE /quotes", "DELETE /quotes-articles"]
    assert "PUT /quotes" in writes and "PUT /quotes-articles" in writes
    got, expected = cluster.exports()
    assert got == expected == first


def test_a_refused_statement_is_reported_and_read_again_next_time(cluster: Cluster, news: Path) -> None:
    cluster.index(str(SEEDS))  # (the folder: to learn a statement's id)
    victim = next(r for r in cluster.exports()[0])
    cluster.fake.indexes.clear()
    cluster.fake.refuse.add(victim["id"])
    remote = run("index", str(news), "--index", URL, "--jobs", "1")
    assert remote.exit_code == 2
    assert f"statement {victim['id']} was not indexed" in remote.stderr
    assert "1 documents were not written" in remote.stderr and "Traceback" not in remote.stderr
    # Its article got no record: the next run reads it again and loads it.
    assert victim["source"]["path"] not in {r["path"] for r in cluster.records().values()}
    cluster.fake.refuse.clear()
    again = run("index", str(news), "--index", URL, "--jobs", "1")
    assert again.exit_code == 0, again.stderr
    assert victim["id"] in cluster.fake.docs("quotes")


def test_check_on_a_cluster_says_what_it_checks() -> None:
    result = run("check", "--index", URL)
    assert result.exit_code == 2
    assert "segment files of an index folder" in result.stderr and "_cluster/health" in result.stderr


def test_the_records_index_has_its_mapping(cluster: Cluster, news: Path) -> None:
    from quotefind.store.opensearch_docs import RECORDS_MAPPING

    cluster.index(str(news))
    created = {r.url: json.loads(r.body or "{}") for r in cluster.recorder.requests if r.method == "PUT"}
    assert created["/quotes-articles"] == RECORDS_MAPPING


def test_the_same_key_in_two_files_keeps_the_last_copy_as_a_folder_does(
    cluster: Cluster, tmp_path: Path
) -> None:
    from .test_duplicates import MONDAY, TUESDAY, write_lines

    files = [
        write_lines(tmp_path / f"{n}.jsonl", {"id": "story-1", "text": text})
        for n, text in enumerate([MONDAY, TUESDAY, MONDAY.replace("Monday", "Friday")])
    ]
    for commit_every in ("1", "100"):
        remote, local = cluster.index("--rebuild", *map(str, files), "--commit-every", commit_every)
        assert remote.exit_code == 0, remote.stderr
        assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
        got, expected = cluster.exports()
        assert got == expected and [r["text"] for r in got] == ["We will win,"]


def test_a_long_article_written_in_parts_across_commits(
    cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotefind import pipeline, writes

    monkeypatch.setattr(pipeline, "STREAM_MIN_BYTES", 100)  # read an article at a time
    monkeypatch.setattr(pipeline, "BIG_ARTICLE_CHARS", 400)
    monkeypatch.setattr(writes, "PART_STATEMENTS", 2)
    news = tmp_path / "long"
    news.mkdir()
    said = [f'"Point number {i} stands," said Ann Lee, the governor.' for i in range(9)]
    (news / "long.txt").write_text("\n\n".join(said) + "\n", encoding="utf-8")
    (news / "copy.txt").write_text("\n\n".join(said) + "\n", encoding="utf-8")  # a copy, also in parts
    remote, local = cluster.index(str(news), "--commit-every", "2")
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    got, expected = cluster.exports()
    assert len(got) == 9 and got == expected
    assert {len(r["sources"]) for r in got} == {2}
    loads = [r for r in cluster.recorder.to("/_bulk") if '"_index":"quotes"' in (r.body or "")]
    assert len(loads) >= 3  # committed between the parts
    again, _ = cluster.index(str(news))
    assert again.exit_code == 0 and cluster.writes() == []
    # The text changed: the new statements in, the old ones gone, in parts again.
    (news / "long.txt").write_text("\n\n".join(s.replace("stands", "falls") for s in said) + "\n", "utf-8")
    remote, local = cluster.index(str(news), "--commit-every", "2")
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    got, expected = cluster.exports()
    assert got == expected and len(got) == 18


def test_worker_processes_send_statements_for_a_cluster(cluster: Cluster, tmp_path: Path) -> None:
    news = tmp_path / "many"
    news.mkdir()
    for i in range(50):  # over PARALLEL_MIN_FILES: extracted in worker processes
        (news / f"{i:02}.txt").write_text(f'"Point {i} stands," said Ann Lee, the governor.\n', "utf-8")
    remote = run("index", str(news), "--index", URL, "--jobs", "2")
    local = run("index", str(news), "--index", str(cluster.folder), "--jobs", "2")
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    got, expected = cluster.exports()
    assert len(got) == 50 and got == expected


def test_indexing_files_whose_statements_were_imported_replaces_them(cluster: Cluster, news: Path) -> None:
    """An index loaded by `import` has no article records: `index` reads every file and replaces
    what each article held, as it does in a folder loaded the same way."""
    seeded = cluster.folder.parent / "seeded"
    assert run("index", str(news), "--index", str(seeded), "--jobs", "1").exit_code == 0
    exported = run("export", "--index", str(seeded)).stdout
    assert run("import", "-", "--index", URL, input=exported).exit_code == 0
    assert run("import", "-", "--index", str(cluster.folder), input=exported).exit_code == 0
    remote, local = cluster.index(str(news))
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" -> ")[0] == local.stderr.split(" -> ")[0]
    got, expected = cluster.exports()
    assert got == expected
