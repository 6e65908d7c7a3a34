"""The CLI's option values as a person types and reads them: number and date parsers whose errors
are sentences of ours, id prefixes, completion from the index, and each command's examples."""

from __future__ import annotations

import re
from typing import Any

import typer

#: Two or three examples at the end of each command's help.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "extract": ("quotefind extract article.html", "curl -s URL | quotefind extract - --format plain"),
    "index": (
        "quotefind index articles/",
        "quotefind index articles/ --glob '*.html' --publisher 'High North News'",
        "quotefind index articles/ --prune",
    ),
    "search": (
        "quotefind search 'security dilemma'",
        "quotefind search --speaker Skogen --kind quote",
        "quotefind search dialogue --since 2019 --format csv > hits.csv",
    ),
    "speakers": (
        "quotefind speakers",
        "quotefind speakers skogen",
        "quotefind speakers --sort name --limit 0",
    ),
    "verify": (
        "quotefind verify 'We do not talk enough'",
        "quotefind verify 'We talk enough' --speaker Bakke-Jensen",
    ),
    "trace": (
        "quotefind trace 'We do not talk enough'",
        "quotefind trace 'We do not talk enough' --format md",
    ),
    "check": ("quotefind check", "quotefind check --index /data/news-index"),
    "show": ("quotefind show 3c7d2bb2170d6a48", "quotefind show 3c7d2b --context 1"),
    "cite": (
        "quotefind cite 3c7d2bb2170d6a48",
        "quotefind cite 3c7d2b --style mla",
        "quotefind cite 3c7d2b --format bibtex",
    ),
    "export": ("quotefind export > statements.jsonl", "quotefind export --format csv > statements.csv"),
    "import": (
        "quotefind import statements.jsonl",
        "quotefind export --index old | quotefind import - --index new",
    ),
}


def examples(name: str) -> str:
    """The epilog of a command's help: its examples, kept as written (click's \\b)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])


def whole_number(minimum: int) -> Any:
    """A parser of a whole number of at least `minimum`, whose errors are sentences of ours."""

    def parse(value: str | int) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise typer.BadParameter(
                f"'{value}' is not a whole number - give one like {minimum + 9}."
            ) from None
        if number < minimum:
            raise typer.BadParameter(f"{number} is too small - give {minimum} or more.")
        return number

    return parse


def number(minimum: float, maximum: float | None = None) -> Any:
    """A parser of a number in [minimum, maximum], whose errors are sentences of ours."""

    def parse(value: str | float) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise typer.BadParameter(f"'{value}' is not a number - give one like {minimum + 5:g}.") from None
        if number != number or number < minimum or (maximum is not None and number > maximum):
            upper = f" and {maximum:g}" if maximum is not None else " or more"
            between = f"between {minimum:g}{upper}" if maximum is not None else f"{minimum:g}{upper}"
            raise typer.BadParameter(f"{value} is out of range - give {between}.")
        return number

    return parse


def _completing(ctx: Any, incomplete: str, what: str) -> list[str]:
    """Suggestions for a shell's tab from the index `--index` (or the default) names; none on any
    error (a completion never prints one)."""
    from quotefind import complete
    from quotefind.store.whoosh.location import resolve_location

    try:
        location = resolve_location(ctx.params.get("index_dir"))
        if what == "speaker":
            return complete.speaker_names(location, incomplete)
        return complete.statement_ids(location, incomplete)
    except Exception:  # no index yet, a damaged one, a lock: nothing to suggest
        return []


def complete_speaker(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completing(ctx, incomplete, "speaker")


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completing(ctx, incomplete, "id")


#: The shortest id prefix taken: shorter ones would match many statements of a big index.
MIN_ID_PREFIX = 6


def check_id(value: str) -> str:
    """Refuse an id prefix too short to name one statement, before the index is opened.

    Called in the command (after `--fields` alone has had its say), not as the argument's callback.
    """
    if len(value.strip()) < MIN_ID_PREFIX:
        raise typer.BadParameter(
            f"'{value}' is too short - give at least {MIN_ID_PREFIX} characters of the id "
            "(`quotefind search` shows them)."
        )
    return value.strip()


def get_statement_by_id(store: Any, statement_id: str) -> Any:
    """The statement with this id or unique prefix; an ambiguous prefix names its candidates."""
    from quotefind.complete import statement_ids
    from quotefind.errors import AmbiguousIdError, StatementNotFoundError

    wanted = check_id(statement_id)
    try:
        return store.get(wanted)
    except StatementNotFoundError:
        # The store finds a prefix only when it is unique: a Whoosh index's term list tells which ids
        # share it (another store only says it found none).
        location = getattr(store, "location", None)
        if location is None:
            raise
        candidates = statement_ids(location, wanted, most=6)
        if len(candidates) > 1:
            shown = ", ".join(candidates[:5]) + (", ..." if len(candidates) > 5 else "")
            raise AmbiguousIdError(
                f"Id {wanted} is ambiguous: it starts {shown} - give more of its characters."
            ) from None
        raise


#: A date bound of `--since`/`--until`: a year, a month or a day.
_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_bound(value: str | None) -> str | None:
    """Refuse a date bound that is no date (`2020-13`, `2020-02-30`): a usage error, not an empty result."""
    import datetime as dt

    if value is None:
        return None
    m = _BOUND.fullmatch(value.strip())
    try:
        if not m:
            raise ValueError
        dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        from quotefind.ingest import printable_path

        shown = printable_path(value)  # bytes of a Latin-1 terminal as \xNN
        raise typer.BadParameter(
            f"'{shown}' is not a date - give a year, a month or a day as YYYY[-MM[-DD]]: "
            "2020, 2020-03, 2020-03-31."
        ) from None
    return value.strip()


def check_order(since: str | None, until: str | None) -> None:
    """Refuse --since after --until (as bounds: 2005 starts after 2004 ends)."""
    if since and until and since[: len(until)] > until:
        raise typer.BadParameter(
            f"--since {since} is after --until {until} - swap them, or widen the range.",
            param_hint="'--since' / '--until'",
        )
