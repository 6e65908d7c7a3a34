"""Issue 14, trust: an index folder never runs code, whatever its pickles name (see README, Trust)."""

from __future__ import annotations

import ast
import importlib
import os
import pickle
import shutil
import sys
import warnings
from pathlib import Path

import pytest
import whoosh

from quotefind.store.whoosh import patches
from quotefind.store.whoosh.unpickle import ALLOWED, ForbiddenPickleError, safe_loads

from .clirun import run
from .conftest import SEEDS

#: Whoosh modules that unpickle, but that opening, reading or writing a quotefind index never
#: reaches, with the reason. Every other module that unpickles is in `patches.UNPICKLING_MODULES`.
UNREACHED = {
    "whoosh.codec.whoosh2": "the Whoosh 2 codec: its segment classes are not in ALLOWED",
    "whoosh.codec.plaintext": "the plain-text codec: its segment classes are not in ALLOWED",
    "whoosh.filedb.fileindex": "the Whoosh 1 index, never opened",
    "whoosh.filedb.filereading": "the Whoosh 1 reader, never opened",
    "whoosh.filedb.misc": "helpers of the Whoosh 1 index",
    "whoosh.legacy": "older tables of contents: `restrict_unpickling` empties `toc_loaders`",
    "whoosh.util.loading": "the unpickler of older tables of contents (whoosh.legacy)",
    "whoosh.multiproc": "Whoosh's multi-process writer, never used (quotefind's workers prepare documents)",
    "whoosh.automata.fst": "finite-state graphs of the Whoosh 2 spelling files, never written nor read",
}


class Payload:
    """Unpickles to a call that creates a file: the proof that a pickle ran code."""

    def __init__(self, proof: Path, how: str = "system") -> None:
        self.proof = proof
        self.how = how

    def __reduce__(self) -> tuple:
        if self.how == "system":
            return (os.system, (f"touch {self.proof}",))
        return (exec, (f"open({str(self.proof)!r}, 'w').write('ran')",))


def crafted_folder(folder: Path, marker: Path, payload: Payload, *, in_schema: bool = False) -> Path:
    """An `index/` folder as an archive could ship it: a copied marker and a table of contents whose
    segments (or schema) unpickle to the payload."""
    from whoosh import index as windex
    from whoosh.fields import ID, Schema
    from whoosh.filedb.filestore import FileStorage

    folder.mkdir(parents=True)
    shutil.copy(marker, folder / "quotefind.json")

    class Evil(Schema):  # pickled by reference to a class, like any crafted schema
        def __reduce__(self) -> tuple:
            return payload.__reduce__()

    schema = Evil() if in_schema else Schema(id=ID(stored=True))
    if in_schema:
        schema.add("id", ID(stored=True))
    segments = [] if in_schema else [payload]
    windex.TOC(schema, segments, 1).write(FileStorage(str(folder)), "MAIN")
    return folder


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """The marker of a real quotefind index (43 bytes), as an attacker would copy it."""
    result = run("index", str(SEEDS), "--index", str(tmp_path / "real"))
    assert result.exit_code == 0, result.stderr
    return tmp_path / "real" / "quotefind.json"


@pytest.mark.parametrize("how", ["system", "exec"])
@pytest.mark.parametrize(
    "command",
    [
        ("speakers",),
        ("search", "talks"),
        ("search",),
        ("verify", "talks"),
        ("index", str(SEEDS)),
        ("export",),
    ],
    ids=lambda c: " ".join(c)[:12] if isinstance(c, tuple) else c,
)
def test_a_crafted_index_folder_never_runs_its_payload(
    tmp_path: Path, index_dir: Path, marker: Path, command: tuple[str, ...], how: str
) -> None:
    proof = tmp_path / "payload-ran"
    crafted_folder(index_dir, marker, Payload(proof, how))
    result = run(*command)
    assert not proof.exists(), "the index folder ran code"
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert err.count("\n") == 0 and "internal error" not in err, err
    assert "holds a pickle that calls" in err and "not made by quotefind" in err, err
    assert "--rebuild" in err
    assert result.stdout == ""


def test_a_payload_in_the_schema_is_never_unpickled(tmp_path: Path, index_dir: Path, marker: Path) -> None:
    proof = tmp_path / "payload-ran"
    crafted_folder(index_dir, marker, Payload(proof), in_schema=True)
    result = run("speakers")
    assert not proof.exists()
    assert result.exit_code == 1, result.output  # an index without segments: no speakers


def test_rebuild_replaces_a_crafted_folder_without_reading_it(
    tmp_path: Path, index_dir: Path, marker: Path
) -> None:
    proof = tmp_path / "payload-ran"
    crafted_folder(index_dir, marker, Payload(proof))
    result = run("index", "--rebuild", str(SEEDS))
    assert result.exit_code == 0, result.stderr
    assert not proof.exists()
    assert run("speakers").exit_code == 0


def test_pickled_stored_fields_are_not_read(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment whose stored fields are pickles (as Whoosh writes them) is damage, never code."""
    from whoosh import columns
    from whoosh.codec import whoosh3

    from quotefind.store.whoosh.location import open_index

    assert run("index", str(SEEDS)).exit_code == 0
    proof = tmp_path / "payload-ran"
    ix = open_index(index_dir)
    with monkeypatch.context() as m:
        m.setattr(whoosh3, "STORED_COLUMN", columns.PickleColumn(columns.CompressedBytesColumn()))
        writer = ix.writer()
        writer.add_document(id="evil", doctype="statement", data=Payload(proof))
        writer.commit(merge=False)
    for command in (("speakers",), ("search",), ("export",)):
        result = run(*command)
        assert not proof.exists()
        assert result.exit_code == 2, result.output
        assert "is damaged" in result.stderr and "--rebuild" in result.stderr, result.stderr
        assert "internal error" not in result.stderr


def test_stored_fields_are_json(index_dir: Path) -> None:
    import json

    from whoosh.codec import whoosh3

    from quotefind.store.whoosh.location import open_index

    assert run("index", str(SEEDS)).exit_code == 0
    with open_index(index_dir).reader() as reader:
        for segreader, _ in reader.leaf_readers():
            column = segreader._perdoc._cached_reader("_stored", whoosh3.STORED_COLUMN)._child
            for docnum in range(segreader.doc_count_all()):
                assert isinstance(json.loads(column[docnum]), dict)


def test_the_restricted_unpickler_refuses_every_other_global(tmp_path: Path) -> None:
    proof = tmp_path / "ran"
    for how in ("system", "exec"):
        with pytest.raises(ForbiddenPickleError):
            safe_loads(pickle.dumps(Payload(proof, how)))
    # A module that is not imported yet is not imported (importing runs its code).
    with pytest.raises(ForbiddenPickleError):
        safe_loads(b"\x80\x02cquotefind_never_such_module\nf\n.")
    assert "quotefind_never_such_module" not in sys.modules
    assert not proof.exists()
    assert safe_loads(pickle.dumps({"a": (1, 2.5, b"x", {3}, frozenset({4}))}, 2)) == {
        "a": (1, 2.5, b"x", {3}, frozenset({4}))
    }


def test_an_index_of_ours_unpickles_only_allowed_globals(tmp_path: Path, index_dir: Path) -> None:
    """Index, update, merge, rebuild, import, search: every global unpickled is in ALLOWED (the
    restricted unpickler would refuse any other, so a missing entry fails these commands)."""
    names: set[tuple[str, str]] = set()
    recording = [True]

    def hook(event: str, args: tuple) -> None:
        if event == "pickle.find_class" and recording[0]:
            names.add(args)

    sys.addaudithook(hook)
    try:
        for _ in range(2):
            assert run("index", str(SEEDS), "--commit-every", "1").exit_code == 0
        for n in range(7):
            path = tmp_path / f"a{n}.txt"
            path.write_text(f'"We will win number {n}," said Jane Doe.\n', encoding="utf-8")
            assert run("index", str(path)).exit_code == 0
        assert run("index", "--rebuild", str(SEEDS), str(tmp_path / "a1.txt")).exit_code == 0
        exported = run("export").stdout
        assert run("import", "-", input=exported).exit_code == 0
        assert run("search", "government").exit_code == 0
        assert run("search", "win", "--speaker", "doe").exit_code == 0
        assert run("search", "govrnment").exit_code == 0
        assert run("speakers").exit_code == 0
    finally:
        recording[0] = False
    assert names, "nothing was unpickled: the recording does not work"
    assert names <= ALLOWED


def _binds_unpickling(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name in ("pickle", "cPickle") for a in node.names):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module in ("pickle", "cPickle", "whoosh.compat")
            and any(a.name in ("load", "loads", "pickle", "Unpickler") for a in node.names)
        ):
            return True
    return False


def test_every_whoosh_module_that_unpickles_is_restricted_or_never_reached() -> None:
    root = Path(whoosh.__file__).parent
    unpicklers = set()
    for path in root.rglob("*.py"):
        name = ".".join(("whoosh", *path.relative_to(root).with_suffix("").parts))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Whoosh 2.7's invalid escape sequences
            tree = ast.parse(path.read_text(encoding="utf-8"))
        if _binds_unpickling(tree):
            unpicklers.add(name)
    unpicklers.discard("whoosh.compat")  # defines the names (restricted all the same)
    assert unpicklers, "found no module that unpickles: the scan does not work"
    assert unpicklers <= set(patches.UNPICKLING_MODULES) | set(UNREACHED), unpicklers - set(UNREACHED)


def test_restricting_replaces_every_unpickling_name() -> None:
    from quotefind.store.whoosh.unpickle import safe_load

    patches.restrict_unpickling()
    for module_name, names in patches.UNPICKLING_MODULES.items():
        module = importlib.import_module(module_name)
        for name in names:
            value = getattr(module, name)
            if name == "pickle":
                assert value is not pickle and value.loads is safe_loads and value.load is safe_load
            else:
                assert value in (safe_load, safe_loads), f"{module_name}.{name}"
    assert importlib.import_module("whoosh.index").toc_loaders == {}
    # Nothing else loaded from Whoosh still holds the unrestricted functions.
    for name, module in list(sys.modules.items()):
        if name.startswith("whoosh") and name not in UNREACHED:
            for attr in ("load", "loads", "load_pickle", "depickle"):
                assert getattr(module, attr, None) not in (pickle.load, pickle.loads), f"{name}.{attr}"
            assert getattr(module, "pickle", None) is not pickle, name
