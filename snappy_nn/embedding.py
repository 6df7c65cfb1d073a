"""Space curves for links: embeddings of link diagrams and parametric families.

:func:`embed` turns any link that spherogram or SnapPy can read into a
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

import collections.abc
import contextlib
import logging
import math
import random
import threading

import numpy as np
import spherogram.graphs
import spherogram.links.orthogonal
from spherogram.links.orthogonal import OrthogonalLinkDiagram

from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import ComponentsTouchError, LinkInputError, SnappyNNError
from snappy_nn.linking import linking_matrix, min_distance
from snappy_nn.links import copy_link, link_name, to_spherogram_link

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

# Minimum vertices per component for whitehead_link and stereographic_pair. The
# Whitehead polygons become another link below 6 and the sphere pair unlinks at 3.
FAMILY_MIN_RESOLUTION = 8

# Resampled polygons must keep this fraction of the grid polygons' smallest gap.
SEPARATION_FRACTION = 0.25

# Every chord of the resampled polygon stays this close to the smoothed curve, in
# grid units. Distinct strands of the layout are about half a grid unit apart or
# more, so a polygon inside this tube follows the same knot and link type rather
# than only the same linking matrix.
TUBE_RADIUS = 0.2


def embed(link, resolution=DEFAULT_RESOLUTION, *, flips=None):
    """Return closed polygons in R^3 realising a link, with its linking matrix.

    Parameters
    ----------
    link : str, PD or DT code, spherogram.Link or snappy.Link
        Anything :func:`snappy_nn.links.to_spherogram_link` accepts.
    resolution : int
        Vertices per component, evenly spaced by arc length. It is raised,
        with a logged warning, until three checks pass: every chord stays close
        to the smoothed layout (so knot and link type survive), the linking
        matrix is kept, and components stay a safe distance apart. The value
        used is in ``info["resolution"]`` and the request in
        ``info["requested_resolution"]``.
    flips : sequence of bool, optional
        Flips of a DT code.

    Returns
    -------
    PolygonalLink
        Components in the order of ``link.link_components``, followed by one
        circle per unlinked unknotted component. Seen from the z axis, the
        link fits in the square [−1, 1]^2 centred at the origin.

    Notes
    -----
    The same input gives the same vertices in every process: the layout runs
    with insertion-ordered sets and a seeded tie-breaker (see
    ``_deterministic_layout``), because spherogram 2.4 on its own gives
    different coordinates from run to run.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> P = embed("L6a4", resolution=120)
    >>> P
    <PolygonalLink L6a4: 3 components, 360 vertices in R^3>
    >>> linking_matrix(P).tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    """
    requested = _resolution(resolution)

    # 1. Lay the diagram out on the grid and lift over-strands: a coarse polygonal link.
    diagram = to_spherogram_link(link, flips)
    name = link_name(link)
    grid = PolygonalLink(_diagram_curves(diagram), name=name)
    expected = _diagram_linking_matrix(diagram, len(grid))

    # 2. Round its corners; this fine curve is what gets resampled.
    fine = PolygonalLink([_smooth(c) for c in grid], name=name)

    # 3. Resample, raising the resolution until every chord stays in a thin tube around
    #    the smooth curve, the polygons keep the diagram's linking matrix, and they stay
    #    at least SEPARATION_FRACTION of the grid's gap apart.
    floor = SEPARATION_FRACTION * min_distance(grid)
    tube = TUBE_RADIUS * _grid_unit(grid)
    current = requested
    for attempt in range(MAX_REFINEMENTS):
        if attempt:
            current = int(np.ceil(current * REFINE_FACTOR))
        candidate = fine.resample(current)
        if _chord_deviation(fine, current) <= tube and _is_faithful(candidate, expected, floor):
            break
    else:
        raise SnappyNNError(
            f"could not resample the layout of {name} faithfully with up to {current} vertices "
            "per component; this is a bug in the layout, please report the link"
        )
    if current != requested:
        log.warning(
            "resolution %d is too coarse for %s: raised to %d vertices per component so that "
            "the polygons follow the smoothed layout (chords within %.2g grid units) and keep "
            "the diagram's linking matrix",
            requested, name, current, TUBE_RADIUS,
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


def _diagram_linking_matrix(diagram, size):
    """Return spherogram's linking matrix padded with zero rows for dropped unknots."""
    matrix = np.zeros((size, size), dtype=np.int64)
    count = len(diagram.link_components)
    if count:
        matrix[:count, :count] = np.asarray(diagram.linking_matrix(), dtype=np.int64)
    return matrix


def _grid_unit(grid):
    """Return the length of one grid step of a normalised layout (its shortest planar edge)."""
    return min(
        float(np.linalg.norm((np.roll(c, -1, axis=0) - c)[:, :2], axis=1).min()) for c in grid
    )


def _chord_deviation(fine, resolution):
    """Return how far the smooth curve strays from the chords of its resampling.

    ``PolygonalLink.resample`` puts vertex k of a component at arc length
    k L / resolution on the smooth curve; every smooth vertex between two such
    vertices is measured against the chord joining them.
    """
    worst = 0.0
    for curve in fine:
        lengths = np.linalg.norm(np.roll(curve, -1, axis=0) - curve, axis=1)
        arc = np.concatenate([[0.0], np.cumsum(lengths)[:-1]])
        coarse = fine.__class__([curve]).resample(resolution)[0]
        chord = np.minimum((arc / lengths.sum() * resolution).astype(int), resolution - 1)
        start = coarse[chord]
        end = coarse[(chord + 1) % resolution]
        direction = end - start
        t = np.einsum("ij,ij->i", curve - start, direction) / np.einsum(
            "ij,ij->i", direction, direction
        )
        nearest = start + np.clip(t, 0.0, 1.0)[:, None] * direction
        worst = max(worst, float(np.linalg.norm(curve - nearest, axis=1).max()))
    return worst


def _is_faithful(candidate, expected, floor):
    if min_distance(candidate) < floor:
        return False
    try:
        return np.array_equal(linking_matrix(candidate), expected)
    except ComponentsTouchError:
        return False


def _diagram_curves(link):
    """Return one lifted grid polygon per component of a spherogram link.

    Over-strands sit at height +CROSSING_HEIGHT and under-strands at
    -CROSSING_HEIGHT; bends and unknot circles lie in the plane z = 0.
    """
    link = copy_link(link)
    for label, crossing in enumerate(link.crossings):
        crossing.label = label
    owner = _component_keys(link)

    curves = [None] * len(link.link_components)
    offset = 0.0
    for piece in _split_pieces(link):
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


def _split_pieces(link):
    """Return the connected pieces of a diagram as links, in order of their first crossing.

    Unlike ``Link.split_link_diagram``, whose pieces and crossings come out in
    an order that follows object addresses, this keeps crossing order, so the
    layout is the same in every process.
    """
    crossings = link.copy().crossings
    parent = {crossing.label: crossing.label for crossing in crossings}

    def root(label):
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for crossing in crossings:
        for neighbour, _ in crossing.adjacent:
            parent[root(neighbour.label)] = root(crossing.label)
    groups = {}
    for crossing in crossings:
        groups.setdefault(root(crossing.label), []).append(crossing)
    return [type(link)(group, check_planarity=False) for group in groups.values()]


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
    with _deterministic_layout():
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
        placed.append((index, curve if direction == 1 else curve[::-1]))
    return placed


class _InsertionOrderedSet(collections.abc.MutableSet):
    """A set that iterates and pops in insertion order, so layouts repeat exactly."""

    def __init__(self, iterable=()):
        self._items = dict.fromkeys(iterable)

    def __contains__(self, item):
        return item in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def add(self, item):
        self._items[item] = None

    def discard(self, item):
        self._items.pop(item, None)

    def pop(self):
        if not self._items:
            raise KeyError("pop from an empty set")
        return self._items.popitem()[0]

    def update(self, *iterables):
        for iterable in iterables:
            self._items.update(dict.fromkeys(iterable))

    def difference_update(self, *iterables):
        for iterable in iterables:
            for item in iterable:
                self._items.pop(item, None)

    def copy(self):
        return _InsertionOrderedSet(self._items)

    def union(self, *iterables):
        result = self.copy()
        result.update(*iterables)
        return result

    def intersection(self, iterable):
        return self & _InsertionOrderedSet(iterable)

    def difference(self, iterable):
        return self - _InsertionOrderedSet(iterable)


_layout_lock = threading.Lock()


@contextlib.contextmanager
def _deterministic_layout(seed=0):
    """Make spherogram's orthogonal layout give the same grid in every process.

    spherogram 2.4's layout pops edges from built-in sets, whose order follows
    object addresses, and breaks ties with the global ``random`` module, so the
    same diagram got different coordinates in different processes. Inside this
    context the layout modules see an insertion-ordered set and a seeded
    random generator; nothing else in spherogram is affected.
    """
    modules = (spherogram.links.orthogonal, spherogram.graphs)
    with _layout_lock:
        saved = [(m, m.__dict__.get("set"), m.__dict__.get("random")) for m in modules]
        try:
            for module in modules:
                module.set = _InsertionOrderedSet
            spherogram.links.orthogonal.random = random.Random(seed)
            yield
        finally:
            for module, old_set, old_random in saved:
                if old_set is None:
                    module.__dict__.pop("set", None)
                else:
                    module.set = old_set
                if old_random is not None:
                    module.random = old_random


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


def torus_link(p, q, resolution=DEFAULT_RESOLUTION):
    """Return the torus link T(p, q) on the torus of radii 2 and 1 about the z axis.

    Component ``j`` of the ``d = gcd(p, q)`` components is

        θ = (p/d) t,  φ = (q/d) t + 2π j / p,   t ∈ [0, 2π),

    drawn at ``((2 + cos φ) cos θ, (2 + cos φ) sin θ, −sin φ)``: it winds p/d
    times around the z axis and q/d times around the core circle. The
    components are disjoint parallel copies, none retraced.

    Parameters
    ----------
    p, q : int
        Positive winding numbers.
    resolution : int
        Vertices per component, at least ``4 max(p, q) / d``. From there on the
        linking numbers are right (checked for all p, q ≤ 8 and T(2, 2k),
        k ≤ 10); about 16 vertices per turn keep the polygons close to the
        smooth curves.

    Returns
    -------
    PolygonalLink
        Every pair of components has linking number ``+(p/d)(q/d)``, so
        T(2, 2k) has linking number +k: all components turn the same way.
        Mirror the result for the other handedness.

    Raises
    ------
    LinkInputError
        If p or q is not a positive integer or the resolution is too low.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> linking_matrix(torus_link(2, 4, resolution=60)).tolist()
    [[0, 2], [2, 0]]
    """
    p, q = _positive_int(p, "p"), _positive_int(q, "q")
    count = _resolution(resolution)
    d = math.gcd(p, q)
    needed = 4 * max(p, q) // d
    if count < needed:
        raise LinkInputError(
            f"resolution {count} is too low for T({p},{q}): coarser polygons can touch or "
            f"change the linking numbers; use at least {needed} vertices per component"
        )
    t = _param(count)
    components = []
    for j in range(d):
        theta = (p // d) * t
        phi = (q // d) * t + 2 * np.pi * j / p
        radius = 2.0 + np.cos(phi)
        height = -np.sin(phi)
        curve = np.stack([radius * np.cos(theta), radius * np.sin(theta), height], axis=1)
        components.append(curve)
    return PolygonalLink(
        components, name=f"T({p},{q})", info={"source": "torus_link", "p": p, "q": q}
    )


def borromean_rings(resolution=DEFAULT_RESOLUTION):
    """Return the Borromean rings as three mutually perpendicular ellipses.

    The ellipses have semi-axes 2 and 1: x²/4 + y² = 1 in the plane z = 0,
    y²/4 + z² = 1 in x = 0 and z²/4 + x² = 1 in y = 0. Every pair is unlinked,
    but the three together are not.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> linking_matrix(borromean_rings(40)).tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    """
    t = _param(_resolution(resolution))
    long, short, zero = 2.0 * np.cos(t), np.sin(t), 0.0 * t
    rings = [
        np.stack([long, short, zero], axis=1),
        np.stack([zero, long, short], axis=1),
        np.stack([short, zero, long], axis=1),
    ]
    return PolygonalLink(rings, name="Borromean rings", info={"source": "borromean_rings"})


def whitehead_link(resolution=DEFAULT_RESOLUTION):
    """Return the Whitehead link (L5a1) as two explicit closed curves.

    The first component is a figure-eight curve lifted at its double point,
    an unknot: ``W(t) = (sin t cos t, sin t, 0.15 cos t)`` scaled by 2. The
    second, ``U(s) = (1.5 cos s, sin s, sin 2s)``, passes down through both
    lobes of the figure eight and comes back up outside them. The two
    threadings cancel, so the linking number is 0, yet the link is not split.
    Projected generically, the curves give a 5-crossing diagram whose
    exterior SnapPy identifies as 5^2_1, the Whitehead link.

    Parameters
    ----------
    resolution : int
        Vertices per component, evenly spaced by arc length, at least 8.
        Below 6 the polygons are no longer the Whitehead link.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> linking_matrix(whitehead_link(60)).tolist()
    [[0, 0], [0, 0]]
    """
    count = _resolution(resolution, FAMILY_MIN_RESOLUTION, family="Whitehead link")
    t = _param(max(8 * count, 512))
    figure_eight = np.stack([2.0 * np.sin(t) * np.cos(t), 2.0 * np.sin(t), 0.3 * np.cos(t)], axis=1)
    ring = np.stack([1.5 * np.cos(t), np.sin(t), np.sin(2 * t)], axis=1)
    dense = PolygonalLink([figure_eight, ring])
    return PolygonalLink(
        dense.resample(count).components,
        name="Whitehead link",
        info={"source": "whitehead_link", "resolution": count},
    )


def stereographic_pair(resolution=DEFAULT_RESOLUTION):
    """Return the paper's sphere pair S^1 ⊔ S^1 in R^3 (the case n = 1).

    Two disjoint great circles of S^3 seen through a stereographic
    projection to R^3. With a = 1 − u0/√2 and b = 1 − v0/√2,

        A(u) = (u1/a, −u0/(√2 a), 0),   B(v) = (0, v0/(√2 b), v1/b),

    for u = (cos t, sin t) and v = (cos s, sin s). A lies in the plane z = 0
    and B in the plane x = 0; each is a round circle through which the other
    passes once, and their minimum distance is 2(√2 − 1) ≈ 0.828.

    Parameters
    ----------
    resolution : int
        Vertices per component, at least 8, evenly spaced by arc length
        because the projection itself crowds points near u0 = −1. Triangles
        (resolution 3) are not linked.

    Returns
    -------
    PolygonalLink
        Linking number −1 with this orientation.

    Examples
    --------
    >>> from snappy_nn.linking import linking_matrix
    >>> linking_matrix(stereographic_pair(40)).tolist()
    [[0, -1], [-1, 0]]
    """
    count = _resolution(resolution, FAMILY_MIN_RESOLUTION, family="stereographic pair")
    t = _param(max(8 * count, 512))
    root2 = np.sqrt(2.0)
    a = 1.0 - np.cos(t) / root2
    first = np.stack([np.sin(t) / a, -np.cos(t) / (root2 * a), 0.0 * t], axis=1)
    second = np.stack([0.0 * t, np.cos(t) / (root2 * a), np.sin(t) / a], axis=1)
    dense = PolygonalLink([first, second])
    return PolygonalLink(
        dense.resample(count).components,
        name="stereographic pair",
        info={"source": "stereographic_pair", "resolution": count},
    )


def _positive_int(value, label):
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise LinkInputError(f"{label} = {value!r} must be a positive integer")
    return int(value)


def _resolution(resolution, minimum=3, *, family=None):
    if isinstance(resolution, bool) or int(resolution) != resolution or resolution < minimum:
        where = f" for the {family}" if family else ""
        raise LinkInputError(
            f"resolution {resolution!r} is too low or not an integer{where}; use at least "
            f"{minimum} vertices per component"
        )
    return int(resolution)
