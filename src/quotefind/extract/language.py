"""Whether a text is English: the extractor's rules read English news only.

English prose is dense in a few short function words (`the`, `of`, `and`, `to`, `said`); a news text in
French, German or Spanish has few of them. The share of such words among the first words of the
text tells the two apart without any model or word list to download.
"""

from __future__ import annotations

import re

#: Function words that make up a large share of any English prose and few words of other languages
#: (words that other European languages share, such as `a`, `in`, `die`, `on`, are left out).
_ENGLISH = frozenset(
    {"the", "of", "and", "to", "is", "that", "for", "it", "was", "with", "he", "she", "as", "said", "says",
     "his", "her", "they", "by", "at", "from", "this", "be", "have", "has", "had", "are", "were", "not",
     "but", "which", "who", "will", "would", "their", "an", "or", "been", "its", "we", "you", "i", "after",
     "about", "there", "when", "what", "more", "than", "also", "one", "new", "out", "up", "into"}
)  # fmt: skip
#: Function words of French, German, Spanish, Italian, Portuguese, Dutch and the Scandinavian
#: languages that English does not use (a table of figures has neither kind: it is not "foreign").
_FOREIGN = frozenset(
    {"le", "la", "les", "des", "du", "est", "une", "et", "que", "qui", "dans", "pour", "pas", "sur", "au",
     "aux", "der", "das", "und", "ist", "nicht", "ein", "eine", "mit", "sich", "auf", "für", "von", "dem",
     "zu", "el", "los", "las", "del", "y", "en", "por", "para", "una", "es", "se", "lo", "og", "er", "det",
     "som", "til", "på", "av", "med", "ikke", "har", "att", "och", "il", "di", "che", "è", "della", "não",
     "uma", "com", "em", "é", "het", "een", "van", "dat", "niet", "voor", "ook", "wird", "sagte", "dijo",
     "ha", "sa", "sont", "auch", "como", "más", "mais", "den"}
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
#: How many words are looked at, and how few a text may have to be judged at all.
SAMPLE_WORDS = 400
MIN_WORDS = 30
#: English news prose has 30-45% of its words in `_ENGLISH`, and other languages' prose as much in
#: `_FOREIGN`; each stays under 12% in the other's.
MIN_SHARE = 0.15


def is_english(text: str) -> bool:
    """Tell whether a text reads as English: not prose in another language.

    Too short a text to tell, and text that is no prose in any language (a table of figures), count as
    English.
    """
    words = [w.lower() for w in _WORD.findall(text[: SAMPLE_WORDS * 12])[:SAMPLE_WORDS]]
    if len(words) < MIN_WORDS:
        return True
    english = sum(1 for w in words if w in _ENGLISH) / len(words)
    foreign = sum(1 for w in words if w in _FOREIGN) / len(words)
    return english >= MIN_SHARE or foreign < MIN_SHARE
