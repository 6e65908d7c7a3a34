"""Extraction speed: articles per second over the BBC corpus, one 10 MB adversarial article, and one
10 MB article dense in distinct people (resolution must stay linear as an article names more of them).

Wall and CPU time are both printed: on a shared machine the CPU time is what one core gives.

    python bench/bench_extract.py [BBC_DIR]
    python bench/bench_extract.py --adversarial [N]   # N random 10 MB texts (default 6), the worst
    python bench/bench_extract.py --dump SEED...      # their statements as JSON lines (A/B identity)
    python bench/bench_extract.py --breakdown SEED... # where their time goes, and what skipping could save

The adversarial texts draw their pieces at random with a fixed seed per text (`adversarial_text`):
every quote-mark family, cue verbs and phrases, titles and names, colons, dashes, paragraph breaks
and unclosed quotes, in a mix of its own per seed. Each is extracted in a process of its own, for
its peak memory; the worst CPU time gets a cProfile when it misses the target.

`measure(corpus_dir)` returns the figures as a dict for other bench scripts.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from quotefind.extract import extract
from quotefind.model import Article, Source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BBC = SHARED / "corpora" / "bbc"
ADVERSARIAL_BYTES = 10_000_000


#: What an adversarial text is drawn from, by kind: every quote-mark family (paired and alone),
#: cue verbs and phrases, names and titles, colons, dashes, paragraph breaks and unclosed quotes.
PIECES: dict[str, tuple[str, ...]] = {
    "marks": ('"', "“", "”", "‘", "’", "'", "''", "«", "»", "„", "‚", "‹", "›", "「", "」", "`"),
    "quoted": (
        "“We will build it.”",
        "‘Not now,’",
        "«Jamais»",
        '"Enough is enough."',
        "'It was fine,'",
        "„Das ist gut“",
        "“We said no, ‘never’ and «non».”",
    ),
    "unclosed": ("“We will not", "‘and then", "«pas du tout", '"I think', "„nein", "“"),
    "cues": (
        " said ",
        " says ",
        " told ",
        " added ",
        " warned ",
        " according to ",
        ", he said",
        ", she said.",
        " he said: ",
        " she told reporters: ",
        " said that ",
        " claimed that ",
        ", it said in a statement",
        " In a statement, ",
        " asked ",
    ),
    "names": (
        " Mr. Smith ",
        " Mr Smith ",
        " Ms. Berg ",
        " Dr Jones ",
        " State Secretary Tone Skogen ",
        " Defence Minister Frank Bakke-Jensen ",
        " the minister ",
        " the company ",
        " he ",
        " she ",
        " they ",
        " Reuters ",
        " the UN ",
    ),
    "phrases": (
        " Mr X said that “",
        " Mr Smith said that “",
        " according to Ms Berg, “",
        ", he said: “",
        " — “",
        " said Mr Smith. “",
    ),
    "punctuation": (
        ":",
        ": ",
        " — ",
        " – ",
        " - ",
        ", ",
        ". ",
        "; ",
        "....",
        "!!!!",
        "?",
        "(",
        ")",
        "(Photo: x)",
    ),
    "breaks": ("\n", "\n\n", "\n\n\n", "     ", "\t"),
    "words": (" the ", " word", " plan", " that ", " and ", " it ", " was ", " not ", " on Monday", " 2021"),
}


def adversarial_text(size: int = ADVERSARIAL_BYTES, seed: int = 0) -> str:
    """Return a text of about `size` characters dense in quote marks, cues, names and breaks.

    Each seed draws its own mix: the weight of each kind of piece is drawn first (some texts are
    mostly marks, some mostly cue phrases), then the pieces, all from `random.Random(seed)`.
    """
    rng = random.Random(seed)
    kinds = list(PIECES)
    weights = [rng.random() ** 2 + 0.02 for _ in kinds]
    out: list[str] = []
    total = 0
    while total < size:
        kind = rng.choices(kinds, weights)[0]
        piece = rng.choice(PIECES[kind])
        out.append(piece)
        total += len(piece)
    return "".join(out)


def piece_mix(seed: int) -> dict[str, float]:
    """The share of each kind of piece that `adversarial_text(seed=seed)` draws."""
    rng = random.Random(seed)
    weights = [rng.random() ** 2 + 0.02 for _ in PIECES]
    total = sum(weights)
    return {kind: w / total for kind, w in zip(PIECES, weights, strict=True)}


def names_text(size: int = ADVERSARIAL_BYTES, seed: int = 0) -> str:
    """Return a text of about `size` characters dense in distinct people and their later mentions.

    Every paragraph brings new names, which surnames, role nouns, pronouns and acronyms then refer
    back to: resolution must not slow down as an article's list of people grows.
    """
    rng = random.Random(seed)

    def name() -> str:
        return "".join(
            rng.choice("BCDFGKLMNPRST") + rng.choice("aeiou") + rng.choice("lnrst") for _ in range(2)
        )

    roles = ["Defense Minister", "Foreign Minister", "State Secretary", "Chief Executive", "Senator"]
    acronyms = ["MoD", "UN", "NATO", "MFA"]
    out: list[str] = ["Names\n\n"]
    total = 0
    while total < size:
        first, last, role = name().capitalize(), name().capitalize(), rng.choice(roles)
        piece = (
            f'"The {name()} plan will not work for us," said {role} {first} {last}.\n\n'
            f"{last} added that talks with the {rng.choice(acronyms)} had failed again.\n\n"
            f'"We will try once more," the {role.split()[-1].lower()} said. '
            "She said that it could take years.\n\n"
        )
        out.append(piece)
        total += len(piece)
    return "".join(out)


def measure(corpus_dir: Path = BBC) -> dict[str, float]:
    """Time extraction over every article in `corpus_dir` (read first) and over the generated texts."""
    files = sorted(corpus_dir.glob("*/*.txt")) or sorted(corpus_dir.glob("*.txt"))
    articles = [
        Article(text=f.read_text(encoding="utf-8", errors="replace"), source=Source(path=str(f)), key=str(f))
        for f in files
    ]
    t0, c0 = time.perf_counter(), time.process_time()
    statements = sum(sum(1 for _ in extract(a)) for a in articles)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    text = adversarial_text()
    t1, c1 = time.perf_counter(), time.process_time()
    adversarial_statements = sum(1 for _ in extract(Article(text=text, key="adversarial")))
    adversarial, adversarial_cpu = time.perf_counter() - t1, time.process_time() - c1
    names: dict[str, float] = {}
    for label, size in (("1mb", ADVERSARIAL_BYTES // 10), ("10mb", ADVERSARIAL_BYTES)):
        dense = Article(text=names_text(size), key="names")
        t2 = time.process_time()
        names[f"names_{label}_statements"] = sum(1 for _ in extract(dense))
        names[f"names_{label}_cpu_seconds"] = time.process_time() - t2
    return {
        **names,
        "articles": len(articles),
        "statements": statements,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "articles_per_second": len(articles) / elapsed if elapsed else float("inf"),
        "articles_per_cpu_second": len(articles) / cpu if cpu else float("inf"),
        "adversarial_chars": len(text),
        "adversarial_statements": adversarial_statements,
        "adversarial_seconds": adversarial,
        "adversarial_cpu_seconds": adversarial_cpu,
    }


#: Targets for any 10 MB text (issue 14).
TARGET_CPU_SECONDS = 5.0
TARGET_PEAK_BYTES = 1024**3
#: Seeds of the adversarial texts measured by `--adversarial` (each in a process of its own).
SEEDS = (0, 1, 2, 3, 4, 5)


def measure_one(seed: int) -> dict[str, float]:
    """Extract the adversarial text of one seed in this process; CPU, wall and peak memory."""
    import resource

    text = adversarial_text(seed=seed)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(1 for _ in extract(Article(text=text, key=f"adversarial-{seed}")))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "seed": seed,
        "chars": len(text),
        "statements": found,
        "cpu": cpu,
        "wall": wall,
        "peak": peak,
        "text_peak": base,
    }


def profile_one(seed: int, top: int = 15) -> str:
    """cProfile of extracting one seed's text: the functions with the most own time."""
    import cProfile
    import io
    import pstats

    text = adversarial_text(seed=seed)
    prof = cProfile.Profile()
    prof.enable()
    for _ in extract(Article(text=text, key=f"adversarial-{seed}")):
        pass
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def adversarial_table(seeds: tuple[int, ...] = SEEDS, profile: bool = True) -> int:
    """Measure each seed's text in a child process; print a table, the worst, and its profile."""
    import json
    import subprocess

    rows = []
    for seed in seeds:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(seed)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            print(f"seed {seed}: failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
            return 2
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"load average: {os.getloadavg()[0]:.2f} (CPU time is what one core gives)")
    header = (
        f"{'seed':>4} {'chars':>11} {'statements':>10} {'cpu s':>7} {'wall s':>7} {'peak MiB':>9}  top kinds"
    )
    print(header)
    for r in rows:
        mix = sorted(piece_mix(int(r["seed"])).items(), key=lambda kv: -kv[1])[:3]
        kinds = ", ".join(f"{k} {v:.0%}" for k, v in mix)
        print(
            f"{int(r['seed']):>4} {int(r['chars']):>11,} {int(r['statements']):>10,} {r['cpu']:>7.2f} "
            f"{r['wall']:>7.2f} {r['peak'] / 2**20:>9,.0f}  {kinds}"
        )
    worst_cpu = max(rows, key=lambda r: r["cpu"])
    worst_mem = max(rows, key=lambda r: r["peak"])
    cpu_ok = worst_cpu["cpu"] < TARGET_CPU_SECONDS
    mem_ok = worst_mem["peak"] < TARGET_PEAK_BYTES
    print(
        f"worst CPU: seed {int(worst_cpu['seed'])}, {worst_cpu['cpu']:.2f} s "
        f"(target < {TARGET_CPU_SECONDS:g} s): {'PASS' if cpu_ok else 'MISS'}"
    )
    print(
        f"worst peak memory: seed {int(worst_mem['seed'])}, {worst_mem['peak'] / 2**20:,.0f} MiB "
        f"(target < 1 GiB, text included): {'PASS' if mem_ok else 'MISS'}"
    )
    if profile and not cpu_ok:
        print(f"\nprofile of seed {int(worst_cpu['seed'])} (top functions by own time):")
        done = subprocess.run(
            [sys.executable, __file__, "--profile", str(int(worst_cpu["seed"]))],
            capture_output=True,
            text=True,
            check=False,
        )
        print(done.stdout)
    return 0


def _candidates_cpu(text: str, spans: list[tuple[int, int]]) -> tuple[float, list]:  # type: ignore[type-arg]
    """The CPU seconds of finding the candidates of these paragraphs (the best of two), and them."""
    import gc

    from quotefind import extract as extraction

    best, found = float("inf"), []
    for _ in range(2):
        gc.disable()  # (as `extract` does while it finds them)
        try:
            c0 = time.process_time()
            found = extraction._find_candidates(text, spans)
            best = min(best, time.process_time() - c0)
        finally:
            gc.enable()
    return best, found


def breakdown(seeds: tuple[int, ...]) -> int:
    """Print where each seed's extraction time goes, and the most that skipping quiet paragraphs saves.

    A quiet paragraph has no quote mark and passes no cue gate (`_may_hold_cue`): the extractor already
    skips it without tokenizing. Finding the candidates over the other paragraphs only bounds what any
    pre-pass that skips paragraphs could save (the best of two runs each: a shared machine is noisy).
    """
    from quotefind import extract as extraction
    from quotefind.extract.quotes import _MARK
    from quotefind.extract.speakers import Registry

    print(f"load average: {os.getloadavg()[0]:.2f} (CPU seconds, the best of two runs)")
    print(
        f"{'seed':>4} {'paragraphs':>10} {'quiet':>6} {'statements':>10} {'find s':>7} {'resolve s':>9} "
        f"{'busy only s':>11} {'skip saves':>10}"
    )
    for seed in seeds:
        text = adversarial_text(seed=seed)
        paragraphs = list(extraction.split_paragraphs(text))
        busy = [
            (ps, pe)
            for ps, pe in paragraphs
            if _MARK.search(text, ps, pe) or pe - ps > extraction.MIN_CHECKED_PARAGRAPH
            or extraction._may_hold_cue(text, ps, pe)
        ]  # fmt: skip
        find_all, cands = _candidates_cpu(text, paragraphs)
        find_busy, _ = _candidates_cpu(text, busy)
        c0 = time.process_time()
        registry = Registry(text)
        registry.learn_names()
        article = Article(text=text, key=f"adversarial-{seed}")
        statements = sum(1 for _ in extraction._resolve_all(article, text, paragraphs, cands, registry))
        resolve = time.process_time() - c0
        quiet = 1 - len(busy) / len(paragraphs)
        print(
            f"{seed:>4} {len(paragraphs):>10,} {quiet:>6.0%} {statements:>10,} {find_all:>7.2f} "
            f"{resolve:>9.2f} {find_busy:>11.2f} {find_all - find_busy:>10.2f}"
        )
    return 0


def main(argv: list[str]) -> int:
    """Print the figures as a small table (or, with --adversarial, the table of random texts)."""
    import json

    if argv[:1] == ["--one"]:
        print(json.dumps(measure_one(int(argv[1]))))
        return 0
    if argv[:1] == ["--profile"]:
        print(profile_one(int(argv[1])))
        return 0
    if argv[:1] == ["--dump"]:
        for seed in map(int, argv[1:]):
            for statement in extract(Article(text=adversarial_text(seed=seed), key=f"adversarial-{seed}")):
                print(json.dumps(statement.to_dict(), ensure_ascii=False, sort_keys=True))
        return 0
    if argv[:1] == ["--breakdown"]:
        return breakdown(tuple(map(int, argv[1:])) or SEEDS)
    if argv[:1] == ["--adversarial"]:
        seeds = tuple(range(int(argv[1]))) if len(argv) > 1 else SEEDS
        return adversarial_table(seeds)
    corpus_dir = Path(argv[0]) if argv else BBC
    if not corpus_dir.is_dir():
        print(f"No corpus at {corpus_dir}: put the shared folder next to the repository.", file=sys.stderr)
        return 2
    m = measure(corpus_dir)
    print(f"{'measure':28} {'value':>12}")
    print(f"{'articles':28} {m['articles']:12d}")
    print(f"{'statements':28} {m['statements']:12d}")
    print(f"{'extraction seconds (wall)':28} {m['seconds']:12.2f}")
    print(f"{'extraction seconds (cpu)':28} {m['cpu_seconds']:12.2f}")
    print(f"{'articles/s (wall)':28} {m['articles_per_second']:12.0f}")
    print(f"{'articles/s (cpu)':28} {m['articles_per_cpu_second']:12.0f}")
    print(f"{'adversarial chars':28} {m['adversarial_chars']:12d}")
    print(f"{'adversarial statements':28} {m['adversarial_statements']:12d}")
    print(f"{'adversarial seconds (wall)':28} {m['adversarial_seconds']:12.2f}")
    print(f"{'adversarial seconds (cpu)':28} {m['adversarial_cpu_seconds']:12.2f}")
    print(f"{'names-dense 1 MB, statements':28} {m['names_1mb_statements']:12d}")
    print(f"{'names-dense 1 MB, s (cpu)':28} {m['names_1mb_cpu_seconds']:12.2f}")
    print(f"{'names-dense 10 MB, s (cpu)':28} {m['names_10mb_cpu_seconds']:12.2f}")
    growth = m["names_10mb_cpu_seconds"] / max(m["names_1mb_cpu_seconds"], 1e-9)
    print(f"{'names-dense 10x size: x time':28} {growth:12.1f}")
    print(f"{'load average (1 min)':28} {os.getloadavg()[0]:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
