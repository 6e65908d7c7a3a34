"""quotefind: find who said what, where, in news articles."""

from quotefind.model import Article, Hit, Source, Span, Speaker, Statement

__version__ = "0.1.0"

__all__ = ["Article", "Hit", "Source", "Span", "Speaker", "Statement", "__version__"]
