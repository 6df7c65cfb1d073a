"""``snappy-nn diagram``: the link diagram of a polygon file or a table link."""

from __future__ import annotations

import json

import click
from snappy_nn.cli.common import BadInput, echo_json, format_matrix, load_link_argument

from snappy_nn.embedding import DEFAULT_RESOLUTION
from snappy_nn.errors import SnappyNNError
from snappy_nn.links import DEFAULT_LINK


@click.command("diagram")
@click.argument("link", default=DEFAULT_LINK)
@click.option("-n", "--resolution", default=DEFAULT_RESOLUTION, show_default=True,
              help="Vertices per component when LINK is a name or code.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the PD code here as JSON instead of printing it.")
@click.option("--seed", default=0, show_default=True,
              help="Seed of the random projection directions.")
@click.option("--identify/--no-identify", default=True, show_default=True,
              help="Ask SnapPy to identify the exterior.")
@click.option("--gauss/--no-gauss", default=True, show_default=True,
              help="Also compute the linking matrix by the Gauss integral (solid-angle sum, "
                   "quadratic in the vertex count).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def diagram_command(link, resolution, output, seed, identify, gauss, as_json):
    """Project LINK or a polygon FILE (.npz, .csv, .txt) to a PD code and compare linking."""
    from snappy_nn.diagram import project_link
    from snappy_nn.linking import linking_matrix

    polygons = load_link_argument(link, resolution)
    try:
        diagram = project_link(polygons, seed=seed)
        gauss = linking_matrix(polygons, method="solid-angle") if gauss else None
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    names = [str(m) for m in diagram.identify()] if identify else None
    report = {
        "link": link,
        "seed": seed,
        "components": len(polygons),
        "direction": diagram.direction,
        "crossings": diagram.crossing_count,
        "crossings_after_simplify": diagram.simplified_crossing_count(),
        "linking_matrix_diagram": diagram.linking_matrix(),
        "linking_matrix_gauss": gauss,
        "identify": names,
        "pd_code": None if output else diagram.pd_code,
        "output": output,
    }
    if output:
        try:
            with open(output, "w") as handle:
                json.dump([list(x) for x in diagram.pd_code], handle)
        except OSError as exc:
            raise BadInput(f"cannot write the PD code to {output}: {exc}") from exc
    if as_json:
        echo_json(report)
        return
    _print_report(polygons, diagram, report)


def _print_report(polygons, diagram, report):
    click.echo(f"{polygons!r}")
    direction = ", ".join(f"{x:.6f}" for x in diagram.direction)
    click.echo(f"projection direction: ({direction}), seed {report['seed']}")
    click.echo(f"crossings: {report['crossings']} projected, "
               f"{report['crossings_after_simplify']} after simplify('global')")
    if report["output"]:
        click.echo(f"Wrote the PD code to {report['output']}")
    else:
        click.echo(f"PD code: {diagram.pd_code}")
    click.echo("Linking matrix from the diagram:")
    click.echo(format_matrix(report["linking_matrix_diagram"]))
    if report["linking_matrix_gauss"] is not None:
        click.echo("Linking matrix from the Gauss integral:")
        click.echo(format_matrix(report["linking_matrix_gauss"]))
    if report["identify"] is not None:
        found = ", ".join(report["identify"]) or "none (not hyperbolic, split, or unknown)"
        click.echo(f"SnapPy identification of the exterior: {found}")
