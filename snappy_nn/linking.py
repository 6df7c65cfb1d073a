"""Exact linking numbers of closed polygons in R^3.

Conventions
-----------
The linking number of oriented closed curves X and Y is the Gauss integral

    lk(X, Y) = (1/4π) ∮∮ (x − y) · (dx × dy) / |x − y|^3,

with x on the first curve. It equals half the sum of the signs of the
crossings between the two curves in any regular projection, with the crossing
signs of spherogram's ``Link.linking_matrix()``: the table link ``L2a1`` has
lk = −1, and so do the circles of :func:`snappy_nn.embedding.hopf_link`.

For polygons the integral is a finite sum: each pair of segments contributes
the signed solid angle, seen from the origin, of the parallelogram of
differences ``x − y``. That solid angle is computed in closed form
(Van Oosterom and Strackee, IEEE Trans. Biomed. Eng. 30, 1983), so the result is
an integer up to floating-point rounding, whatever the number of vertices.
No quadrature is involved.

For large inputs ``linking_matrix`` counts crossings instead: in a regular
projection, the linking number of components i and j is half the signed
number of crossings between them. Coarse grids first drop the segments far
from every other component, and only segment pairs sharing a fine grid cell
are tested (:mod:`snappy_nn._crossings`), so the cost grows about linearly
with the number of vertices. Both give the same integer.

A linking number exists only while the two curves are disjoint. Components
closer than ``tolerance`` times the diameter of the link raise
:class:`~snappy_nn.errors.ComponentsTouchError`, which carries the distance,
the segments and the place.
"""

from __future__ import annotations

import logging

import numpy as np

from snappy_nn._crossings import (
    SegmentTable,
    find_crossings,
    linking_from_crossings,
    random_direction,
)
from snappy_nn._geometry import CHUNK_PAIRS, closed_segments, polygon_distance
from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import (
    ComponentsTouchError,
    GeneralPositionError,
    PolygonError,
    SnappyNNError,
)

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 1e-9

LINKING_METHODS = ("auto", "crossings", "solid-angle")

# Segment pairs between components above which "auto" counts crossings. Both
# paths take about 2 ms at 1,000 pairs (benchmarks/bench_linking.py, 2 cores).
AUTO_SEGMENT_PAIRS = 1_000

# Projection directions tried by the crossing count, drawn from a fixed seed.
CROSSING_SEED = 0
CROSSING_TRIES = 10

# A sum of exact solid angles that is this far from an integer means lost precision.
MAX_RESIDUAL = 1e-3


def gauss_integral(a, b):
    """Return the Gauss linking integral of two closed polygons, unrounded.

    Parameters
    ----------
    a, b : array_like
        Vertices of two disjoint closed polygons, shapes (n, 3) and (m, 3).

    Returns
    -------
    float
        The integral; an integer up to rounding when the polygons are disjoint.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(resolution=10)
    >>> round(gauss_integral(X, Y), 12)
    -1.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a0, a1 = closed_segments(a)
    b0, b1 = closed_segments(b)
    rows = max(1, CHUNK_PAIRS // len(b0))
    total = 0.0
    for start in range(0, len(a0), rows):
        p0 = a0[start : start + rows, None, :]
        p1 = a1[start : start + rows, None, :]
        # Corners of the parallelogram {x - y}, in cyclic order.
        v1, v2, v3, v4 = p0 - b0, p1 - b0, p1 - b1, p0 - b1
        total += _triangle_solid_angle(v1, v2, v3).sum()
        total += _triangle_solid_angle(v1, v3, v4).sum()
    return float(-total / (4 * np.pi))


def _triangle_solid_angle(u, v, w):
    """Return the signed solid angle of triangles (u, v, w) seen from the origin."""
    nu = np.linalg.norm(u, axis=-1)
    nv = np.linalg.norm(v, axis=-1)
    nw = np.linalg.norm(w, axis=-1)
    numerator = np.einsum("...i,...i->...", u, np.cross(v, w))
    denominator = (
        nu * nv * nw
        + np.einsum("...i,...i->...", u, v) * nw
        + np.einsum("...i,...i->...", u, w) * nv
        + np.einsum("...i,...i->...", v, w) * nu
    )
    return 2.0 * np.arctan2(numerator, denominator)


def linking_number(a, b, *, tolerance=DEFAULT_TOLERANCE, return_residual=False):
    """Return the linking number of two closed polygons as an exact integer.

    Parameters
    ----------
    a, b : array_like
        Vertices of the two polygons, shapes (n, 3) and (m, 3), each closed
        implicitly and oriented by vertex order.
    tolerance : float
        Relative distance: the polygons count as touching when they come
        closer than ``tolerance`` times the diameter of their union.
    return_residual : bool
        Also return the distance of the Gauss integral from the integer.

    Returns
    -------
    int, or (int, float) with ``return_residual``

    Raises
    ------
    ComponentsTouchError
        If the polygons touch, so that no linking number exists.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(resolution=40)
    >>> linking_number(X, Y), linking_number(Y, X), linking_number(X, Y[::-1])
    (-1, -1, 1)
    """
    link = PolygonalLink([a, b])
    matrix, residual = linking_matrix(link, tolerance=tolerance, return_residual=True)
    value = int(matrix[0, 1])
    return (value, residual) if return_residual else value


def linking_matrix(link, *, tolerance=DEFAULT_TOLERANCE, return_residual=False,
                   method="auto"):
    """Return the matrix of pairwise linking numbers of a polygonal link.

    Parameters
    ----------
    link : PolygonalLink
        Components in R^3.
    tolerance : float
        Relative distance below which two components count as touching.
    return_residual : bool
        Also return the largest distance of a Gauss integral from its integer
        (0.0 when the crossing count gave the result).
    method : {"auto", "crossings", "solid-angle"}
        ``"solid-angle"`` sums the Gauss integral over every segment pair
        (quadratic). ``"crossings"`` counts signed crossings between
        components in a regular projection, testing only segment pairs that
        share a grid cell, and falls back to the solid-angle sum when no
        regular projection is found. ``"auto"`` takes the solid-angle sum
        up to ``AUTO_SEGMENT_PAIRS`` segment pairs between components and
        the crossing count above.
        Both give the same integers.

    Returns
    -------
    numpy.ndarray of int64, or (ndarray, float) with ``return_residual``
        Symmetric, zero diagonal, row ``i`` for component ``i``. A
        component's Gauss integral with itself (its writhe) never enters.

    Raises
    ------
    ComponentsTouchError
        If two components touch.

    Examples
    --------
    >>> from snappy_nn.embedding import embed
    >>> linking_matrix(embed("L2a1")).tolist()
    [[0, -1], [-1, 0]]
    """
    link = _as_link(link)
    _require_dimension_3(link)
    if method not in LINKING_METHODS:
        raise ValueError(f"unknown linking method {method!r}; use one of {LINKING_METHODS}")
    if method == "crossings" or (method == "auto" and _segment_pairs(link) > AUTO_SEGMENT_PAIRS):
        matrix = _crossing_linking_matrix(link, tolerance)
        if matrix is not None:
            return (matrix, 0.0) if return_residual else matrix
    check_disjoint(link, tolerance=tolerance)

    k = len(link)
    values = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            values[i, j] = values[j, i] = gauss_integral(link[i], link[j])
    matrix = np.rint(values).astype(np.int64)
    residual = float(np.abs(values - matrix).max()) if k > 1 else 0.0
    if residual > MAX_RESIDUAL:
        raise SnappyNNError(
            f"Gauss integrals are {residual:.3g} from an integer, so precision was lost; "
            "the components are probably nearly touching. Raise the tolerance or "
            "rescale the link."
        )
    return (matrix, residual) if return_residual else matrix


def check_disjoint(link, *, tolerance=DEFAULT_TOLERANCE):
    """Raise :class:`ComponentsTouchError` if two components come closer than allowed.

    Returns the matrix of minimum distances between components otherwise.
    """
    link = _as_link(link)
    limit = tolerance * link.diameter()
    k = len(link)
    distances = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            distance, segments, point = link.closest_approach(i, j)
            if distance <= limit:
                raise ComponentsTouchError((i, j), distance, limit, segments, point)
            distances[i, j] = distances[j, i] = distance
    return distances


def min_distance(link):
    """Return the smallest distance between two different components (inf for one component)."""
    link = _as_link(link)
    k = len(link)
    pairs = [polygon_distance(link[i], link[j])[0] for i in range(k) for j in range(i + 1, k)]
    return min(pairs, default=float("inf"))


def _segment_pairs(link):
    """Return the number of segment pairs between different components."""
    sizes = np.array([len(c) for c in link.components], dtype=np.int64)
    return int((sizes.sum() ** 2 - (sizes**2).sum()) // 2)


def _crossing_linking_matrix(link, tolerance):
    """Return the linking matrix from signed crossings, or None if no projection is regular.

    The touch test runs inside the projection pass on the segment pairs that
    come within the tolerance in the picture plane, which contain every pair
    that comes that close in space, so it raises the same
    ComponentsTouchError as :func:`check_disjoint` without its cost.
    """
    k = len(link)
    if k < 2:
        return np.zeros((k, k), dtype=np.int64)
    table = SegmentTable.from_components(link.components)
    limit = tolerance * table.diameter()
    rng = np.random.default_rng(CROSSING_SEED)
    for attempt in range(1, CROSSING_TRIES + 1):
        try:
            crossings = find_crossings(table, random_direction(rng), touch_limit=limit,
                                       regularity=limit, between_only=True)
            return linking_from_crossings(crossings, table.owner, k)
        except GeneralPositionError as exc:
            log.info("projection %d is not regular (%s); trying another direction", attempt, exc)
    log.warning("no regular projection in %d directions; using the solid-angle sum",
                CROSSING_TRIES)
    return None


def _as_link(link):
    return link if isinstance(link, PolygonalLink) else PolygonalLink(link)


def _require_dimension_3(link):
    if link.dimension != 3:
        raise PolygonError(
            f"linking numbers of curves need R^3, but this link lives in R^{link.dimension}; "
            "use snappy_nn.invariants for spheres in higher dimensions"
        )
