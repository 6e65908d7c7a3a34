"""quotefind: find who said what, where, in news articles."""

__version__ = "0.1.0"

__all__ = ["Article", "Hit", "Source", "Span", "Speaker", "Statement", "__version__"]


def __getattr__(name: str) -> object:
    """Import the model on first use: tab completion imports `quotefind` and needs none of it."""
    if name in __all__:
        from quotefind import model

        return getattr(model, name)
    raise AttributeError(f"module 'quotefind' has no attribute {name!r}")
