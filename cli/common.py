"""Shared pieces of the ``snappy-nn`` commands: input parsing, output, exit codes."""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path

import click
import numpy as np

from snappy_nn.errors import SnappyNNError

# Exit codes: 0 success, 1 internal failure, 2 bad input (click's own usage errors use 2).
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

POLYGON_SUFFIXES = (".npz", ".csv", ".txt")


class BadInput(click.ClickException):
    """A user error: printed as ``Error: ...`` with exit code 2.

    Under ``--json`` the error goes to stdout as ``{"error": ...}`` instead,
    so that scripts reading JSON see it.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message):
        super().__init__(message)
        # click shows the error after the command's context has closed, so the
        # --json flag is read now, while the command is still running.
        context = click.get_current_context(silent=True)
        self.as_json = bool(context is not None and context.params.get("as_json"))

    def show(self, file=None):
        if self.as_json:
            click.echo(json.dumps({"error": self.format_message(), "exit_code": self.exit_code}))
            return
        super().show(file)


def load_link_argument(text, resolution):
    """Return a PolygonalLink from a polygon file path or a link description."""
    from snappy_nn.curves import PolygonalLink
    from snappy_nn.embedding import embed

    path = Path(text)
    if path.is_dir():
        raise BadInput(f"{text} is a directory; pass a polygon file (.npz, .csv, .txt) "
                       "or a link such as L2a1")
    if path.is_file() and path.suffix.lower() not in POLYGON_SUFFIXES:
        raise BadInput(f"unsupported file type {path.suffix or '(none)'!r} for {text}; "
                       "polygon files end in .npz, .csv or .txt")
    try:
        if path.suffix.lower() in POLYGON_SUFFIXES:
            return PolygonalLink.load(path)
        return embed(text, resolution)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc


def to_jsonable(value):
    """Convert numpy values inside dicts and lists to plain JSON types."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def echo_json(payload):
    """Print a report as indented JSON on stdout."""
    click.echo(json.dumps(to_jsonable(payload), indent=2))


def format_matrix(matrix):
    """Return an integer or float matrix as aligned text rows."""
    rows = [[str(x) for x in row] for row in np.asarray(matrix).tolist()]
    width = max((len(x) for row in rows for x in row), default=1)
    return "\n".join("  ".join(x.rjust(width) for x in row) for row in rows)


def setup_logging(verbose):
    """Send library log records and Python warnings to stderr as one-line messages.

    Warnings show by default and info messages with ``--verbose``.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
    warnings.showwarning = _show_warning


def _show_warning(message, category, filename, lineno, file=None, line=None):
    click.echo(f"WARNING: {message}", err=True)
