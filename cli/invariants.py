"""``snappy-nn invariants``: link group, Milnor invariants and knot types of a link."""

from __future__ import annotations

from pathlib import Path

import click
from snappy_nn.cli.common import POLYGON_SUFFIXES, BadInput, echo_json, format_matrix

from snappy_nn.errors import SnappyNNError
from snappy_nn.invariants import DEFAULT_MILNOR_LENGTH, REPORT_PARTS, invariants_report
from snappy_nn.links import DEFAULT_LINK


@click.command("invariants")
@click.argument("link", default=DEFAULT_LINK)
@click.option("--max-length", default=DEFAULT_MILNOR_LENGTH, show_default=True,
              type=click.IntRange(2, 6), help="Longest Milnor invariant computed.")
@click.option("--seed", default=0, show_default=True,
              help="Seed of the projection direction when LINK is a polygon file.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def invariants_command(link, max_length, seed, as_json):
    """Print the linking matrix, Milnor invariants, link group and knot types of LINK.

    LINK is a table name, a PD or DT code, or a polygon FILE (.npz, .csv, .txt),
    which is projected to a diagram first.
    """
    source = _read(link)
    try:
        report = invariants_report(source, REPORT_PARTS, seed=seed, max_length=max_length)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    report = {"link": link, "seed": seed, **report}
    if as_json:
        echo_json(report)
        return
    _print_text(report)


def _read(text):
    from snappy_nn.curves import PolygonalLink
    from snappy_nn.links import to_spherogram_link

    try:
        if Path(text).suffix.lower() in POLYGON_SUFFIXES:
            return PolygonalLink.load(text)
        return to_spherogram_link(text)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc


def _print_text(report):
    click.echo(f"{report['link']}: {report['components']} components")
    click.echo("Linking matrix:")
    click.echo(format_matrix(report["linking_matrix"]))

    click.echo("Milnor invariants (components numbered from 0):")
    if not report["milnor"]:
        click.echo("  none: fewer than 3 components")
    for label, mu in report["milnor"].items():
        modulus = f" mod {mu['indeterminacy']}" if mu["indeterminacy"] else ""
        click.echo(f"  {label} = {mu['value']}{modulus}")

    group = report["group"]
    wirtinger = group["wirtinger"]
    click.echo(f"Wirtinger presentation: {len(wirtinger['generators'])} generators, "
               f"{len(wirtinger['relators'])} relators; abelianisation "
               f"{_abelian(wirtinger['abelianization'])}")
    click.echo(f"  longitudes: {', '.join(wirtinger['longitudes'])}")
    snappy_group = group["snappy"]
    if snappy_group is None:
        click.echo(f"SnapPy presentation: unavailable ({group['snappy_note']})")
    else:
        relators = ", ".join(snappy_group["relators"]) or "none"
        click.echo(f"SnapPy presentation: generators {', '.join(snappy_group['generators'])}; "
                   f"relators {relators}")
        if snappy_group["free_factors"]:
            click.echo(f"  plus {snappy_group['free_factors']} free factor(s) Z from split "
                       "components without crossings")

    click.echo("Knot types:")
    for knot in report["knots"]:
        name = knot["name"] or f"unidentified, at most {knot['crossings']} crossings"
        click.echo(f"  component {knot['component']}: {name} ({knot['method']})")


def _abelian(factors):
    parts = ["Z" if f == 0 else f"Z/{f}" for f in factors]
    return " + ".join(parts) if parts else "0"
