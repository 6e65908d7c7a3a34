"""Entry point of `python -m quotefind` and the `quotefind` console script; it answers a shell's tab
completion of `--speaker` names and statement ids itself, before the CLI (Typer, rich) is imported."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping

#: The commands whose `--speaker` (`-s`) completes from the index, and those whose one argument is
#: a statement id (as `cli.py` declares them: `complete_speaker`, `complete_id`).
SPEAKER_COMMANDS = frozenset({"search", "verify"})
ID_COMMANDS = frozenset({"show", "cite"})


def quick_completion(environ: Mapping[str, str]) -> str | None:
    """What Typer's bash completion prints for a command line that completes a `--speaker` value or
    a statement id, found without importing it (a whole completion ~100 ms sooner); None for any
    other line, or one this is not sure of (the CLI answers those)."""
    if environ.get("_QUOTEFIND_COMPLETE") != "complete_bash":
        return None
    try:
        words = _split(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None
    args = words[1:cword]
    incomplete = words[cword] if 0 <= cword < len(words) else ""
    if not args or incomplete.startswith("-") or "--" in args:
        return None
    index, rest = _without_index(args[1:])
    if rest is None:
        return None
    # `--speaker` is an option's name unless it is the value of the option before it.
    speaker = rest[-1:] in (["--speaker"], ["-s"]) and (len(rest) == 1 or not rest[-2].startswith("-"))
    if not ((args[0] in SPEAKER_COMMANDS and speaker) or (args[0] in ID_COMMANDS and not rest)):
        return None
    from pathlib import Path

    from quotefind import complete

    # As `location.resolve_location` (that module imports Whoosh): --index, $QUOTEFIND_INDEX, ./index.
    location = Path(index or environ.get("QUOTEFIND_INDEX") or "index")
    try:
        if speaker:
            return "\n".join(complete.speaker_names(location, incomplete))
        return "\n".join(complete.statement_ids(location, incomplete))
    except Exception:  # as `cliparams._completing`: no index, a damaged one: nothing to suggest
        return ""


def _without_index(args: list[str]) -> tuple[str | None, list[str] | None]:
    """The `--index` value of the words after the command, and the other words; (None, None) when
    `--index` has no value yet or may be another option's value."""
    index, rest = None, []
    at = 0
    while at < len(args):
        word = args[at]
        if word == "--index" or word.startswith("--index="):
            if rest and rest[-1].startswith("-"):
                return None, None
            if word == "--index":
                if at + 1 >= len(args):
                    return None, None
                index, at = args[at + 1], at + 2
                continue
            index = word.partition("=")[2]
        else:
            rest.append(word)
        at += 1
    return index, rest


def _split(line: str) -> list[str]:
    """The words of a command line as Click splits them (`shell_completion.split_arg_string`): a
    quote left open ends the last word."""
    import shlex

    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        out.extend(lex)
    except ValueError:
        out.append(lex.token)
    return out


def main() -> None:
    """Answer a completion of the index's names or ids, else run the CLI (`cli.main`)."""
    found = quick_completion(os.environ)
    if found is None:
        from quotefind.cli import main as cli_main

        cli_main()
        return
    if (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        with contextlib.suppress(AttributeError, ValueError):  # as `cli.main`: names go out as UTF-8
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(found + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
