"""Entry point for `python -m quotefind`."""

from quotefind.cli import main

main()
