"""Reading Whoosh's pickles without running code: only the classes a quotefind index holds load.

Whoosh keeps its table of contents (the schema, the list of segments), posting blocks and parts of
its segment files as pickles. Unpickling runs whatever callable a pickle names, so a crafted index
folder could run code the moment it is opened. `safe_loads` and `safe_load` unpickle through
`RestrictedUnpickler`, which looks a name up only when it is in `ALLOWED` (and never imports any
other module), and raise `ForbiddenPickleError` for anything else. `patches.restrict_unpickling`
puts them in place of every unpickling Whoosh does while quotefind opens, reads or writes an index.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

#: Every global a quotefind index's pickles name, as (module, name) as the pickle spells it
#: (protocol 2 pickles spell builtins `__builtin__`). Found by recording what indexing the seeds,
#: updating, merging, rebuilding, importing and searching unpickle (`tests/test_trust.py` does so
#: again). Each is harmless to call with any arguments: containers, numbers, a regex compiler, a
#: stemmer, `_codecs.encode` (how protocol 2 spells bytes) and Whoosh's own field, analyser,
#: format, column, codec and segment classes, whose constructors only keep their arguments.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        *((mod, name) for mod in ("builtins", "__builtin__") for name in ("set", "frozenset", "int")),
        ("builtins", "float"),
        ("__builtin__", "long"),
        ("_codecs", "encode"),
        ("collections", "defaultdict"),
        ("re", "_compile"),
        ("whoosh.fields", "Schema"),
        ("whoosh.fields", "ID"),
        ("whoosh.fields", "KEYWORD"),
        ("whoosh.fields", "NUMERIC"),
        ("whoosh.fields", "STORED"),
        ("whoosh.fields", "TEXT"),
        ("whoosh.analysis.analyzers", "CompositeAnalyzer"),
        ("whoosh.analysis.filters", "LowercaseFilter"),
        ("whoosh.analysis.morph", "StemFilter"),
        ("whoosh.analysis.tokenizers", "IDTokenizer"),
        ("whoosh.analysis.tokenizers", "RegexTokenizer"),
        ("whoosh.lang.porter", "stem"),
        ("whoosh.formats", "Existence"),
        ("whoosh.formats", "Frequency"),
        ("whoosh.formats", "Positions"),
        ("whoosh.columns", "NumericColumn"),
        ("whoosh.columns", "VarBytesColumn"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("whoosh.codec.whoosh3", "W3Segment"),
    }
)


class ForbiddenPickleError(pickle.UnpicklingError):
    """A pickle in the index names a global no quotefind index holds (it may run code)."""

    def __init__(self, module: str, name: str) -> None:
        super().__init__(f"{module}.{name}")
        self.module = module
        self.name = name


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that looks up only the globals in `ALLOWED`, and no persistent ids."""

    def find_class(self, module: str, name: str) -> Any:
        # Checked before `super().find_class`, which imports the module: importing is running code.
        if (module, name) not in ALLOWED:
            raise ForbiddenPickleError(module, name)
        return super().find_class(module, name)


def safe_load(file: Any) -> Any:
    """`pickle.load`, restricted to `ALLOWED`."""
    return RestrictedUnpickler(file).load()


def safe_loads(data: bytes, **_: Any) -> Any:
    """`pickle.loads`, restricted to `ALLOWED`."""
    return RestrictedUnpickler(io.BytesIO(data)).load()
