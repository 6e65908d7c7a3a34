"""Each change to Whoosh's behaviour was checked against the Whoosh code it changes: fail when it moves."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import whoosh

from quotefind.store.whoosh import patches
from quotefind.store.whoosh.patches import PATCHES, Patch, source_hash, whoosh_source

SRC = Path(__file__).resolve().parents[1] / "src" / "quotefind"


@pytest.mark.parametrize("patch", PATCHES, ids=[p.name for p in PATCHES])
def test_patched_whoosh_code_is_what_the_patch_was_checked_on(patch: Patch) -> None:
    version = whoosh.versionstring()
    assert version in patch.checked, (
        f"{patch.name} was checked on Whoosh {', '.join(patch.checked)}, this is {version}: check "
        f"{patch.patched_by} against the new Whoosh code, then record its hashes in PATCHES"
    )
    moved = {
        target: source_hash(target)
        for target, expected in patch.checked[version].items()
        if source_hash(target) != expected
    }
    assert not moved, f"Whoosh code changed under {patch.name} ({patch.patched_by}): {moved}"


def test_each_patch_says_what_why_and_where() -> None:
    names = [p.name for p in PATCHES]
    assert len(names) == len(set(names))
    for p in PATCHES:
        assert p.what_whoosh_does and p.why and p.patched_by and p.checked
        assert all(targets for targets in p.checked.values())


@pytest.mark.parametrize(
    ("apply", "owner", "attribute"),
    [
        (patches.read_segments_in_place, "whoosh.filedb.structfile:BufferFile", "__init__"),
        (patches.skip_by_bisection, "whoosh.codec.whoosh3:W3LeafMatcher", "skip_to"),
        (patches.cache_missing_columns, "whoosh.codec.whoosh3:W3PerDocReader", "_cached_reader"),
    ],
)
def test_a_patch_replaces_whoosh_code_and_the_check_reads_the_original(
    apply: object, owner: str, attribute: str
) -> None:
    import importlib

    module, _, cls = owner.partition(":")
    klass = getattr(importlib.import_module(module), cls)
    apply()  # type: ignore[operator]
    assert getattr(klass, attribute).__module__ == patches.__name__
    # The hash is of Whoosh's own code, not of the replacement now in place.
    original = whoosh_source(f"{owner}.{attribute}")
    assert original.startswith(f"def {attribute}(")
    assert original != inspect.getsource(getattr(klass, attribute))
    assert any(f"{owner}.{attribute}" in p.checked["2.7.5"] for p in PATCHES if p.name == apply.__name__)  # type: ignore[attr-defined]


def test_restricting_and_json_replace_whoosh_s_unpickling() -> None:
    import pickle

    from whoosh import columns
    from whoosh.codec import whoosh3

    from quotefind.store.whoosh.unpickle import safe_load, safe_loads

    patches.restrict_unpickling()
    patches.json_stored_fields()
    assert whoosh3.loads is safe_loads and columns.loads is safe_loads
    import whoosh.filedb.structfile as structfile
    import whoosh.index as windex

    assert structfile.load_pickle is safe_load and windex.pickle.loads is safe_loads
    assert not windex.toc_loaders
    assert not isinstance(whoosh3.STORED_COLUMN, columns.PickleColumn)
    assert type(whoosh3.STORED_COLUMN).__module__ == patches.__name__
    # The hashes are of Whoosh's own code, whatever is in place now.
    assert "loads(" in whoosh_source("whoosh.codec.whoosh3:W3LeafMatcher._read_data")
    assert "PickleColumn" in whoosh_source("whoosh.codec.whoosh3:STORED_COLUMN")
    assert pickle.loads is not safe_loads  # the standard library's pickle is left as it is
    names = {p.name for p in PATCHES}
    assert {"restrict_unpickling", "json_stored_fields"} <= names


def test_the_check_fails_when_whoosh_code_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    target = "whoosh.codec.whoosh3:W3LeafMatcher.skip_to"
    before = source_hash(target)
    real = inspect.getsource

    def edited(obj: object) -> str:
        text = real(obj)  # type: ignore[arg-type]
        return text.replace("def skip_to(self, targetid):", "def skip_to(self, targetid):\n        pass", 1)

    monkeypatch.setattr(inspect, "getsource", edited)
    assert source_hash(target) != before


def test_only_the_patches_module_assigns_to_whoosh_objects() -> None:
    """No module but `patches` sets an attribute on a class or module it imported from Whoosh."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "patches.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        from_whoosh = {
            alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom | ast.Import)
            for alias in node.names
            if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"))
            or (isinstance(node, ast.Import) and alias.name.startswith("whoosh"))
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if (
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id in from_whoosh
                    ):
                        offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not offenders
