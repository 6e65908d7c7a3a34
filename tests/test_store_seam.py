"""The seam: only the Whoosh store imports Whoosh; the commands reach statements through the protocol."""

from __future__ import annotations

import ast
from pathlib import Path

from quotefind.store import OPENSEARCH_SCHEMES, Store, as_store, is_remote, open_store
from quotefind.store.whoosh.store import WhooshStore

SRC = Path(__file__).resolve().parents[1] / "src" / "quotefind"

#: Modules outside `store/whoosh/` that may import the `whoosh` package, and why.
ALLOWED = {
    # The Porter stemmer is text analysis, shared by writer and query side (a pure function).
    "analysis.py": "whoosh.lang.porter",
}

#: Modules that must reach statements only through the store protocol, never an engine's modules.
ABOVE_THE_SEAM = ("search", "cite.py", "render.py", "exchange.py")


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_only_the_whoosh_store_imports_whoosh() -> None:
    offenders = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/whoosh/"):
            continue
        whoosh = {m for m in _imported(path) if m == "whoosh" or m.startswith("whoosh.")}
        whoosh -= {ALLOWED.get(rel)}
        if whoosh:
            offenders[rel] = sorted(whoosh)
    assert offenders == {}


def test_the_commands_above_the_seam_import_no_engine() -> None:
    offenders = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith(ABOVE_THE_SEAM):
            continue
        engines = {
            m
            for m in _imported(path)
            if m.startswith(("quotefind.store.whoosh", "quotefind.store.opensearch"))
        }
        if engines:
            offenders[rel] = sorted(engines)
    assert offenders == {}


def test_the_checks_see_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from whoosh.query import Term\n    import quotefind.store.whoosh.read\n")
    assert {"whoosh.query", "quotefind.store.whoosh.read"} <= _imported(sample)


def test_a_folder_is_a_whoosh_store(tmp_path: Path, monkeypatch) -> None:
    store = open_store(str(tmp_path / "ix"))
    assert isinstance(store, WhooshStore) and store.location == tmp_path / "ix"
    assert isinstance(store, Store)
    monkeypatch.setenv("QUOTEFIND_INDEX", str(tmp_path / "env"))
    assert open_store(None).location == tmp_path / "env"  # type: ignore[union-attr]
    assert as_store(tmp_path) == WhooshStore(tmp_path)


def test_an_opensearch_url_is_remote() -> None:
    assert all(is_remote(s + "host:9200/quotes") for s in OPENSEARCH_SCHEMES)
    assert is_remote("OpenSearch+HTTPS://host/quotes")
    assert not is_remote("opensearch/quotes") and not is_remote(None)
    assert not is_remote(Path("opensearch+https:/host/quotes"))
