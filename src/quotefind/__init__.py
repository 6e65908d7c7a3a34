"""quotefind: find who said what, where, in news articles."""

from quotefind.model import Article, Hit, Source, Speaker, Span, Statement

__version__ = "0.1.0"

__all__ = ["Article", "Hit", "Source", "Speaker", "Span", "Statement", "__version__"]
