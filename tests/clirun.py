"""Running the CLI in-process as a user would, and reading its JSON-lines output."""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from quotefind.cli import app

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None) -> Result:
    """Invoke `quotefind ARGS` in-process (stdin from `input`)."""
    return runner.invoke(app, list(args), input=input)


def jsonl(output: str) -> list[dict]:
    """Parse every non-blank line of an output as JSON."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]
