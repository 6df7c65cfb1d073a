"""``snappy-nn detect``: linking between the classes of a labelled point cloud."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

import click
import numpy as np
from snappy_nn.cli.common import BadInput, echo_json

from snappy_nn.errors import SnappyNNError

BUILT_IN = ("digits",)


@click.command("detect")
@click.argument("source", default="digits")
@click.option("--pair", help="Two classes 'A,B' to compare; every pair by default.")
@click.option("-k", "--k", "k", default=8, show_default=True, type=click.IntRange(min=1),
              help="Neighbours per point in each class's k-NN graph.")
@click.option("--mutual/--no-mutual", default=False, show_default=True,
              help="Keep an edge only when each end is among the other's k neighbours.")
@click.option("--epsilon", type=click.FloatRange(min=0, min_open=True),
              help="Longest edge kept, in the data's units after PCA. "
                   "Without it, the smallest ε with a witness is searched for.")
@click.option("--min-cycle-length", default=4, show_default=True, type=click.IntRange(min=3),
              help="Fewest vertices of a tested cycle.")
@click.option("--max-cycles", type=click.IntRange(min=1),
              help="Test only this many of the longest cycles per class.")
@click.option("--pca", type=click.Choice(["pair", "all"]), default="pair", show_default=True,
              help="Data with more than 3 coordinates: PCA of the two classes of each "
                   "pair, or of all points at once.")
@click.option("--unit-variance/--no-unit-variance", default=False, show_default=True,
              help="Scale each principal component to variance 1 after PCA.")
@click.option("--seed", default=0, show_default=True,
              help="Seed of the random projection used to count crossings.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
@click.option("--figure", type=click.Path(dir_okay=False),
              help="Save a 3D figure of the first witness here (.png, .pdf, .svg).")
def detect_command(source, pair, k, mutual, epsilon, min_cycle_length, max_cycles,
                   pca, unit_variance, seed, as_json, figure):
    """Detect linked class pairs in SOURCE: a .npz/.csv point file or 'digits'.

    Data with more than 3 coordinates is projected to R^3 by PCA, by
    default of the two classes of each pair. A .npz file contains arrays
    'points' and 'labels'; a .csv file has a header with a 'label' (or
    'component', 'class') column and coordinates.
    """
    from snappy_nn.pointcloud import pca_project

    started = time.perf_counter()
    points, labels = _load(source)
    project = points.shape[1] != 3 or unit_variance
    try:
        if project and pca == "all":
            points = pca_project(points, 3, unit_variance=unit_variance)
            project = False
        pairs = _pairs(labels, pair)
        options = {"k": k, "mutual": mutual, "min_cycle_length": min_cycle_length,
                   "max_cycles": max_cycles, "seed": seed}
        rows = [
            _row(points, labels, p, epsilon, options, project, unit_variance) for p in pairs
        ]
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    seconds = time.perf_counter() - started

    shown = next((r for r in rows if r["result"].linked), None)
    if figure:
        if shown is None:
            raise BadInput(f"no witness was found, so there is nothing to draw in {figure}")
        _draw(shown, figure)

    report = {
        "source": source, "points": int(len(points)), "seed": seed,
        "parameters": dict(options, epsilon=epsilon, pca=pca, unit_variance=unit_variance),
        "seconds": seconds, "figure": figure,
        "pairs": [_summary(r) for r in rows],
    }
    if as_json:
        echo_json(report)
        return
    _print_table(report)


def _load(source):
    from snappy_nn.datasets import load_digits, load_point_cloud

    if source.lower() in BUILT_IN:
        return load_digits()
    try:
        return load_point_cloud(source)
    except SnappyNNError as exc:
        raise BadInput(f"{exc}; SOURCE is a .npz or .csv file or one of {BUILT_IN}") from exc


def _pairs(labels, pair):
    present = np.unique(labels).tolist()
    if pair is None:
        return list(itertools.combinations(present, 2))
    parts = [p.strip() for p in pair.split(",")]
    if len(parts) != 2:
        raise BadInput(f"--pair takes two classes separated by a comma; got {pair!r}")
    if labels.dtype.kind in "iu":
        try:
            parts = [int(p) for p in parts]
        except ValueError as exc:
            raise BadInput(f"--pair {pair!r}: the labels are integers {present[:10]}") from exc
    return [tuple(parts)]


def _row(points, labels, pair, epsilon, options, project, unit_variance):
    """Detect linking for one pair; witness cycles index the full input."""
    from snappy_nn.pointcloud import detect_linking, minimal_epsilon, pca_project

    members = np.flatnonzero(np.isin(labels, pair))
    if len(members) == 0:
        raise BadInput(f"classes {pair} are not among the labels {np.unique(labels)[:10]}")
    points, labels = points[members], labels[members]
    if project:
        points = pca_project(points, 3, unit_variance=unit_variance)

    if epsilon is None:
        search = minimal_epsilon(points, labels, pair, **options)
        epsilon_found = search.epsilon
    else:
        epsilon_found = epsilon
    if epsilon_found is None:
        # No witness even with every k-NN edge: report the unfiltered graph's outcome.
        result = detect_linking(points, labels, pair, **options)
    else:
        result = detect_linking(points, labels, pair, epsilon=epsilon_found, **options)
    result.witnesses = [
        replace(w, cycles=tuple(members[c] for c in w.cycles)) for w in result.witnesses
    ]
    if epsilon is not None:
        reported_epsilon = epsilon
    elif result.linked:
        reported_epsilon = epsilon_found
    else:
        reported_epsilon = None
    return {"pair": pair, "epsilon": reported_epsilon, "result": result,
            "points": points, "labels": labels, "members": members}


def _summary(row):
    result = row["result"]
    first = result.witnesses[0] if result.witnesses else None
    return {
        "pair": [_plain(c) for c in row["pair"]],
        "status": result.status,
        "epsilon_min": row["epsilon"],
        "witnesses": len(result.witnesses),
        "linking_numbers": sorted({w.linking_number for w in result.witnesses}),
        "first_witness": None if first is None else first.to_dict(),
        "cycles": list(result.cycles),
        "pairs_undefined": result.pairs_undefined,
        "reason": result.reason,
    }


def _print_table(report):
    click.echo(f"{report['source']}: {report['points']} points, seed {report['seed']}, "
               f"k={report['parameters']['k']}, mutual={report['parameters']['mutual']}")
    column = "eps" if report["parameters"]["epsilon"] is not None else "eps_min"
    header = f"{'pair':>9}  {'status':<18} {column:>9}  {'witnesses':>9}  {'sizes':>9}  lk"
    click.echo(header)
    for row in report["pairs"]:
        pair = ",".join(str(c) for c in row["pair"])
        eps = "-" if row["epsilon_min"] is None else f"{row['epsilon_min']:.4g}"
        first = row["first_witness"]
        sizes = "-" if first is None else "x".join(str(n) for n in first["lengths"])
        numbers = " ".join(str(n) for n in row["linking_numbers"]) or "-"
        click.echo(f"{pair:>9}  {row['status']:<18} {eps:>9}  {row['witnesses']:>9}  "
                   f"{sizes:>9}  {numbers}")
    for row in report["pairs"]:
        if row["reason"]:
            click.echo(f"{','.join(str(c) for c in row['pair'])}: {row['reason']}")
    linked = sum(r["status"] == "linked" for r in report["pairs"])
    click.echo(f"{linked} of {len(report['pairs'])} pairs linked; {report['seconds']:.1f} s")
    if report["figure"]:
        click.echo(f"Wrote {report['figure']}")


def _draw(row, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    result = row["result"]
    witness = result.witnesses[0]
    figure = plt.figure(figsize=(6, 6))
    axes = figure.add_subplot(projection="3d")
    colors = ("tab:blue", "tab:orange")
    points, labels = row["points"], row["labels"]
    for label, cycle, color in zip(result.classes, witness.cycles, colors, strict=True):
        cloud = points[labels == label]
        axes.scatter(*cloud.T, s=4, alpha=0.3, color=color, label=f"class {label}")
        local = np.searchsorted(row["members"], np.append(cycle, cycle[0]))
        closed = points[local]
        axes.plot(*closed.T, color=color, linewidth=2)
    axes.set_title(f"classes {result.classes[0]}, {result.classes[1]}: "
                   f"lk = {witness.linking_number}, ε = {row['epsilon']:.4g}")
    axes.legend()
    try:
        figure.savefig(path, dpi=120)
    except (OSError, ValueError) as exc:
        raise BadInput(f"could not write the figure {path}: {exc}") from exc
    finally:
        plt.close(figure)


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value
