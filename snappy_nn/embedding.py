"""Space curves for links: embeddings of link diagrams and parametric families.

:func:`embed` turns any link that spherogram or SnapPy knows into a
:class:`~snappy_nn.curves.PolygonalLink` whose linking matrix equals
``spherogram.Link.linking_matrix()`` entry for entry, sign included, with the
same component order and orientations.

Conventions
-----------
The diagram is laid out on the integer grid by spherogram's orthogonal layout
(Tamassia's bend-minimising flow), read in ordinary coordinates: x to the
right, y up, the viewer on the positive z axis. At every crossing the over
strand is lifted to height +h and the under strand lowered to −h. Components
that spherogram drops because they meet no crossing
(``Link.unlinked_unknot_components``) become round circles after all the
others, so every component of the input keeps a row of the matrix.
"""

from __future__ import annotations

import logging

import numpy as np
from spherogram.links.orthogonal import OrthogonalLinkDiagram

from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import ComponentsTouchError, LinkInputError
from snappy_nn.links import link_name, to_spherogram_link
from snappy_nn.linking import linking_matrix, min_distance

log = logging.getLogger(__name__)

DEFAULT_RESOLUTION = 200

# Height of over and under strands at a crossing, in grid units.
CROSSING_HEIGHT = 0.5

# Gap between the boxes of split pieces of a diagram, in grid units.
PIECE_GAP = 2.0

# Corner-cutting rounds applied to the grid path; each halves the corner radius.
SMOOTHING_ROUNDS = 3

# A resolution that loses faithfulness is raised by this factor until it holds.
REFINE_FACTOR = 1.5
MAX_REFINEMENTS = 12


def embed(link, resolution=DEFAULT_RESOLUTION, *, flips=None):
    """Return closed polygons in R^3 realising a link, with its linking matrix.

    Parameters
    ----------
    link : str, PD or DT code, spherogram.Link or snappy.Link
        Anything :func:`snappy_nn.links.to_spherogram_link` accepts.
    resolution : int
        Vertices per component, evenly spaced by arc length. When that is too
        coarse to keep the linking matrix and a safe distance between
        components, the resolution is raised and a warning is logged; the
        value used is in ``info["resolution"]`` and the request in
        ``info["requested_resolution"]``.
    flips : sequence of bool, optional
        Flips of a DT code.

    Returns
    -------
    PolygonalLink
        Components in the order of ``link.link_components``, followed by one
        circle per unlinked unknotted component. The link fits in the box
        [−1, 1]^2 × [−h, h] and is centred at the origin.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> P = embed("L6a4", resolution=120)
    >>> P
    <PolygonalLink L6a4: 3 components, 360 vertices in R^3>
    >>> linking_matrix(P).tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    """
    diagram = to_spherogram_link(link, flips)
    name = link_name(link)
    fine = _diagram_curves(diagram)
    fine = PolygonalLink(fine, name=name)
    expected = linking_matrix(fine)

    requested = int(resolution)
    if requested < 3:
        raise LinkInputError(f"resolution {requested} is too low; use at least 3 vertices")
    floor = min_distance(fine) / 2
    current = requested
    for _ in range(MAX_REFINEMENTS):
        candidate = fine.resample(current)
        if _is_faithful(candidate, expected, floor):
            break
        current = int(np.ceil(current * REFINE_FACTOR))
    else:
        raise LinkInputError(
            f"could not resample {name} faithfully with up to {current} vertices per component"
        )
    if current != requested:
        log.warning(
            "resolution %d is too coarse for %s: raised to %d vertices per component so that "
            "the polygons keep the diagram's linking matrix",
            requested, name, current,
        )
    return PolygonalLink(
        candidate.components,
        name=name,
        info={
            "source": "diagram",
            "resolution": current,
            "requested_resolution": requested,
            "crossings": len(diagram.crossings),
        },
    )


def _is_faithful(candidate, expected, floor):
    if min_distance(candidate) < floor:
        return False
    try:
        return np.array_equal(linking_matrix(candidate), expected)
    except ComponentsTouchError:
        return False


def _diagram_curves(link):
    """Return one fine, smoothed 3D polygon per component of a spherogram link."""
    link = link.copy()
    for label, crossing in enumerate(link.crossings):
        crossing.label = label
    owner = _component_keys(link)

    curves = [None] * len(link.link_components)
    offset = 0.0
    for piece in link.split_link_diagram() if link.crossings else []:
        placed = _piece_curves(piece, owner)
        low = min(c[:, 0].min() for _, c in placed)
        high = max(c[:, 0].max() for _, c in placed)
        for index, curve in placed:
            curves[index] = curve + [offset - low, 0.0, 0.0]
        offset += high - low + PIECE_GAP

    circles = []
    for _ in range(link.unlinked_unknot_components):
        circles.append(_circle(center=(offset + 1.0, 1.0, 0.0), radius=1.0))
        offset += 2.0 + PIECE_GAP
    return _normalise([*curves, *circles])


def _component_keys(link):
    """Map each crossing entry (label, strand) to its component and direction.

    The key of a strand's exit point maps to the same component with direction
    -1, so that a component the layout reversed is recognised.
    """
    owner = {}
    for index, component in enumerate(link.link_components):
        for entry in component:
            label = entry.crossing.label
            owner[(label, entry.strand_index)] = (index, 1)
            owner[(label, (entry.strand_index + 2) % 4)] = (index, -1)
    return owner


def _piece_curves(piece, owner):
    """Lay out one connected piece of a diagram; return (component index, curve) pairs."""
    diagram = OrthogonalLinkDiagram(piece)
    grid = diagram.orthogonal_rep().basic_grid_embedding()
    placed = []
    for component in diagram.link.link_components:
        points = []
        index = direction = None
        for entry in component:
            x, y = grid[entry.crossing]
            z = 0.0
            if entry.crossing.label is not None and hasattr(entry, "is_under_crossing"):
                key = (entry.crossing.label, entry.strand_index)
                if key in owner:
                    index, direction = owner[key]
                    z = -CROSSING_HEIGHT if entry.is_under_crossing() else CROSSING_HEIGHT
            points.append((x, y, z))
        if index is None:
            raise LinkInputError(f"a component of {piece} meets no crossing of its own link")
        curve = np.array(points, dtype=np.float64)
        placed.append((index, _smooth(curve if direction == 1 else curve[::-1])))
    return placed


def _smooth(curve):
    """Round the corners of a closed grid path without moving its crossings much."""
    dense = PolygonalLink([curve]).subdivide(4)[0]
    for _ in range(SMOOTHING_ROUNDS):
        after = np.roll(dense, -1, axis=0)
        dense = np.stack([0.75 * dense + 0.25 * after, 0.25 * dense + 0.75 * after], axis=1)
        dense = dense.reshape(-1, 3)
    return dense


def _circle(center, radius, count=64):
    t = np.linspace(0.0, 2 * np.pi, count, endpoint=False)
    return np.asarray(center) + radius * np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)


def _normalise(curves):
    """Centre the curves and scale them so the plan view fits in [-1, 1]^2."""
    points = np.concatenate(curves)
    low, high = points.min(axis=0), points.max(axis=0)
    center = (low + high) / 2
    center[2] = 0.0
    scale = 2.0 / max(high[0] - low[0], high[1] - low[1])
    return [(c - center) * scale for c in curves]


# Parametric families with known linking numbers -------------------------------


def _param(count):
    return np.linspace(0.0, 2 * np.pi, count, endpoint=False)


def hopf_link(resolution=DEFAULT_RESOLUTION):
    """Return the Hopf link X(t) = (cos t, sin t, 0), Y(s) = (0, 1 + cos s, sin s).

    These are the unit circles of Ren and Lim (arXiv:2606.31856). Each passes
    through the centre of the other, and with this orientation the linking
    number is −1.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> linking_matrix(hopf_link(40)).tolist()
    [[0, -1], [-1, 0]]
    """
    t = _param(resolution)
    x = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    y = np.stack([0 * t, 1 + np.cos(t), np.sin(t)], axis=1)
    return PolygonalLink([x, y], name="Hopf link", info={"source": "hopf_link"})
