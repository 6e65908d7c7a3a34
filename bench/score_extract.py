"""Score the extractor against the shared gold sets, each the way its annotation asks, in one table.

    python bench/score_extract.py [all|seeds|ggt-dev|polnear-dev|polnear-train ...] [--show-misses]
    python bench/score_extract.py --without-stance   # as if no stance claim were made (the conflict)

seeds and ggt-dev annotate each piece of an interrupted quote on their own (`--split-parts`);
PolNeAR joins the pieces and counts beliefs too. ggt-dev and PolNeAR are scored with `--any-kind`
(their quote/claim split is only approximate), the seeds by kind. Reads `../shared` next to the
repository (corpora, gold and the scorer); exits 2 without it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from quotefind.extract import extract
from quotefind.model import Article, Source

WIDTHS = (5, 5, 5, 6, 6, 6, 7)
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class GoldSet:
    """One gold set: its articles, its gold file and the scorer's options for it."""

    name: str
    texts: Path
    gold: Path
    any_kind: bool
    split_parts: bool
    titled: bool  # the first line of each article is its headline

    def options(self) -> list[str]:
        """Return the scorer's flags for this set."""
        flags = ["--any-kind"] if self.any_kind else []
        if self.split_parts:
            flags += ["--split-parts", "--texts", str(self.texts)]
        return flags


def gold_sets(shared: Path = SHARED) -> dict[str, GoldSet]:
    """Return the gold sets by name."""
    corpora, gold = shared / "corpora", shared / "gold"
    return {
        "seeds": GoldSet("seeds", REPO / "seeds", gold / "seeds.jsonl", False, True, True),
        "ggt-dev": GoldSet("ggt-dev", corpora / "ggt-dev", gold / "ggt-dev.jsonl", True, True, False),
        "polnear-dev": GoldSet(
            "polnear-dev", corpora / "polnear" / "dev", gold / "polnear-dev.jsonl", True, False, True
        ),
        "polnear-train": GoldSet(
            "polnear-train", corpora / "polnear" / "train", gold / "polnear-train.jsonl", True, False, True
        ),
    }


def load_scorer(shared: Path = SHARED) -> ModuleType:
    """Import the shared score.py (the one scorer everybody uses)."""
    spec = importlib.util.spec_from_file_location("quotefind_shared_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_article(path: Path, key: str, *, titled: bool = True) -> Article:
    """Read one article file (where `titled`, its first line is its headline)."""
    text = path.read_text(encoding="utf-8")
    title = text.split("\n", 1)[0].strip() or None if titled else None
    return Article(text=text, source=Source(path=key, title=title), key=key)


def predict(gold_set: GoldSet) -> list[dict]:
    """Extract every article of a gold set and return the statements' wire form."""
    out = []
    for path in sorted(gold_set.texts.glob("*.txt")):
        article = read_article(path, path.name, titled=gold_set.titled)
        out.extend(s.to_dict() for s in extract(article))
    return out


def score(gold_set: GoldSet, out: Path, *, show_misses: bool = False) -> tuple[dict, str]:
    """Extract and score one gold set; return the scorer's figures and its listing of misses."""
    preds = predict(gold_set)
    with out.open("w", encoding="utf-8") as f:
        for rec in preds:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    args = ["--gold", str(gold_set.gold), "--pred", str(out), "--json", *gold_set.options()]
    if show_misses:
        args.append("--show-misses")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        load_scorer().main(args)
    first, _, rest = buf.getvalue().partition("\n")
    return json.loads(first), rest


def without_stance() -> None:
    """Make the extractor drop every claim of a stance or action verb (`endorsed`, `called for`).

    ggt-dev counts speech only; PolNeAR counts stances and beliefs too. This shows what serving the
    first alone would give on both (an experiment: the extractor itself never does this).
    """
    import quotefind.extract as extraction

    find_claims = extraction.find_claims

    def speech_only(tokens, text):  # type: ignore[no-untyped-def]
        return [claim for claim in find_claims(tokens, text) if not claim.stance]

    extraction.find_claims = speech_only  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    """Score the named gold sets (all but PolNeAR train by default) and print one table."""
    sets = gold_sets()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choices = ", ".join(sets)
    ap.add_argument("sets", nargs="*", metavar="SET", help=f"all (seeds, ggt-dev, polnear-dev) or {choices}")
    ap.add_argument("--out", type=Path, help="folder for the predictions (default: a temp folder)")
    ap.add_argument("--show-misses", action="store_true", help="list missed, misattributed and spurious")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument(
        "--without-stance",
        action="store_true",
        help="score as if no claim of a stance verb were made (what the gold sets' conflict costs)",
    )
    a = ap.parse_args(argv)
    if a.without_stance:
        without_stance()
    if not (SHARED / "eval" / "score.py").is_file():
        print(f"No shared material at {SHARED}: put it next to the repository.", file=sys.stderr)
        return 2
    unknown = [n for n in a.sets if n != "all" and n not in sets]
    if unknown:
        ap.error(f"unknown gold set {unknown[0]!r}: choose from all, {', '.join(sets)}")
    names = ["seeds", "ggt-dev", "polnear-dev"] if not a.sets or "all" in a.sets else a.sets
    out_dir = a.out or Path(tempfile.mkdtemp(prefix="quotefind-pred-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    if not a.json:
        heads = ("gold", "pred", "found", "P", "R", "F1", "attrF1")
        cells = " ".join(f"{h:>{w}}" for h, w in zip(heads, WIDTHS, strict=True))
        print(f"{'set':14} {'options':28} {cells}")
    for name in names:
        gs = sets[name]
        figures, misses = score(gs, out_dir / f"{name}.jsonl", show_misses=a.show_misses)
        results[name] = figures
        if a.json:
            continue
        v = figures["all"]
        opts = " ".join(o for o in gs.options() if o.startswith("--") and o != "--texts")
        print(
            f"{name:14} {opts:28} {v['gold']:5} {v['predicted']:5} {v['found']:5} {v['precision']:6.3f}"
            f" {v['recall']:6.3f} {v['f1']:6.3f} {v['attribution_f1']:7.3f}"
        )
        if misses.strip():
            print(misses.rstrip())
    if a.json:
        print(json.dumps(results))
    else:
        print(f"# predictions in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
