"""Shared pieces of the ``snappy-nn`` commands: input parsing, output, exit codes."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
import numpy as np

from snappy_nn.errors import SnappyNNError

# Exit codes: 0 success, 1 internal failure, 2 bad input (click's own usage errors use 2).
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

POLYGON_SUFFIXES = (".npz", ".csv", ".txt")


class BadInput(click.ClickException):
    """A user error: printed as ``Error: ...`` with exit code 2."""

    exit_code = EXIT_BAD_INPUT


def load_link_argument(text, resolution):
    """Return a PolygonalLink from a polygon file path or a link description."""
    from snappy_nn.curves import PolygonalLink
    from snappy_nn.embedding import embed

    try:
        path = Path(text)
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
    """Send library log records to stderr; warnings by default, info with --verbose."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
