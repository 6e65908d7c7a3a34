"""Group the misses of a PolNeAR run by cause (a development aid; see score_extract.py).

python bench/miss_causes.py ggt-dev|polnear-train|polnear-dev PRED.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from quotefind.extract.lexicon import SPEECH_VERBS
from score_extract import SHARED, gold_sets, load_scorer


def cause_of_miss(gold: dict, text: str, spans: list[tuple[int, int]]) -> str:
    """Name why a gold record was missed: by its cue and whether a prediction overlapped it."""
    cue = (gold.get("cue") or "").lower().split()
    speech = bool(cue) and (
        cue[0] in SPEECH_VERBS or cue[0] == "according" or any(w in SPEECH_VERBS for w in cue)
    )
    at = text.find(gold["text"][:40])
    overlap = at >= 0 and any(s < at + len(gold["text"]) and at < e for s, e in spans)
    if not cue or cue[0] in (":",):
        base = "no cue word (colon, layout)"
    elif speech:
        base = "speech cue"
    else:
        base = "non-speech cue (belief, action, noun)"
    return f"{base}: {'span boundary (overlapping prediction)' if overlap else 'not found'}"


def main(argv: list[str]) -> int:
    """Print the miss, speaker and spurious counts by cause."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", choices=["ggt-dev", "polnear-train", "polnear-dev"])
    parser.add_argument("pred", help="the extractor's JSON lines (score_extract.py --out DIR: DIR/SET.jsonl)")
    args = parser.parse_args(argv)
    name, pred_path = args.corpus, args.pred
    gold_set = gold_sets()[name]
    scorer = load_scorer()
    gold = scorer.load(gold_set.gold)
    pred = scorer.load(pred_path)
    if gold_set.split_parts:
        pred = scorer.split_parts(pred, str(gold_set.texts))
    texts = {f.name: f.read_text(encoding="utf-8") for f in gold_set.texts.glob("*.txt")}
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in pred:
        spans.setdefault(scorer.doc_of(p), []).append((p["start"], p["end"]))
    _, misses, wrong, spurious = scorer.score(gold, pred, any_kind=True)
    causes = Counter(cause_of_miss(g, texts.get(g["doc"], ""), spans.get(g["doc"], [])) for g in misses)
    print(f"{'cause':70} {'count':>6}")
    for cause, n in causes.most_common():
        print(f"MISSED {cause:63} {n:6}")
    pron = sum(1 for g, _ in wrong if not g.get("speaker_match"))
    print(f"{'SPEAKER wrong':70} {len(wrong) - pron:6}")
    extra = Counter(
        ("quote" if p["kind"] == "quote" else "claim") + " / " + (p.get("cue") or "no cue").lower()
        for p in spurious
    )
    print(f"{'EXTRA total':70} {len(spurious):6}")
    for cause, n in extra.most_common(12):
        print(f"EXTRA  {cause:63} {n:6}")
    return 0


if __name__ == "__main__":
    if not (SHARED / "eval" / "score.py").is_file():
        print(f"No shared material at {SHARED}.", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
