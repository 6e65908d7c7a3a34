"""Score the extractor against the shared gold: seeds, PolNeAR train or PolNeAR dev.

    python bench/score_extract.py seeds|polnear-train|polnear-dev [--out PRED.jsonl] [--show-misses]

Reads `../shared` next to the repository (corpora, gold and the scorer); exits 2 without it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from quotefind.extract import extract
from quotefind.model import Article, Source

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def load_scorer(shared: Path = SHARED) -> ModuleType:
    """Import the shared score.py (the one scorer everybody uses)."""
    spec = importlib.util.spec_from_file_location("quotefind_shared_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus(name: str, shared: Path = SHARED) -> tuple[list[Path], Path, bool]:
    """Return the article files, the gold file and whether kinds are matched loosely, for a corpus name."""
    if name == "seeds":
        return sorted((REPO / "seeds").glob("*.txt")), shared / "gold" / "seeds.jsonl", False
    split = name.removeprefix("polnear-")
    files = sorted((shared / "corpora" / "polnear" / split).glob("*.txt"))
    return files, shared / "gold" / f"polnear-{split}.jsonl", True


def read_article(path: Path, key: str) -> Article:
    """Read one article file (the first line is its title)."""
    text = path.read_text(encoding="utf-8")
    title = text.split("\n", 1)[0].strip() or None
    return Article(text=text, source=Source(path=key, title=title), key=key)


def predict(files: list[Path], base: Path) -> list[dict]:
    """Extract every file and return the statements' wire form."""
    out = []
    for path in files:
        key = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        out.extend(s.to_dict() for s in extract(read_article(path, key)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the extractor over a corpus, write its predictions and print the scorer's table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", choices=["seeds", "polnear-train", "polnear-dev"])
    ap.add_argument("--out", type=Path, help="where to write the predictions (default: a temp file)")
    ap.add_argument(
        "--show-misses", action="store_true", help="list missed, misattributed and spurious items"
    )
    a = ap.parse_args(argv)
    if not (SHARED / "eval" / "score.py").is_file():
        print(
            f"No shared material at {SHARED}: put the shared folder next to the repository.", file=sys.stderr
        )
        return 2
    files, gold, any_kind = corpus(a.corpus)
    preds = predict(files, REPO if a.corpus == "seeds" else files[0].parent if files else REPO)
    out = a.out
    if out is None:
        out = Path(tempfile.mkstemp(prefix="quotefind-pred-", suffix=".jsonl")[1])
    with out.open("w", encoding="utf-8") as f:
        for rec in preds:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    args = ["--gold", str(gold), "--pred", str(out)]
    if any_kind:
        args.append("--any-kind")
    if a.show_misses:
        args.append("--show-misses")
    print(f"# {a.corpus}: {len(files)} articles, {len(preds)} statements -> {out}")
    return load_scorer().main(args)


if __name__ == "__main__":
    sys.exit(main())
