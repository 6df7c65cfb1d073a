"""``snappy-nn experiment``: reproduce a classification experiment of the paper by name."""

from __future__ import annotations

import sys

import click
from snappy_nn.cli.common import BadInput, echo_json

from snappy_nn.errors import SnappyNNError

EXPERIMENT_NAMES = ("table2", "table3", "table4", "table7", "disk-annulus", "table8")


def _parse_only(values):
    only = {}
    for text in values:
        key, sep, items = text.partition("=")
        if not sep or not key or not items:
            raise BadInput(f"--only expects KEY=V1,V2 (for example depth=3,5); got {text!r}")
        parsed = []
        for item in items.split(","):
            try:
                parsed.append(int(item))
            except ValueError:
                parsed.append(item)
        only[key] = parsed
    return only


@click.command("experiment")
@click.argument("name", type=click.Choice(EXPERIMENT_NAMES))
@click.option("--seeds", type=click.IntRange(min=1),
              help="Seeds per configuration (default: the protocol's, 30 for table2).")
@click.option("--seed", "first_seed", type=int,
              help="First seed; seeds are SEED, SEED+1, … (default: the protocol's).")
@click.option("--quick", is_flag=True,
              help="Reduced grid, data and epochs that finish in seconds (for CI).")
@click.option("--epochs", type=click.IntRange(min=1),
              help="Override the maximum epochs (the results are then not full-size).")
@click.option("--points", type=click.IntRange(min=2),
              help="Override the points per curve (per copy for sphere pairs).")
@click.option("--only", multiple=True, metavar="KEY=V1,V2",
              help="Run only grid cells with these values, e.g. --only depth=3,5. Repeatable.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Directory for trials.jsonl, report.md, results.csv and plot.png "
                   "[default: snappy-nn-experiments/NAME]. Finished cells there are skipped.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the cells on the Dask cluster of this scheduler (tcp://host:8786).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Local worker processes [default: CPU count, at most the cells; 1 runs "
                   "in this process].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def experiment_command(name, seeds, first_seed, quick, epochs, points, only, out_dir, scheduler,
                       workers, as_json):
    """Train the networks of experiment NAME and compare with the published numbers."""
    from snappy_nn.experiments.report import markdown_table, summary_rows, write_outputs
    from snappy_nn.experiments.runner import run_experiment

    out_dir = out_dir or f"snappy-nn-experiments/{name}"
    try:
        with click.progressbar(length=1, label=f"{name}", file=sys.stderr,
                               hidden=as_json) as bar:
            def progress(done, total, cell):
                bar.length = total
                bar.update(1)

            records = run_experiment(name, out_dir, seeds=seeds, first_seed=first_seed,
                                     quick=quick, epochs=epochs, points=points,
                                     only=_parse_only(only), scheduler=scheduler,
                                     workers=workers, progress=progress)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    note = _reduced_note(quick, epochs, points)
    paths = write_outputs(out_dir, name, records, note)
    if as_json:
        echo_json({"experiment": name, "quick": quick, "cells": len(records),
                   "seconds": sum(r["seconds"] for r in records),
                   "summary": summary_rows(name, records) if name in _TABLES else
                   [r["result"] for r in records],
                   "outputs": paths})
        return
    if note:
        click.echo(note + "\n")
    click.echo(markdown_table(name, records))
    click.echo(f"Wrote {paths['markdown']}, {paths['csv']} and {paths['plot']}")


_TABLES = ("table2", "table3", "table4", "table7")


def _reduced_note(quick, epochs, points):
    """Return a warning line for runs smaller than the published protocol, else ''."""
    changes = []
    if quick:
        changes.append("--quick (smaller grid, data and epochs)")
    if epochs:
        changes.append(f"--epochs {epochs}")
    if points:
        changes.append(f"--points {points}")
    if not changes:
        return ""
    return ("Reduced run: " + ", ".join(changes) + ". These numbers are not comparable "
            "with the published values in brackets.")
