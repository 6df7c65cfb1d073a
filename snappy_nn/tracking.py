"""Follow a link through a network, layer by layer, with exact linking numbers.

:func:`track` maps every component of a :class:`~snappy_nn.curves.PolygonalLink`
through each layer map of a width-d model and reports, per layer, the exact
linking matrix, the minimum distance between components, a status (linked,
unlinked, or undefined because components touch), a cross-check through a
rebuilt spherogram diagram, and how far the polygon had to be refined.

Conventions
-----------
The image of a polygon under a layer map is the polygon through the images of
its vertices. That is faithful only if each image segment stays near its chord
compared with the distance to the other components, so source segments are
halved until, at every layer, the image of each segment's midpoint lies within
``safety`` times that distance of the chord's midpoint. A collision is
permanent: once two images share a point, every later layer maps that point
to a common point too.

Where the linking matrix changes between consecutive layers, the straight-line
homotopy (1 − t)·F_{k−1}(x) + t·F_k(x) is searched for the times at which one
component passes through another. The signed changes found telescope, so they
always add up to the difference of the two matrices.

Warning
-------
The midpoint test is a sampled criterion, not a proof that the image curve
stays inside the safety tube; a layer that bends a short segment sharply
between its endpoints and its midpoint can escape it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import torch

from snappy_nn._geometry import polygon_distance
from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import SnappyNNError
from snappy_nn.linking import DEFAULT_TOLERANCE, linking_matrix

log = logging.getLogger(__name__)

DEFAULT_SAFETY = 0.25
DEFAULT_MAX_VERTICES = 1500

# Grid of homotopy times searched first, then each change is bisected to this width.
EVENT_GRID = 9
EVENT_WIDTH = 1e-3


@dataclass
class CrossingEvent:
    """A time on the straight-line homotopy where one component passes through another.

    Attributes
    ----------
    time : float
        Homotopy parameter t in [0, 1], known to within ``EVENT_WIDTH``.
    components : tuple of int
        The two components.
    change : int
        Change of their linking number across ``time``, usually ±1.
    point : numpy.ndarray
        Where the two components come closest at ``time``.
    distance : float
        Their distance at ``time``, near zero.
    """

    time: float
    components: tuple
    change: int
    point: np.ndarray
    distance: float

    def to_dict(self):
        return {
            "time": float(self.time),
            "components": [int(c) for c in self.components],
            "change": int(self.change),
            "point": [float(c) for c in self.point],
            "distance": float(self.distance),
        }


@dataclass
class LayerRecord:
    """What one layer did to the link; see :class:`LayerTrace`.

    ``linking_matrix`` is None when ``status`` is "undefined", and ``touch``
    then stores which components touch, where and how close. ``points`` contains
    the image vertices, one array per component, in the order of the refined
    source; ``image`` is the same as a PolygonalLink, or None when a
    component collapsed to fewer than three distinct points.
    """

    index: int
    name: str
    points: list
    image: PolygonalLink | None
    status: str
    linking_matrix: np.ndarray | None
    d_min: float
    vertices: list
    deviation: float
    touch: dict | None = None
    reason: str = ""
    diagram: str = "skipped"
    diagram_matrix: np.ndarray | None = None
    events: list = field(default_factory=list)
    invariants: dict | None = None

    def to_dict(self):
        matrix = self.linking_matrix
        return {
            "index": self.index,
            "name": self.name,
            "status": self.status,
            "linking_matrix": None if matrix is None else matrix.tolist(),
            "d_min": float(self.d_min),
            "vertices": [int(v) for v in self.vertices],
            "deviation": float(self.deviation),
            "touch": self.touch,
            "reason": self.reason,
            "diagram": self.diagram,
            "diagram_matrix": None if self.diagram_matrix is None
            else self.diagram_matrix.tolist(),
            "events": [e.to_dict() for e in self.events],
            "invariants": self.invariants,
        }


@dataclass
class LayerTrace:
    """Per-layer report of a link pushed through a model.

    Attributes
    ----------
    link_name : str
    model_name : str
    records : list of LayerRecord
        Record 0 is the input link, record k the image after layer map k.
    safety : float
        Allowed midpoint deviation as a fraction of the distance to other components.
    info : dict
        Extra facts to show, such as training accuracy.
    """

    link_name: str
    model_name: str
    records: list
    safety: float
    info: dict = field(default_factory=dict)

    @property
    def final(self):
        return self.records[-1]

    @property
    def errors(self):
        """Return the layers whose diagram cross-check disagreed, as messages."""
        return [
            f"layer {r.index}: diagram linking matrix {r.diagram_matrix.tolist()} differs "
            f"from the exact {r.linking_matrix.tolist()}"
            for r in self.records
            if r.diagram == "disagrees"
        ]

    def table(self):
        """Return the per-layer report as aligned text."""
        header = ["layer", "map", "linking", "d_min", "status", "vertices", "diagram"]
        rows = [header]
        for r in self.records:
            rows.append([
                str(r.index),
                r.name,
                format_linking(r.linking_matrix),
                f"{r.d_min:.3g}",
                r.status,
                str(max(r.vertices)),
                r.diagram,
            ])
        widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
        lines = [
            "  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        for r in self.records:
            if r.reason:
                lines.append(f"  layer {r.index}: {r.reason}")
            for e in r.events:
                where = ", ".join(f"{c:.3g}" for c in e.point)
                several = (f" (several crossings within Δt = {EVENT_WIDTH:g})"
                           if abs(e.change) > 1 else "")
                lines.append(
                    f"  layer {r.index}: components {e.components[0]} and {e.components[1]} "
                    f"cross at t = {e.time:.4f} near ({where}), linking change {e.change:+d}"
                    f"{several}"
                )
        for r in self.records:
            lines.extend(f"  layer {r.index}: {text}" for text in _invariant_lines(r.invariants))
        lines.extend(f"  ERROR {message}" for message in self.errors)
        return "\n".join(lines)

    def to_dict(self):
        """Return the report as a JSON-ready dict."""
        return {
            "link": self.link_name,
            "model": self.model_name,
            "safety": self.safety,
            "info": self.info,
            "errors": self.errors,
            "layers": [r.to_dict() for r in self.records],
        }


def format_linking(matrix):
    """Return the upper-triangle entries of a linking matrix as text, "-" when undefined.

    Examples
    --------
    >>> format_linking(np.array([[0, -1], [-1, 0]]))
    '-1'
    >>> format_linking(np.array([[0, 1, 0], [1, 0, 2], [0, 2, 0]]))
    '[1 0 2]'
    """
    if matrix is None:
        return "-"
    upper = [str(int(matrix[i, j])) for i in range(len(matrix)) for j in range(i + 1, len(matrix))]
    if len(upper) == 1:
        return upper[0]
    return "[" + " ".join(upper) + "]"


def track(link, model, *, fine=False, safety=DEFAULT_SAFETY, max_vertices=DEFAULT_MAX_VERTICES,
          tolerance=DEFAULT_TOLERANCE, locate_changes=True, diagram=True, name=None,
          invariants=()):
    """Push a link through every layer map of a model and report each image.

    Parameters
    ----------
    link : PolygonalLink
        Components in R^d, d equal to the model's width (3 for linking numbers).
    model : WidthModel or sequence of callables
        A model from :mod:`snappy_nn.nn.models` (its ``layer_maps(fine)`` are
        used) or an explicit list of torch modules or numpy maps R^d → R^d.
    fine : bool
        Separate every affine map and activation where the model allows it.
    safety : float
        Allowed distance between the image of a segment midpoint and the
        chord midpoint, as a fraction of the distance from that component to
        the others; smaller is more faithful and slower.
    max_vertices : int
        Refinement stops when a component reaches this many vertices; layers
        still unresolved are reported as undefined, never with a number.
    tolerance : float
        Relative distance below which components count as touching.
    locate_changes : bool
        Search the homotopy between layers whose linking matrices differ.
    diagram : bool
        Cross-check every defined layer with a spherogram diagram rebuilt by
        ``snappy_nn.diagram.project_link``.
    name : str, optional
        Name of the model in the report.
    invariants : iterable of str
        Invariants beyond linking numbers to compute on every defined layer,
        any of ``"group"``, ``"milnor"``, ``"knots"``; see
        :func:`snappy_nn.invariants.invariants_report`. Undefined layers get none.

    Returns
    -------
    LayerTrace

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> flip = lambda p: p * np.array([1.0, 1.0, -1.0])
    >>> trace = track(hopf_link(40), [flip], diagram=False)
    >>> [format_linking(r.linking_matrix) for r in trace.records]
    ['-1', '1']
    """
    maps, model_name = _layer_maps(model, fine)
    if not isinstance(link, PolygonalLink):
        link = PolygonalLink(link)
    if not 0 < safety < 0.5:
        raise SnappyNNError(f"safety must lie in (0, 0.5), got {safety}; 0.25 is the default")

    records, sources = [], []
    for index, (source, image, deviation) in enumerate(
        _refine(link, maps, safety, max_vertices, tolerance)
    ):
        label = "input" if index == 0 else _map_name(maps[index - 1])
        record = _record(index, label, image, deviation, safety, tolerance)
        if diagram and record.linking_matrix is not None:
            record.diagram, record.diagram_matrix = _diagram_check(record.image,
                                                                   record.linking_matrix)
        if invariants and record.linking_matrix is not None:
            record.invariants = _layer_invariants(record.image, tuple(invariants))
            _mark_milnor_linked(record)
        records.append(record)
        sources.append(source)

    if locate_changes:
        for index in range(1, len(records)):
            before, after = records[index - 1], records[index]
            if _changed(before, after):
                # The same source points at both layers, so the homotopy is vertexwise.
                sizes = [len(c) for c in sources[index]]
                points = _images(np.concatenate(sources[index]), maps[: index - 1])[-1]
                start = _split(points, sizes)
                after.events = locate_crossings(start, after.points, before.linking_matrix,
                                                after.linking_matrix, tolerance=tolerance)
    return LayerTrace(link.name or "link", name or model_name, records, float(safety))


# Layer maps ------------------------------------------------------------------


def _layer_maps(model, fine):
    if hasattr(model, "layer_maps"):
        maps = list(model.layer_maps(fine=fine))
        return maps, type(model).__name__
    maps = list(model)
    for m in maps:
        if not callable(m):
            raise SnappyNNError(f"a layer map must be callable, got {type(m).__name__}")
    return maps, "maps"


def _map_name(fn):
    if isinstance(fn, torch.nn.Sequential):
        return "+".join(type(m).__name__ for m in fn)
    if isinstance(fn, torch.nn.Module):
        return type(fn).__name__
    return getattr(fn, "__name__", type(fn).__name__)


def _apply(fn, points):
    if isinstance(fn, torch.nn.Module):
        fn.eval()
        with torch.no_grad():
            return fn(torch.as_tensor(points, dtype=torch.float64)).double().numpy()
    return np.asarray(fn(points), dtype=np.float64)


def _images(points, maps):
    """Return the points after each prefix of ``maps``, the input first."""
    result = [points]
    for fn in maps:
        mapped = _apply(fn, result[-1])
        if mapped.shape != points.shape:
            raise SnappyNNError(
                f"layer map {_map_name(fn)} sent points of shape {points.shape} to "
                f"{mapped.shape}; tracking needs maps R^d -> R^d of the same d"
            )
        result.append(mapped)
    return result


# Adaptive refinement ---------------------------------------------------------


def _refine(link, maps, safety, max_vertices, tolerance):
    """Refine the source polygon layer by layer until each image is faithful.

    Layer k starts from the refinement of the last faithful layer, so a
    refinement is never coarser than the one before it. Vertex k of the image
    at layer k − 1 and at layer k therefore come from the same source point. A
    layer that hits ``max_vertices`` keeps its unresolved image but does not
    pass its refinement on.

    Returns one (source components, image, deviation) triple per image,
    the input first; deviation is the largest midpoint deviation as a
    fraction of the distance that bounds it.
    """
    resolved = [np.array(c) for c in link.components]
    results = []
    for depth in range(len(maps) + 1):
        components = resolved
        while True:
            image, ratio = _image_and_ratio(link, components, maps[:depth], tolerance)
            bad = np.nan_to_num(ratio, nan=0.0) > safety
            if not bad.any():
                resolved = components
                break
            flags = _split(bad, [len(c) for c in components])
            sizes = [len(c) + int(f.sum()) for c, f in zip(components, flags, strict=True)]
            if max(sizes) > max_vertices:
                log.info("layer %d: refinement stopped at %s vertices per component",
                         depth, [len(c) for c in components])
                break
            components = [_subdivide(c, f) for c, f in zip(components, flags, strict=True)]
        results.append((components, image, float(np.nanmax(ratio, initial=0.0))))
    return results


def _image_and_ratio(link, components, maps, tolerance):
    sizes = [len(c) for c in components]
    vertices = _images(np.concatenate(components), maps)[-1]
    midpoints = _images(np.concatenate([_midpoints(c) for c in components]), maps)[-1]
    image = _split(vertices, sizes)
    return image, _deviation_ratio(image, vertices, midpoints, sizes, tolerance)


def _deviation_ratio(image, vertices, midpoints, sizes, tolerance):
    """Return, per segment, |F(mid) − chord mid| over the distance to other components.

    NaN marks segments whose component touches another one, where no
    refinement can help.
    """
    following = np.concatenate([np.roll(c, -1, axis=0) for c in image])
    deviation = np.linalg.norm(midpoints - (vertices + following) / 2, axis=1)
    if len(image) < 2:
        return np.zeros(len(vertices))
    distances = _distances(image)[0]
    np.fill_diagonal(distances, np.inf)
    nearest = distances.min(axis=1)
    per_segment = np.repeat(nearest, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = deviation / per_segment
    ratio[per_segment <= tolerance * _diameter(image)] = np.nan
    return ratio


# Geometry of images that may be degenerate -----------------------------------


def _distinct(vertices):
    """Return the vertices without cyclically consecutive repeats (at least one row)."""
    keep = np.any(vertices != np.roll(vertices, 1, axis=0), axis=1)
    if not keep.any():
        keep[0] = True
    return vertices[keep]


def _diameter(arrays):
    points = np.concatenate(arrays)
    return float(np.linalg.norm(points.max(axis=0) - points.min(axis=0)))


def _pair_distance(a, b):
    """Return (distance, point) between two closed polygons given by distinct vertices.

    A polygon with two distinct vertices is a segment traversed there and back;
    one with a single vertex is a point.
    """
    if len(a) >= 2 and len(b) >= 2:
        distance, _, point = polygon_distance(a, b)
        return distance, np.asarray(point)
    if len(a) > len(b):
        a, b = b, a
    point = a[0]
    if len(b) == 1:
        return float(np.linalg.norm(point - b[0])), (point + b[0]) / 2
    start, end = b, np.roll(b, -1, axis=0)
    direction = end - start
    share = np.clip(np.einsum("ij,ij->i", point - start, direction)
                    / np.einsum("ij,ij->i", direction, direction), 0.0, 1.0)
    nearest = start + share[:, None] * direction
    gaps = np.linalg.norm(nearest - point, axis=1)
    k = int(np.argmin(gaps))
    return float(gaps[k]), (point + nearest[k]) / 2


def _distances(arrays):
    """Return the matrix of distances between components and the closest points."""
    distinct = [_distinct(a) for a in arrays]
    k = len(arrays)
    matrix = np.zeros((k, k))
    points = {}
    for i in range(k):
        for j in range(i + 1, k):
            distance, point = _pair_distance(distinct[i], distinct[j])
            matrix[i, j] = matrix[j, i] = distance
            points[i, j] = point
    return matrix, points


def _analyse(arrays, tolerance):
    """Return (linking matrix or None, d_min, touch dict or None, PolygonalLink or None).

    A component with fewer than three distinct vertices bounds no area, so
    its linking number with any disjoint component is 0.
    """
    k = len(arrays)
    distances, points = _distances(arrays)
    d_min = float(distances[~np.eye(k, dtype=bool)].min()) if k > 1 else float("inf")
    limit = tolerance * _diameter(arrays)
    touching = [(distances[i, j], i, j) for i in range(k) for j in range(i + 1, k)
                if distances[i, j] <= limit]
    proper = [i for i in range(k) if len(_distinct(arrays[i])) >= 3]
    image = PolygonalLink(arrays) if len(proper) == k else None
    if touching:
        distance, i, j = min(touching)
        touch = {"components": [i, j], "distance": float(distance),
                 "point": [float(c) for c in points[i, j]]}
        return None, d_min, touch, image
    matrix = np.zeros((k, k), dtype=np.int64)
    if len(proper) >= 2:
        sub = linking_matrix(PolygonalLink([arrays[i] for i in proper]), tolerance=tolerance)
        matrix[np.ix_(proper, proper)] = sub
    return matrix, d_min, None, image


def _midpoints(vertices):
    return (vertices + np.roll(vertices, -1, axis=0)) / 2


def _subdivide(vertices, bad):
    """Insert the midpoint of every segment flagged in ``bad``."""
    mids = _midpoints(vertices)
    rows = []
    for vertex, mid, flag in zip(vertices, mids, bad, strict=True):
        rows.append(vertex)
        if flag:
            rows.append(mid)
    return np.array(rows)


def _split(array, sizes):
    return np.split(array, np.cumsum(sizes)[:-1])


# Per-layer facts -------------------------------------------------------------


def _record(index, label, points, deviation, safety, tolerance):
    common = dict(index=index, name=label, points=points,
                  vertices=[len(c) for c in points], deviation=deviation)
    try:
        matrix, d_min, touch, image = _analyse(points, tolerance)
    except SnappyNNError as exc:
        distances = _distances(points)[0]
        d_min = float(distances[~np.eye(len(points), dtype=bool)].min(initial=np.inf))
        return LayerRecord(status="undefined", linking_matrix=None, reason=str(exc), image=None,
                           d_min=d_min, **common)
    common.update(image=image, d_min=d_min)
    if touch is not None:
        i, j = touch["components"]
        where = ", ".join(f"{c:.3g}" for c in touch["point"])
        reason = (f"components {i} and {j} touch (distance {touch['distance']:.2g}) "
                  f"near ({where})")
        return LayerRecord(status="undefined", linking_matrix=None, touch=touch, reason=reason,
                           **common)
    if deviation > safety:
        reason = (f"unresolved: at the refinement limit a segment's image still strays from "
                  f"its chord by {deviation:.3g} times the distance between components")
        return LayerRecord(status="undefined", linking_matrix=None, reason=reason, **common)
    status = "linked" if np.any(matrix != 0) else "unlinked"
    return LayerRecord(status=status, linking_matrix=matrix, **common)


def _changed(before, after):
    return (before.linking_matrix is not None and after.linking_matrix is not None
            and np.any(before.linking_matrix != after.linking_matrix))


def _layer_invariants(image, which):
    """Return the requested invariants of a layer image, or the reason they are missing."""
    from snappy_nn.invariants import invariants_report

    if image is None or image.dimension != 3:
        return {"error": "no invariants: a component collapsed or the image is not in R^3"}
    try:
        return invariants_report(image, which)
    except SnappyNNError as exc:
        return {"error": f"invariants failed: {exc}"}


def _mark_milnor_linked(record):
    """Call a layer linked when its linking numbers vanish but a Milnor invariant does not."""
    milnor = (record.invariants or {}).get("milnor", {})
    nonzero = [label for label, entry in milnor.items() if entry["value"] != 0]
    if record.status == "unlinked" and nonzero:
        record.status = "linked"
        record.reason = (f"every linking number is 0 but {nonzero[0].replace('mu', 'μ̄')} "
                         f"= {milnor[nonzero[0]]['value']}")


def _invariant_lines(invariants):
    """Return short text lines for a layer's invariants: Milnor triples, knot types, group."""
    if not invariants:
        return []
    if "error" in invariants:
        return [invariants["error"]]
    lines = []
    milnor = invariants.get("milnor", {})
    triples = [(label, entry) for label, entry in milnor.items()
               if len(entry["indices"]) == 3 and list(entry["indices"]) == sorted(entry["indices"])]
    for label, entry in triples:
        modulus = f" mod {entry['indeterminacy']}" if entry["indeterminacy"] else ""
        lines.append(f"{label.replace('mu', 'μ̄')} = {entry['value']}{modulus}")
    if "knots" in invariants:
        names = ", ".join(k["name"] for k in invariants["knots"])
        lines.append(f"component knot types: {names}")
    if "group" in invariants:
        group = invariants["group"]["snappy"]
        if group:
            lines.append(
                f"link group: {len(group['generators'])} generators, "
                f"{len(group['relators'])} relators (SnapPy)"
            )
    return lines


def _diagram_check(image, matrix):
    """Return ("agrees" | "disagrees" | "unavailable: why", diagram matrix or None)."""
    if image is None:
        return "unavailable: a component collapsed", None
    if image.dimension != 3:
        return "unavailable: not in R^3", None
    try:
        from snappy_nn.diagram import project_link
    except ImportError:
        return "unavailable: snappy_nn.diagram missing", None
    try:
        found = np.asarray(project_link(image).linking_matrix(), dtype=np.int64)
    except Exception as exc:  # a failed cross-check is reported, not fatal
        log.warning("diagram cross-check failed: %s: %s", type(exc).__name__, exc)
        return f"unavailable: {type(exc).__name__}", None
    if found.shape != matrix.shape:
        return "disagrees", found
    return ("agrees" if np.array_equal(found, matrix) else "disagrees"), found


# Crossing changes along the straight-line homotopy ---------------------------


def locate_crossings(start, end, start_matrix, end_matrix, *, tolerance=DEFAULT_TOLERANCE):
    """Return the crossing changes on the homotopy (1 − t)·start + t·end.

    Parameters
    ----------
    start, end : PolygonalLink or list of arrays
        Two links with the same vertex counts, vertex k of ``end`` being the
        image of vertex k of ``start``. Repeated vertices are allowed.
    start_matrix, end_matrix : numpy.ndarray
        Their linking matrices.

    Returns
    -------
    list of CrossingEvent
        Sorted by time. The changes of each component pair add up to the
        difference of the matrices, because consecutive known matrices
        telescope. Two opposite crossings inside one bisection interval
        cancel and go unreported.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> start = hopf_link(40)
    >>> end = start.transformed(np.diag([1.0, 1.0, -1.0]))
    >>> events = locate_crossings(start, end, np.array([[0, -1], [-1, 0]]),
    ...                           np.array([[0, 1], [1, 0]]))
    >>> sum(e.change for e in events), round(events[0].time, 3)
    (2, 0.5)
    """
    a = [np.asarray(c, dtype=np.float64) for c in _arrays(start)]
    b = [np.asarray(c, dtype=np.float64) for c in _arrays(end)]
    if [len(c) for c in a] != [len(c) for c in b]:
        raise SnappyNNError("the two links must have the same number of vertices per component")

    def at(t):
        arrays = [(1 - t) * x + t * y for x, y in zip(a, b, strict=True)]
        try:
            return arrays, _analyse(arrays, tolerance)[0]
        except SnappyNNError:
            return arrays, None

    known = [(0.0, np.asarray(start_matrix))]
    for t in np.linspace(0.0, 1.0, EVENT_GRID)[1:-1]:
        matrix = at(t)[1]
        if matrix is not None:
            known.append((float(t), matrix))
    known.append((1.0, np.asarray(end_matrix)))

    events = []
    for (t0, m0), (t1, m1) in zip(known, known[1:], strict=False):
        events.extend(_bisect(at, t0, m0, t1, m1))
    return events


def _bisect(at, t0, m0, t1, m1):
    if np.array_equal(m0, m1):
        return []
    if t1 - t0 <= EVENT_WIDTH:
        return _events_at(at, (t0 + t1) / 2, m0, m1)
    middle = (t0 + t1) / 2
    matrix = at(middle)[1]
    if matrix is None:
        # The components touch exactly here: this is the event.
        return _events_at(at, middle, m0, m1)
    return _bisect(at, t0, m0, middle, matrix) + _bisect(at, middle, matrix, t1, m1)


def _arrays(link):
    return link.components if isinstance(link, PolygonalLink) else list(link)


def _events_at(at, t, m0, m1):
    arrays = at(t)[0]
    distinct = [_distinct(c) for c in arrays]
    events = []
    for i in range(len(m0)):
        for j in range(i + 1, len(m0)):
            change = int(m1[i, j] - m0[i, j])
            if change:
                distance, point = _pair_distance(distinct[i], distinct[j])
                events.append(CrossingEvent(float(t), (i, j), change, np.asarray(point),
                                            float(distance)))
    return events
