"""Extraction gives the same output on every Python the package allows (3.11.0 and later).

CPython 3.11.0-3.11.4 match possessive quantifiers wrongly (fixed in 3.11.5): the extractor uses none,
and where another interpreter is installed (Debian 12's /usr/bin/python3 is 3.11.2) its output on the
seeds must equal this one's.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import quotefind.extract
from quotefind.extract import extract
from quotefind.model import Article

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
#: A quantifier followed by `+` (`*+`, `++`, `?+`, `{m,n}+`), not escaped.
_POSSESSIVE = re.compile(r"(?<!\\)(?:[*+?]|\})\+")
#: The extraction of the seeds, printed as JSON: runs on any interpreter with only `src` on its path.
_DUMP = """
import json, sys
sys.path.insert(0, sys.argv[1])
from quotefind.extract import extract
from quotefind.model import Article
out = []
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    out.append([s.to_dict() for s in extract(Article(text=text, key=path))])
print(json.dumps(out))
"""


def _extract_modules() -> list[object]:
    names = [m.name for m in pkgutil.iter_modules(quotefind.extract.__path__, "quotefind.extract.")]
    return [quotefind.extract, *(importlib.import_module(n) for n in names)]


def test_the_extractor_uses_no_possessive_quantifier() -> None:
    patterns = [
        (module.__name__, name, value.pattern)
        for module in _extract_modules()
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str)
    ]
    assert len(patterns) > 5  # the scan does see the extractor's patterns
    possessive = [(m, n) for m, n, p in patterns if _POSSESSIVE.search(p)]
    assert possessive == []


def test_the_possessive_check_catches_one() -> None:
    assert _POSSESSIVE.search(r"\w++(?:a)*+") and not _POSSESSIVE.search(r"\w+(?:a)*\+")


def _interpreters() -> list[str]:
    found = []
    for exe in ("/usr/bin/python3", *sorted(Path.home().glob(".pyenv/versions/3.1[1-9]*/bin/python3"))):
        path = Path(exe)
        if path.is_file() and path.resolve() != Path(sys.executable).resolve():
            found.append(str(path))
    return found


@pytest.mark.parametrize("python", _interpreters() or [None])
def test_other_pythons_extract_the_seeds_alike(python: str | None) -> None:
    if python is None:
        pytest.skip("no other Python 3.11+ interpreter on this machine")
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version_info >= (3, 11))"], capture_output=True, text=True
    )
    if version.stdout.strip() != "True":
        pytest.skip(f"{python} is older than 3.11")
    args = [python, "-c", _DUMP, str(REPO / "src"), *map(str, SEEDS)]
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    here = [
        [s.to_dict() for s in extract(Article(text=p.read_text(encoding="utf-8"), key=str(p)))] for p in SEEDS
    ]
    assert json.loads(done.stdout) == here
