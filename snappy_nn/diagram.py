"""Link diagrams of space curves: regular projection, PD code, spherogram Link.

:func:`project_link` projects closed polygons in R^3 onto a plane in general
position, finds every crossing with its over and under strand, and builds a
``spherogram.Link`` from the resulting PD code. Every invariant that
spherogram and SnapPy compute (linking matrix, exterior, identification,
simplification) then becomes available for a network's output curves.

Conventions
-----------
The projection direction ``d`` points at the viewer: the picture plane has
the right-handed basis (u, v) with u × v = d, and at a crossing the strand
with the larger coordinate along ``d`` passes over. The PD code follows
spherogram: each 4-tuple lists the edge labels counterclockwise in that
picture, starting from the incoming under strand. Edges are labelled 1, 2, …
along component 0 in its orientation, then along component 1, and so on, so
spherogram keeps the input's component order and orientation. Components
that meet no crossing get no label; spherogram's ``link_components`` omits
them, but :meth:`LinkDiagram.linking_matrix` keeps a row for every input
component.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from snappy_nn._crossings import (
    SegmentTable,
    find_crossings,
    linking_from_crossings,
    random_direction,
)
from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import GeneralPositionError, PolygonError

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 1e-9
DEFAULT_MAX_TRIES = 20


@dataclass(frozen=True)
class LinkDiagram:
    """A regular projection of a polygonal link and the spherogram Link it defines.

    Attributes
    ----------
    link : spherogram.Link
        The diagram, built from :attr:`pd_code`. Its ``link_components`` are
        the input components that meet a crossing, in input order and
        orientation.
    pd_code : list of tuple of int
        One 4-tuple per crossing in spherogram's convention.
    direction : numpy.ndarray
        Unit vector of the projection, pointing at the viewer.
    crossing_count : int
        Crossings of the projection, kinks included.
    component_count : int
        Components of the input, with or without crossings.
    diagram_components : tuple of int
        Input index of each entry of ``link.link_components``.
    tries : int
        Directions tried up to and including this regular one.
    crossing_linking : numpy.ndarray
        The k×k linking matrix summed directly from the crossing signs,
        without spherogram; it equals :meth:`linking_matrix`.
    """

    link: object
    pd_code: list
    direction: np.ndarray
    crossing_count: int
    component_count: int
    diagram_components: tuple
    tries: int
    crossing_linking: np.ndarray = field(repr=False)

    def linking_matrix(self):
        """Return the k×k linking matrix read off the diagram, for all k input components.

        Entries come from spherogram's ``Link.linking_matrix()`` and are
        placed at the input indices; components without crossings get zero
        rows.

        Examples
        --------
        >>> from snappy_nn.embedding import hopf_link
        >>> project_link(hopf_link(40)).linking_matrix().tolist()
        [[0, -1], [-1, 0]]
        """
        k = self.component_count
        matrix = np.zeros((k, k), dtype=np.int64)
        if len(self.diagram_components) > 1:
            index = np.array(self.diagram_components)
            values = np.rint(np.asarray(self.link.linking_matrix(), dtype=float))
            matrix[np.ix_(index, index)] = values.astype(np.int64)
        return matrix

    def simplified(self, mode="global"):
        """Return a copy of :attr:`link` after spherogram's ``simplify(mode)``."""
        copy = self.link.copy()
        copy.simplify(mode)
        return copy

    def simplified_crossing_count(self, mode="global"):
        """Return the number of crossings left after ``simplify(mode)`` on a copy.

        Examples
        --------
        >>> from snappy_nn.embedding import embed
        >>> project_link(embed("L2a1", 60)).simplified_crossing_count()
        2
        """
        return len(self.simplified(mode).crossings)

    def writhe(self):
        """Return the sum of all crossing signs of the diagram, kinks included."""
        return int(sum(int(c.sign) for c in self.link.crossings))

    def exterior(self):
        """Return the SnapPy exterior of the diagram's link.

        Components without crossings are not part of ``link``; when there are
        any, this is the exterior of the other components only.
        """
        import snappy  # noqa: F401  (spherogram's exterior() exists once SnapPy is imported)

        return self.link.exterior()

    def identify(self):
        """Return SnapPy's identification of the exterior, or [] when SnapPy cannot.

        The list is empty when the diagram has no crossings, when a component
        meets no crossing (the exterior would miss it), or when SnapPy fails.

        Examples
        --------
        >>> from snappy_nn.embedding import embed
        >>> project_link(embed("L5a1", 80)).identify()[0].name()
        'm129'
        """
        if not self.link.crossings or len(self.diagram_components) < self.component_count:
            return []
        try:
            return list(self.exterior().identify())
        except (RuntimeError, ValueError, AttributeError, IndexError) as exc:
            log.info("SnapPy could not identify the exterior: %s", exc)
            return []


def project_link(polygons, *, seed=0, tolerance=DEFAULT_TOLERANCE,
                 max_tries=DEFAULT_MAX_TRIES, direction=None):
    """Return a regular projection of closed polygons as a :class:`LinkDiagram`.

    Parameters
    ----------
    polygons : PolygonalLink or sequence of array_like
        Closed oriented polygons in R^3.
    seed : int
        Seed of the random projection directions; the same seed gives the
        same diagram.
    tolerance : float
        Relative distance: components closer than ``tolerance`` times the
        link's diameter touch, and strands closer than that in the picture
        plane make a projection irregular.
    max_tries : int
        Projection directions to try before giving up.
    direction : array_like, optional
        First direction to try; when it is not regular, random directions
        follow.

    Returns
    -------
    LinkDiagram

    Raises
    ------
    ComponentsTouchError
        If two components touch (coincident components included).
    GeneralPositionError
        If no regular projection was found in ``max_tries`` directions, for
        instance because a component passes through itself.
    PolygonError
        If the polygons are not in R^3.

    Examples
    --------
    >>> from snappy_nn.embedding import embed
    >>> D = project_link(embed("L6a4", 120))
    >>> D.linking_matrix().tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    >>> D.simplified_crossing_count()
    6
    """
    import spherogram

    link = polygons if isinstance(polygons, PolygonalLink) else PolygonalLink(polygons)
    if link.dimension != 3:
        raise PolygonError(f"a link diagram needs curves in R^3, got R^{link.dimension}; "
                           "embed the curves in R^3 first")
    table = SegmentTable.from_components(link.components)
    limit = tolerance * table.diameter()
    rng = np.random.default_rng(seed)
    reason = "no direction tried"

    for attempt in range(1, max_tries + 1):
        d = np.asarray(direction, float) if attempt == 1 and direction is not None \
            else random_direction(rng)
        try:
            crossings = find_crossings(table, d, touch_limit=limit, regularity=limit)
            linking = linking_from_crossings(crossings, table.owner, len(link))
        except GeneralPositionError as exc:
            reason = str(exc)
            log.info("projection %d along %s is not regular: %s", attempt, d, exc)
            continue
        pd_code, present = pd_code_from_crossings(crossings, table)
        try:
            diagram = spherogram.Link(pd_code) if pd_code else spherogram.Link([])
        except ValueError as exc:  # spherogram rejects a non-planar or inconsistent code
            reason = f"spherogram rejected the PD code: {exc}"
            log.warning("projection %d: %s", attempt, reason)
            continue
        return LinkDiagram(diagram, pd_code, crossings.direction, len(crossings), len(link),
                           tuple(present), attempt, linking)

    raise GeneralPositionError(
        f"no regular projection found in {max_tries} directions (last: {reason}); "
        "a component may pass through itself. Check the curves or raise max_tries.",
        max_tries,
    )


def pd_code_from_crossings(crossings, table):
    """Return the PD code of ``crossings`` and the input components it contains.

    Edges are labelled from 1 along each component in input order, so the
    smallest label of a component starts it and its successor fixes its
    orientation, which is how spherogram orders and orients components.
    """
    n = len(crossings)
    if n == 0:
        return [], []
    segment = np.concatenate([crossings.under, crossings.over])
    param = np.concatenate([crossings.under_t, crossings.over_t])
    owner = table.owner[segment]
    order = np.lexsort((param, segment))

    # Rank of every visit along its component, and the labels of its two edges.
    sorted_owner = owner[order]
    counts = np.bincount(sorted_owner, minlength=len(table.sizes))
    first_visit = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(2 * n, dtype=np.int64)
    rank[order] = np.arange(2 * n) - first_visit[sorted_owner]
    base = 1 + first_visit[owner]
    outgoing = base + rank
    incoming = base + (rank - 1) % counts[owner]

    under_in, under_out = incoming[:n], outgoing[:n]
    over_in, over_out = incoming[n:], outgoing[n:]
    # Counterclockwise from the incoming under strand: the outgoing over
    # strand comes next exactly at a positive crossing.
    positive = crossings.sign > 0
    second = np.where(positive, over_out, over_in)
    fourth = np.where(positive, over_in, over_out)
    pd = np.stack([under_in, second, under_out, fourth], axis=1)
    present = [int(c) for c in np.flatnonzero(counts)]
    return [tuple(int(x) for x in row) for row in pd], present
