"""``snappy-nn embed`` and ``snappy-nn linking``."""

from __future__ import annotations

import click
from snappy_nn.cli.common import BadInput, echo_json, format_matrix, load_link_argument

from snappy_nn.embedding import DEFAULT_RESOLUTION
from snappy_nn.errors import SnappyNNError
from snappy_nn.linking import DEFAULT_TOLERANCE
from snappy_nn.links import DEFAULT_LINK


@click.command("embed")
@click.argument("link", default=DEFAULT_LINK)
@click.option("-n", "--resolution", default=DEFAULT_RESOLUTION, show_default=True,
              help="Vertices per component (raised automatically if too coarse).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the polygons here (.npz, .csv or .txt).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def embed_command(link, resolution, output, as_json):
    """Embed LINK (table name, PD or DT code; default L2a1) as closed polygons in R^3."""
    from snappy_nn.linking import linking_matrix
    from snappy_nn.links import to_spherogram_link

    polygons = load_link_argument(link, resolution)
    if output:
        try:
            polygons.save(output)
        except SnappyNNError as exc:
            raise BadInput(str(exc)) from exc
    matrix = linking_matrix(polygons)
    diagram = to_spherogram_link(link)
    report = {
        "link": link,
        "components": len(polygons),
        "vertices": [len(c) for c in polygons],
        "linking_matrix": matrix,
        "spherogram_linking_matrix": _padded(diagram.linking_matrix(), len(polygons)),
        "info": polygons.info,
        "output": output,
    }
    if as_json:
        echo_json(report)
        return
    click.echo(f"{polygons!r}")
    click.echo("Linking matrix from the polygons (exact Gauss integral):")
    click.echo(format_matrix(matrix))
    click.echo("Linking matrix from spherogram's diagram:")
    click.echo(format_matrix(report["spherogram_linking_matrix"]))
    if output:
        click.echo(f"Wrote {output}")


@click.command("linking")
@click.argument("link", default=DEFAULT_LINK)
@click.option("-n", "--resolution", default=DEFAULT_RESOLUTION, show_default=True,
              help="Vertices per component when LINK is a name or code.")
@click.option("--tolerance", default=DEFAULT_TOLERANCE, show_default=True,
              type=click.FloatRange(min=0),
              help="Components closer than this fraction of the link's diameter count as "
                   "touching.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
def linking_command(link, resolution, tolerance, as_json):
    """Print the exact linking matrix of LINK or of a polygon FILE (.npz, .csv, .txt).

    LINK defaults to L2a1. Polygon files are described in the conventions page:
    CSV with a header component,x,y,z, or whitespace-separated x y z lines with
    blank lines between components.
    """
    from snappy_nn.linking import check_disjoint, linking_matrix

    polygons = load_link_argument(link, resolution)
    try:
        distances = check_disjoint(polygons, tolerance=tolerance)
        matrix, residual = linking_matrix(polygons, tolerance=tolerance, return_residual=True)
    except SnappyNNError as exc:
        raise BadInput(str(exc)) from exc
    if as_json:
        echo_json({"link": link, "linking_matrix": matrix, "residual": residual,
                   "distances": distances})
        return
    click.echo(f"{polygons!r}")
    click.echo(format_matrix(matrix))
    if len(polygons) > 1:
        click.echo(f"largest distance of a Gauss integral from its integer: {residual:.2e}")


def _padded(matrix, size):
    """Pad spherogram's matrix with zero rows for components it dropped."""
    import numpy as np

    result = np.zeros((size, size), dtype=int)
    matrix = np.asarray(matrix, dtype=int).reshape(-1, len(matrix) or 0) if len(matrix) else []
    k = len(matrix)
    if k:
        result[:k, :k] = matrix
    return result
