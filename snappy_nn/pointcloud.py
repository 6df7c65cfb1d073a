"""Linking between two classes of a labelled point cloud in R^3.

Each class becomes an ε-filtered k-nearest-neighbour graph. A BFS spanning
forest gives the fundamental cycle basis of that graph (one cycle per
non-tree edge), which generates its first homology. Linking is bilinear, so
some pair of basis cycles from the two classes has a nonzero linking number
exactly when some pair of cycles does. Such a pair is a *witness* that the
classes are linked. The method follows Algorithm 1 of Ren and Lim,
"Low-dimensional topology of deep neural networks" (arXiv:2606.31856), with
exact linking numbers in place of quadrature.

Conventions
-----------
Signs use the Gauss integral convention of :mod:`snappy_nn.linking`, with the
first class of the pair on the first curve. Cycle orientation: every cycle
comes from one non-tree edge ``(u, v)`` of its graph with ``u < v`` in the
order of the class's points. It runs from ``u`` along that edge to ``v``,
climbs the BFS tree to the lowest common ancestor and descends back to
``u``. The BFS starts each connected component at its smallest index and
visits neighbours in increasing index, so the same input gives the same
cycles and the same signs.

Three outcomes are distinct: ``"linked"`` (a witness exists),
``"unlinked"`` (both classes have essential cycles, and every defined pair
has linking number 0) and ``"no essential cycle"``. The last one means that
one class has no cycle of the minimum length, or that every cycle of its
graph is a sum (over GF(2)) of the graph's own triangles. Such a graph does
not capture a loop of the class, so nothing was tested.

Exactness
---------
The default ``method="crossings"`` obtains the linking numbers of all cycle
pairs at once from the signed crossings of the two graphs in one random
regular projection (see :mod:`snappy_nn._pointcloud_crossings`); each
reported witness is then recomputed with the closed-form Gauss integral
:func:`snappy_nn.linking.gauss_integral`. ``method="gauss"`` evaluates that
closed form for every cycle pair whose bounding boxes overlap. Two closed
curves in disjoint boxes lie in disjoint convex sets, which a plane
separates, so their linking number is 0 and they are skipped. Cycle pairs that
come closer than ``tolerance`` times the diameter of the two classes have no
linking number. They are counted in ``pairs_undefined`` and never reported
as witnesses.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np

from snappy_nn._geometry import polygon_distance
from snappy_nn._pointcloud_crossings import cycle_linking_matrix
from snappy_nn._pointcloud_graph import CycleBasis, cycle_basis, flag_cycle_rank, knn_edges
from snappy_nn.errors import SnappyNNError
from snappy_nn.linking import MAX_RESIDUAL, gauss_integral

logger = logging.getLogger(__name__)

__all__ = [
    "PAPER_EPSILONS",
    "CycleBasis",
    "EpsilonSearch",
    "LinkingResult",
    "PointCloudError",
    "Witness",
    "default_epsilon",
    "detect_linking",
    "fundamental_cycles",
    "knn_graph",
    "linking_consistency",
    "minimal_epsilon",
    "pca_project",
]

# The ε sequence over which Ren and Lim measure linking consistency.
PAPER_EPSILONS = (0.11, 0.14, 0.17, 0.2, 0.3, 1.0, 30.0)

DEFAULT_K = 8
DEFAULT_MIN_CYCLE_LENGTH = 4
DEFAULT_TOLERANCE = 1e-9
METHODS = ("crossings", "gauss")

LINKED = "linked"
UNLINKED = "unlinked"
NO_CYCLE = "no essential cycle"


class PointCloudError(SnappyNNError, ValueError):
    """A labelled point cloud is unusable: wrong shape, non-finite values, unknown class."""


@dataclass(frozen=True)
class Witness:
    """A pair of cycles, one per class, with nonzero linking number.

    Attributes
    ----------
    linking_number : int
        Exact linking number, first class on the first cycle.
    gauss : float or None
        Closed-form Gauss integral of the two polygons, before rounding;
        ``None`` for witnesses that were not recomputed (see ``verify``).
    cycles : tuple of numpy.ndarray
        Indices, into the input ``points``, of the vertices of each cycle in
        order; each polygon closes from its last vertex to its first.
    """

    linking_number: int
    gauss: float
    cycles: tuple

    @property
    def lengths(self):
        """Number of vertices of each cycle."""
        return tuple(len(c) for c in self.cycles)

    def to_dict(self):
        """Return plain types for JSON."""
        return {
            "linking_number": int(self.linking_number),
            "gauss": None if self.gauss is None else float(self.gauss),
            "lengths": list(self.lengths),
            "cycles": [c.tolist() for c in self.cycles],
        }


@dataclass
class LinkingResult:
    """Outcome of :func:`detect_linking` for one pair of classes.

    ``status`` is ``"linked"``, ``"unlinked"`` or ``"no essential cycle"``;
    ``reason`` explains the last one.

    Counts:

    - ``cycles``: kept basis cycles per class.
    - ``pairs``: cross-class cycle pairs.
    - ``pairs_pruned``: pairs skipped because their bounding boxes are
      disjoint (method ``"gauss"`` only).
    - ``pairs_undefined``: pairs whose cycles touch.
    - ``duplicates``: repeated points merged, per class.
    - ``essential``: per class, the rank over GF(2) of the first homology of
      the graph's flag complex, which counts the cycles that are not sums of
      the graph's own triangles. It is ``None`` where the graph had too many
      triangles to check.
    """

    classes: tuple
    status: str
    witnesses: list = field(default_factory=list)
    cycles: tuple = (0, 0)
    pairs: int = 0
    pairs_pruned: int = 0
    pairs_undefined: int = 0
    duplicates: tuple = (0, 0)
    essential: tuple = (0, 0)
    reason: str = ""
    parameters: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def linked(self):
        """True when a witness was found."""
        return self.status == LINKED

    def to_dict(self):
        """Return plain types for JSON."""
        return {
            "classes": [_plain(c) for c in self.classes],
            "status": self.status,
            "linked": self.linked,
            "reason": self.reason,
            "cycles": [int(c) for c in self.cycles],
            "pairs": int(self.pairs),
            "pairs_pruned": int(self.pairs_pruned),
            "pairs_undefined": int(self.pairs_undefined),
            "duplicates": [int(c) for c in self.duplicates],
            "essential": [None if c is None else int(c) for c in self.essential],
            "parameters": {k: _plain(v) for k, v in self.parameters.items()},
            "seconds": float(self.seconds),
            "witnesses": [w.to_dict() for w in self.witnesses],
        }


@dataclass
class EpsilonSearch:
    """Smallest ε with a witness (``None`` if there is none) and the probes run."""

    epsilon: float | None
    result: LinkingResult | None
    probes: list = field(default_factory=list)


def pca_project(points, dimension=3, *, unit_variance=False):
    """Project points onto their first principal components.

    Parameters
    ----------
    points : array_like, shape (n, d)
    dimension : int
        Number of components kept.
    unit_variance : bool
        Scale every component to variance 1.

    Returns
    -------
    numpy.ndarray, shape (n, dimension)
        Centred coordinates; component signs are fixed so that the entry of
        largest magnitude in each principal axis is positive.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> pca_project(np.concatenate(hopf_link(8).components)).shape
    (16, 3)
    """
    points = _finite_matrix(points)
    if len(points) < 2 or dimension > points.shape[1]:
        raise PointCloudError(
            f"PCA to R^{dimension} needs at least 2 points with at least {dimension} "
            f"coordinates; got shape {points.shape}"
        )
    centred = points - points.mean(axis=0)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    axes = axes[:dimension]
    flip = np.sign(axes[np.arange(dimension), np.abs(axes).argmax(axis=1)])
    projected = centred @ (axes * flip[:, None]).T
    if unit_variance:
        spread = projected.std(axis=0)
        projected = projected / np.where(spread > 0, spread, 1.0)
    return projected


def default_epsilon(points, quantile=0.7):
    """Return the ``quantile`` of the nearest-neighbour distances of ``points``.

    Ren and Lim use the 70th percentile as a typical ε.

    Examples
    --------
    >>> default_epsilon(np.array([[0.0, 0, 0], [1, 0, 0], [3, 0, 0]]), quantile=1.0)
    2.0
    """
    from scipy.spatial import cKDTree

    points = _finite_matrix(points)
    if len(points) < 2:
        raise PointCloudError(f"ε needs at least 2 points; got {len(points)}")
    distances, _ = cKDTree(points).query(points, k=2)
    return float(np.quantile(distances[:, 1], quantile))


def knn_graph(points, k=DEFAULT_K, *, epsilon=None, mutual=False):
    """Return the edges of the ε-filtered k-nearest-neighbour graph of one class.

    Edge ``(i, j)``, ``i < j``, is present when ``j`` is among the ``k``
    nearest neighbours of ``i`` or ``i`` among those of ``j`` (both, with
    ``mutual``), and ``|x_i − x_j| ≤ epsilon`` when ``epsilon`` is given.

    Examples
    --------
    >>> square = np.array([[0.0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]])
    >>> knn_graph(square, k=2).tolist()
    [[0, 1], [0, 3], [1, 2], [2, 3]]
    """
    points = _finite_matrix(points)
    _check_parameters(k, epsilon)
    return knn_edges(points, k, epsilon=epsilon, mutual=mutual)


def fundamental_cycles(
    points, k=DEFAULT_K, *, epsilon=None, mutual=False,
    min_length=DEFAULT_MIN_CYCLE_LENGTH, max_cycles=None,
):
    """Return the fundamental cycle basis of the k-NN graph of one class.

    Cycles shorter than ``min_length`` vertices are dropped; ``max_cycles``
    keeps only that many of the longest. The orientation rule is in the
    module's Conventions.

    Examples
    --------
    >>> square = np.array([[0.0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]])
    >>> basis = fundamental_cycles(square, k=2)
    >>> len(basis), basis.cycle(0).tolist()
    (1, [2, 3, 0, 1])
    """
    points = _finite_matrix(points)
    _check_parameters(k, epsilon, min_length, max_cycles)
    edges = knn_edges(points, k, epsilon=epsilon, mutual=mutual)
    return cycle_basis(len(points), edges, min_length=min_length, max_cycles=max_cycles)


def detect_linking(
    points, labels, pair=None, *, k=DEFAULT_K, epsilon=None, mutual=False,
    min_cycle_length=DEFAULT_MIN_CYCLE_LENGTH, max_cycles=None, first=False,
    method="crossings", tolerance=DEFAULT_TOLERANCE, seed=0, verify=1,
):
    """Decide whether two classes of a point cloud in R^3 are linked.

    Parameters
    ----------
    points : array_like, shape (n, 3)
    labels : array_like, shape (n,)
    pair : tuple of two labels, optional
        The classes to compare; may be omitted when there are exactly two.
    k : int
        Neighbours per point in each class's graph.
    epsilon : float, optional
        Maximum length of a kept edge; ``None`` keeps every k-NN edge.
    mutual : bool
        Keep an edge only when each end is among the other's neighbours.
    min_cycle_length : int
        Fewest vertices of a basis cycle that is tested (at least 3).
    max_cycles : int, optional
        Test only this many of the longest cycles of each class.
    first : bool
        Report only the first witness (smallest cycle indices).
    method : {"crossings", "gauss"}
        How the cycle pairs are evaluated (see the module's Exactness notes).
    tolerance : float
        Cycles closer than ``tolerance`` times the diameter of the two
        classes count as touching.
    seed : int
        Seed of the random projection directions of ``"crossings"``.
    verify : int
        With ``"crossings"``, recompute this many witnesses (the first ones)
        with the closed-form Gauss integral; a disagreement drops the pair
        with a logged warning. The others keep ``gauss=None``.

    Returns
    -------
    LinkingResult

    Raises
    ------
    PointCloudError
        On malformed input: shapes, lengths, non-finite values, a missing class.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(12)
    >>> labels = np.repeat([0, 1], 12)
    >>> result = detect_linking(np.concatenate([X, Y]), labels, k=2)
    >>> result.status, result.witnesses[0].linking_number
    ('linked', -1)
    """
    started = time.perf_counter()
    points, labels = _validate_cloud(points, labels)
    pair = _resolve_pair(labels, pair)
    _check_parameters(k, epsilon, min_cycle_length, max_cycles)
    if method not in METHODS:
        raise PointCloudError(f"method must be one of {METHODS}; got {method!r}")
    parameters = {
        "k": int(k), "epsilon": epsilon, "mutual": bool(mutual),
        "min_cycle_length": int(min_cycle_length), "max_cycles": max_cycles,
        "method": method, "seed": seed, "verify": verify,
    }

    # 1. Per class: merge repeated points, build the graph and its cycle basis.
    classes = []
    for label in pair:
        index = np.flatnonzero(labels == label)
        unique, first_index = _merge_duplicates(points[index], label)
        edges = knn_edges(unique, k, epsilon=epsilon, mutual=mutual)
        basis = cycle_basis(
            len(unique), edges, min_length=min_cycle_length, max_cycles=max_cycles
        )
        essential = flag_cycle_rank(len(unique), edges) if len(basis) else 0
        classes.append((unique, index[first_index], basis, len(index) - len(unique), essential))
    result = LinkingResult(
        classes=tuple(pair), status=UNLINKED, parameters=parameters,
        cycles=tuple(len(c[2]) for c in classes), duplicates=tuple(c[3] for c in classes),
        essential=tuple(c[4] for c in classes),
    )

    # 2. A class whose cycles are all too short, or all sums of its own
    # triangles, has nothing that can wind around the other class.
    empty = [(label, c) for label, c in zip(pair, classes, strict=True) if not c[4]]
    if empty:
        result.status = NO_CYCLE
        result.reason = "; ".join(_no_cycle_reason(label, c, parameters) for label, c in empty)
    else:
        # 3. Linking numbers of all cross-class cycle pairs.
        result.pairs = len(classes[0][2]) * len(classes[1][2])
        touch = tolerance * _diameter(np.concatenate([classes[0][0], classes[1][0]]))
        evaluate = _pairs_by_crossings if method == "crossings" else _pairs_by_gauss
        evaluate(classes, touch, first, seed, verify, result)
        if result.witnesses:
            result.status = LINKED
    result.seconds = time.perf_counter() - started
    logger.info("classes %s: %s in %.3f s", pair, result.status, result.seconds)
    return result


def minimal_epsilon(points, labels, pair=None, *, k=DEFAULT_K, **options):
    """Return the smallest ε at which the two classes have a witness.

    Witnesses can only appear when ε passes the length of a k-NN edge, so
    the search runs over the sorted k-NN edge lengths of both classes. An
    exponential probe (indices 1, 3, 7, …) brackets the first success, and
    bisection narrows the bracket to one edge length. The result is exact
    when the presence of a witness is monotone in ε, as it is whenever
    growing graphs keep their old cycles in their homology.

    Parameters
    ----------
    points, labels, pair, k
        As for :func:`detect_linking`.
    **options
        Further keyword arguments of :func:`detect_linking` except ``epsilon``.

    Returns
    -------
    EpsilonSearch

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(12)
    >>> search = minimal_epsilon(np.concatenate([X, Y]), np.repeat([0, 1], 12), k=2)
    >>> round(search.epsilon, 4), search.result.witnesses[0].linking_number
    (0.5176, -1)
    """
    points, labels = _validate_cloud(points, labels)
    pair = _resolve_pair(labels, pair)
    candidates = _edge_lengths(points, labels, pair, k)
    search = EpsilonSearch(None, None)

    def probe(i):
        result = detect_linking(
            points, labels, pair, k=k, epsilon=float(candidates[i]), first=True, **options
        )
        search.probes.append((float(candidates[i]), result.status))
        return result

    # Exponential probe for a bracket (last failure, first success].
    low, high, found, step = -1, None, None, 1
    while True:
        i = min(step, len(candidates)) - 1
        result = probe(i) if i >= 0 else None
        if result is not None and result.linked:
            high, found = i, result
            break
        low = i
        if i >= len(candidates) - 1:
            return search
        step *= 2

    # Bisection inside the bracket.
    while high - low > 1:
        middle = (low + high) // 2
        result = probe(middle)
        if result.linked:
            high, found = middle, result
        else:
            low = middle
    search.epsilon, search.result = float(candidates[high]), found
    return search


def linking_consistency(points, labels, pair=None, *, epsilons=PAPER_EPSILONS, **options):
    """Return the fraction of ε values at which a witness is found, with the results.

    Parameters
    ----------
    points, labels, pair
        As for :func:`detect_linking`.
    epsilons : sequence of float
        Values of ε to try; by default Ren and Lim's sequence
        0.11, 0.14, 0.17, 0.2, 0.3, 1.0, 30.0.
    **options
        Further keyword arguments of :func:`detect_linking` except ``epsilon``.

    Returns
    -------
    (float, list of LinkingResult)

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(12)
    >>> fraction, _ = linking_consistency(
    ...     np.concatenate([X, Y]), np.repeat([0, 1], 12), k=2, epsilons=(0.3, 1.0))
    >>> fraction
    0.5
    """
    epsilons = list(epsilons)
    if not epsilons:
        raise PointCloudError("epsilons is empty; pass at least one value of ε")
    results = [
        detect_linking(points, labels, pair, epsilon=e, first=True, **options) for e in epsilons
    ]
    return sum(r.linked for r in results) / len(results), results


def _pairs_by_crossings(classes, touch, first, seed, verify, result):
    (points_a, index_a, basis_a, *_), (points_b, index_b, basis_b, *_) = classes
    linking, undefined = cycle_linking_matrix(
        points_a, basis_a, points_b, basis_b, touch_distance=touch, seed=seed
    )
    result.pairs_undefined = int(undefined.nnz)
    undefined = undefined.tocoo()
    skip = set(zip(undefined.row.tolist(), undefined.col.tolist(), strict=True))
    linking = linking.tocoo()
    order = np.lexsort((linking.col, linking.row))
    rows, cols = linking.row[order].tolist(), linking.col[order].tolist()
    for a, b, crossings in zip(rows, cols, linking.data[order].tolist(), strict=True):
        if (a, b) in skip:
            continue
        cycle_a, cycle_b = basis_a.cycle(a), basis_b.cycle(b)
        gauss = None
        if len(result.witnesses) < verify:
            gauss = gauss_integral(points_a[cycle_a], points_b[cycle_b])
            if int(np.rint(gauss)) != crossings or abs(gauss - crossings) > MAX_RESIDUAL:
                logger.warning(
                    "cycle pair (%d, %d): crossings give %d but the Gauss integral is %.6f; "
                    "the pair is skipped", a, b, crossings, gauss,
                )
                continue
        result.witnesses.append(Witness(crossings, gauss, (index_a[cycle_a], index_b[cycle_b])))
        if first:
            return


def _pairs_by_gauss(classes, touch, first, seed, verify, result):
    del seed, verify
    (points_a, index_a, basis_a, *_), (points_b, index_b, basis_b, *_) = classes
    low_a, high_a = _boxes(points_a, basis_a)
    low_b, high_b = _boxes(points_b, basis_b)
    for a in range(len(basis_a)):
        # Disjoint boxes lie on two sides of a plane, so those pairs have linking number 0.
        overlap = np.all((low_a[a] <= high_b + touch) & (low_b <= high_a[a] + touch), axis=1)
        result.pairs_pruned += int(len(overlap) - overlap.sum())
        cycle_a = basis_a.cycle(a)
        for b in np.flatnonzero(overlap):
            cycle_b = basis_b.cycle(b)
            polygon_a, polygon_b = points_a[cycle_a], points_b[cycle_b]
            if polygon_distance(polygon_a, polygon_b)[0] <= touch:
                result.pairs_undefined += 1
                continue
            gauss = gauss_integral(polygon_a, polygon_b)
            value = int(np.rint(gauss))
            if abs(gauss - value) > MAX_RESIDUAL:
                result.pairs_undefined += 1
                continue
            if value:
                witness = Witness(value, gauss, (index_a[cycle_a], index_b[cycle_b]))
                result.witnesses.append(witness)
                if first:
                    return


def _boxes(points, basis):
    coordinates = points[basis.vertices]
    starts = basis.offsets[:-1]
    return (
        np.minimum.reduceat(coordinates, starts, axis=0),
        np.maximum.reduceat(coordinates, starts, axis=0),
    )


def _edge_lengths(points, labels, pair, k):
    from scipy.spatial import cKDTree

    lengths = []
    for label in pair:
        cloud = np.unique(points[labels == label], axis=0)
        if len(cloud) > 1:
            distances, _ = cKDTree(cloud).query(cloud, k=min(k, len(cloud) - 1) + 1)
            lengths.append(distances[:, 1:].ravel())
    lengths = np.unique(np.concatenate(lengths)) if lengths else np.zeros(0)
    return lengths[lengths > 0]


def _merge_duplicates(points, label):
    unique, first_index = np.unique(points, axis=0, return_index=True)
    order = np.argsort(first_index)
    merged = len(points) - len(unique)
    if merged:
        logger.warning("class %s: %d repeated points merged into one each", label, merged)
    return unique[order], first_index[order]


def _no_cycle_reason(label, data, parameters):
    unique, _, basis, _, _ = data
    if len(unique) < 3:
        return (
            f"class {_plain(label)} has {len(unique)} distinct point(s), and a cycle needs "
            "at least 3; add points to the class"
        )
    if len(basis):
        return (
            f"every cycle of class {_plain(label)}'s graph is a sum of its triangles "
            f"at k={parameters['k']}, epsilon={parameters['epsilon']}; raise k or epsilon"
        )
    return (
        f"class {_plain(label)} ({len(unique)} distinct points) has {basis.total} "
        f"fundamental cycle(s), none with at least {parameters['min_cycle_length']} "
        f"vertices at k={parameters['k']}, epsilon={parameters['epsilon']}; raise k or "
        "epsilon, or lower min_cycle_length"
    )


def _validate_cloud(points, labels):
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 3:
        raise PointCloudError(
            f"points must have shape (n, 3); got {points.shape}. Project data with "
            "pca_project(points) first"
        )
    if labels.ndim != 1 or len(labels) != len(points):
        raise PointCloudError(
            f"labels must have one entry per point: {len(points)} points but labels of "
            f"shape {labels.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(points).all(axis=1))
    if len(bad):
        raise PointCloudError(
            f"{len(bad)} point(s) have NaN or infinite coordinates, first at row {bad[0]}; "
            "drop or impute them"
        )
    return points, labels


def _resolve_pair(labels, pair):
    present = np.unique(labels)
    if pair is None:
        if len(present) != 2:
            raise PointCloudError(
                f"the data has {len(present)} classes {present.tolist()[:10]}; "
                "choose two with pair=(a, b)"
            )
        return tuple(present.tolist())
    pair = tuple(pair)
    if len(pair) != 2 or pair[0] == pair[1]:
        raise PointCloudError(f"pair must name two different classes; got {pair!r}")
    for label in pair:
        if label not in present:
            raise PointCloudError(
                f"class {label!r} is not among the labels {present.tolist()[:10]}"
            )
    return pair


def _check_parameters(k, epsilon, min_length=3, max_cycles=None):
    if int(k) != k or k < 1:
        raise PointCloudError(f"k must be a positive integer; got {k!r}")
    if epsilon is not None and not (np.isfinite(epsilon) and epsilon > 0):
        raise PointCloudError(f"epsilon must be a positive number or None; got {epsilon!r}")
    if int(min_length) != min_length or min_length < 3:
        raise PointCloudError(
            f"the minimum cycle length must be an integer >= 3; got {min_length!r}"
        )
    if max_cycles is not None and (int(max_cycles) != max_cycles or max_cycles < 1):
        raise PointCloudError(f"max_cycles must be a positive integer or None; got {max_cycles!r}")


def _finite_matrix(points):
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2:
        raise PointCloudError(f"points must be a 2-D array (n, d); got shape {points.shape}")
    if not np.isfinite(points).all():
        raise PointCloudError("points contain NaN or infinite values; drop or impute them")
    return points


def _diameter(points):
    return float(np.linalg.norm(points.max(axis=0) - points.min(axis=0)))


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value
