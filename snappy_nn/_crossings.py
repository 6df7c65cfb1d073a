"""Crossings of closed polygons under a parallel projection, found without a double loop.

The polygons are projected onto the plane orthogonal to a direction ``d``,
seen from the side ``d`` points to: the plane has the right-handed basis
(u, v) with u × v = d, and the height of a point is its coordinate along d,
so the over strand at a crossing is the one with the larger height.

Candidate segment pairs come from a uniform grid: every segment is cut into
pieces no longer than a cell, each piece is entered in the cells its bounding
box meets, and only segments sharing a cell are tested. When only crossings
between different components are needed (linking numbers), coarse grids
first drop every segment whose neighbourhood contains a single component, so a
link of millions of vertices with a few crossings is reduced to a few
thousand segments before any pair is formed.

A projection is regular when no vertex lies on or near another segment, no
two segments overlap, no segment is seen edge-on, no point is a crossing of
three strands, and the heights at every crossing differ. An irregular
projection raises :class:`~snappy_nn.errors.GeneralPositionError`, which the
callers catch to try another direction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from snappy_nn._geometry import segment_segment_distance
from snappy_nn.errors import ComponentsTouchError, GeneralPositionError

# Coarse filtering stops once this few segments remain or a round keeps most of them.
FILTER_TARGET = 20_000
FILTER_KEEP_RATIO = 0.7
MAX_COARSE_GRID = 2048

# Pieces per segment, on average, above which the fine grid cell is enlarged.
MAX_PIECES_PER_SEGMENT = 8


@dataclass(frozen=True)
class SegmentTable:
    """Segments of several closed polygons in one set of flat arrays.

    ``points`` contains the vertices as three contiguous coordinate rows, shape
    (3, N). Segment ``g`` joins vertex ``g`` to vertex ``next[g]``; it is
    segment ``local[g]`` of component ``owner[g]``, whose segments are
    ``offsets[c]`` to ``offsets[c + 1] - 1``.
    """

    points: np.ndarray
    next: np.ndarray
    owner: np.ndarray
    local: np.ndarray
    offsets: np.ndarray

    @classmethod
    def from_components(cls, components):
        """Build the table of the closed polygons ``components`` (arrays of shape (n, 3))."""
        components = [np.asarray(c, dtype=np.float64) for c in components]
        sizes = np.array([len(c) for c in components], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        points = np.ascontiguousarray(np.concatenate(components).T)
        following = np.arange(1, offsets[-1] + 1)
        following[offsets[1:] - 1] = offsets[:-1]
        owner = np.repeat(np.arange(len(components)), sizes)
        local = np.arange(offsets[-1]) - offsets[owner]
        return cls(points, following, owner, local, offsets)

    @property
    def sizes(self):
        """Number of segments of each component."""
        return np.diff(self.offsets)

    def shift_to_next(self, values):
        """Return ``values[next]`` for per-vertex values, by a shift instead of a gather."""
        shifted = np.empty_like(values)
        shifted[:-1] = values[1:]
        shifted[self.offsets[1:] - 1] = values[self.offsets[:-1]]
        return shifted

    def start(self, segments):
        """Return the start points of ``segments``, shape (len(segments), 3)."""
        return self.points[:, segments].T

    def end(self, segments):
        """Return the end points of ``segments``, shape (len(segments), 3)."""
        return self.points[:, self.next[segments]].T

    def diameter(self):
        """Return the length of the diagonal of the bounding box of all vertices."""
        return float(np.linalg.norm(self.points.max(axis=1) - self.points.min(axis=1)))


@dataclass(frozen=True)
class Crossings:
    """The crossings of one regular projection, one entry per crossing.

    ``over`` and ``under`` are global segment indices (see
    :class:`SegmentTable`), ``over_t`` and ``under_t`` the parameters in
    (0, 1) of the crossing point along them, ``sign`` the crossing sign
    (+1 right-handed, −1 left-handed) and ``point`` the crossing in plane
    coordinates.
    """

    over: np.ndarray
    under: np.ndarray
    over_t: np.ndarray
    under_t: np.ndarray
    sign: np.ndarray
    point: np.ndarray
    direction: np.ndarray
    basis: np.ndarray

    def __len__(self):
        return len(self.over)


def projection_basis(direction):
    """Return rows u, v, d of an orthonormal basis with u × v = d, d along ``direction``."""
    d = np.asarray(direction, dtype=np.float64)
    norm = np.linalg.norm(d)
    if d.shape != (3,) or not np.isfinite(norm) or norm == 0:
        raise ValueError(f"invalid projection direction {direction!r}: pass a nonzero "
                         "finite 3-vector such as (0, 0, 1)")
    d = d / norm
    helper = np.eye(3)[int(np.argmin(np.abs(d)))]
    u = np.cross(helper, d)
    u /= np.linalg.norm(u)
    v = np.cross(d, u)
    return np.stack([u, v, d])


def random_direction(rng):
    """Return a unit 3-vector drawn uniformly from the sphere."""
    while True:
        d = rng.standard_normal(3)
        norm = np.linalg.norm(d)
        if norm > 1e-3:
            return d / norm


def find_crossings(table, direction, *, touch_limit, regularity, between_only=False):
    """Return the crossings of the projection of ``table`` along ``direction``.

    Parameters
    ----------
    table : SegmentTable
    direction : array_like
        Projection direction; the viewer sits on its positive side.
    touch_limit : float
        Components closer than this in R^3 raise ComponentsTouchError.
    regularity : float
        Plane distance (and height difference) below which two strands count
        as meeting, so the projection is irregular.
    between_only : bool
        Find only crossings between different components, and check
        regularity only there; this is all a linking number needs.

    Raises
    ------
    GeneralPositionError
        If the projection is not regular (tries is 1).
    ComponentsTouchError
        If two components come within ``touch_limit``.
    """
    basis = projection_basis(direction)
    x0, y0, h0 = basis @ table.points
    x1, y1, h1 = (table.shift_to_next(a) for a in (x0, y0, h0))
    margin = max(regularity, touch_limit)

    if between_only:
        sub = _segments_near_other_components(x0, y0, x1, y1, table.owner, margin)
        x0, y0, h0, x1, y1, h1 = (a[sub] for a in (x0, y0, h0, x1, y1, h1))
    else:
        sub = np.arange(len(x0))
    plane0 = np.stack([x0, y0], axis=1)
    plane1 = np.stack([x1, y1], axis=1)

    first, second = _grid_pairs(plane0, plane1, margin)
    keep = first != second
    if between_only:
        keep &= table.owner[sub[first]] != table.owner[sub[second]]
    first, second = first[keep], second[keep]

    adjacent = _are_adjacent(table, sub[first], sub[second])
    _check_touching(table, sub[first[~adjacent]], sub[second[~adjacent]], touch_limit)
    if not between_only:
        _check_edge_on(plane0, plane1, regularity)
        _check_folds(plane0, plane1, first[adjacent], second[adjacent], regularity)
    first, second = first[~adjacent], second[~adjacent]

    s, t, crossing = _intersect(plane0, plane1, first, second, regularity)
    first, second, s, t = first[crossing], second[crossing], s[crossing], t[crossing]
    first, second, s, t = _unique_pairs(first, second, s, t)

    h_first = h0[first] + s * (h1[first] - h0[first])
    h_second = h0[second] + t * (h1[second] - h0[second])
    if np.any(np.abs(h_first - h_second) <= regularity):
        raise GeneralPositionError("two strands meet at a crossing of this projection", 1)
    first_over = h_first > h_second
    over = np.where(first_over, first, second)
    under = np.where(first_over, second, first)
    over_t = np.where(first_over, s, t)
    under_t = np.where(first_over, t, s)
    _check_spacing(plane0, plane1, np.concatenate([over, under]),
                   np.concatenate([over_t, under_t]), regularity)

    d_over = plane1[over] - plane0[over]
    d_under = plane1[under] - plane0[under]
    sign = np.sign(_cross2(d_over, d_under)).astype(np.int64)
    point = plane0[first] + s[:, None] * (plane1[first] - plane0[first])
    return Crossings(sub[over], sub[under], over_t, under_t, sign, point, basis[2].copy(),
                     basis)


def linking_from_crossings(crossings, owner, count):
    """Return the k×k linking matrix: half the signed crossings of each pair of components."""
    i = owner[crossings.over]
    j = owner[crossings.under]
    between = i != j
    total = np.zeros((count, count), dtype=np.int64)
    np.add.at(total, (i[between], j[between]), crossings.sign[between])
    total = total + total.T
    if np.any(total % 2):
        raise GeneralPositionError("an odd number of signed crossings between two "
                                   "components, so a crossing was missed", 1)
    return total // 2


# Candidate pairs -------------------------------------------------------------


def _cross2(a, b):
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def _pieces(x0, y0, x1, y1, cell):
    """Cut segments into pieces no longer than ``cell``.

    Returns the index of each piece's segment and the piece's end point
    coordinates; segments already short enough are passed through.
    """
    dx, dy = x1 - x0, y1 - y0
    if len(dx) == 0 or max(np.abs(dx).max(), np.abs(dy).max()) * np.sqrt(2) <= cell:
        return None, x0, y0, x1, y1
    count = np.maximum(np.ceil(np.hypot(dx, dy) / cell), 1).astype(np.int64)
    parent = np.repeat(np.arange(len(x0)), count)
    first_piece = np.cumsum(count) - count
    k = np.arange(len(parent)) - first_piece[parent]
    a = k / count[parent]
    b = (k + 1) / count[parent]
    dx, dy = dx[parent], dy[parent]
    px, py = x0[parent], y0[parent]
    return parent, px + a * dx, py + a * dy, px + b * dx, py + b * dy


def _segments_near_other_components(x0, y0, x1, y1, owner, margin):
    """Return the segments whose grid neighbourhood contains another component.

    Coarse grids are applied in rounds while they remove enough segments.
    Two segments of different components that come within ``margin`` in the
    plane always survive, because they meet a common 3×3 block of cells.
    """
    segments = np.arange(len(x0))
    components = int(owner.max()) + 1
    label_type = np.int16 if components < 2**15 - 1 else np.int64
    while len(segments) > FILTER_TARGET:
        lx, ly = min(x0.min(), x1.min()) - 2 * margin, min(y0.min(), y1.min()) - 2 * margin
        extent = max(max(x0.max(), x1.max()) - lx, max(y0.max(), y1.max()) - ly) + 2 * margin
        if not extent > 4 * margin:
            break
        grid = int(min(MAX_COARSE_GRID, max(8, np.sqrt(len(segments)) / 2)))
        cell = extent / grid
        parent, px0, py0, px1, py1 = _pieces(x0, y0, x1, y1, cell / 2)
        cx = ((np.minimum(px0, px1) - margin - lx) / cell).astype(np.int64) + 1
        cy = ((np.minimum(py0, py1) - margin - ly) / cell).astype(np.int64) + 1
        side = grid + 3
        key = cx * side + cy

        component = owner[segments] if parent is None else owner[segments[parent]]
        component = component.astype(label_type)
        lowest = np.full(side * side, components, dtype=label_type)
        highest = np.full(side * side, -1, dtype=label_type)
        np.minimum.at(lowest, key, component)
        np.maximum.at(highest, key, component)
        lowest = _spread(lowest.reshape(side, side), np.minimum)
        highest = _spread(highest.reshape(side, side), np.maximum)
        hot = (lowest < highest).ravel()[key]

        kept = np.flatnonzero(hot) if parent is None else np.unique(parent[hot])
        done = len(kept) > FILTER_KEEP_RATIO * len(segments)
        segments = segments[kept]
        x0, y0, x1, y1 = x0[kept], y0[kept], x1[kept], y1[kept]
        if done:
            break
    return segments


def _spread(grid, op):
    """Apply ``op`` over each cell's 3×3 neighbourhood."""
    rows = grid.copy()
    rows[1:] = op(rows[1:], grid[:-1])
    rows[:-1] = op(rows[:-1], grid[1:])
    out = rows.copy()
    out[:, 1:] = op(out[:, 1:], rows[:, :-1])
    out[:, :-1] = op(out[:, :-1], rows[:, 1:])
    return out


def _grid_pairs(plane0, plane1, margin):
    """Return segment pairs whose projections, widened by ``margin``, share a grid cell."""
    if len(plane0) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    x0, y0 = plane0[:, 0], plane0[:, 1]
    x1, y1 = plane1[:, 0], plane1[:, 1]
    length = np.hypot(x1 - x0, y1 - y0)
    lx = min(x0.min(), x1.min()) - 2 * margin
    ly = min(y0.min(), y1.min()) - 2 * margin
    extent = max(max(x0.max(), x1.max()) - lx, max(y0.max(), y1.max()) - ly) + 2 * margin
    cell = max(float(np.median(length)), extent / 1e6, 4 * margin, 1e-300)
    if np.ceil(length / cell).sum() > MAX_PIECES_PER_SEGMENT * len(length):
        cell = max(cell, float(length.sum()) / (MAX_PIECES_PER_SEGMENT / 2 * len(length)))

    parent, px0, py0, px1, py1 = _pieces(x0, y0, x1, y1, cell)
    if parent is None:
        parent = np.arange(len(x0))
    lower_x = np.floor((np.minimum(px0, px1) - margin - lx) / cell).astype(np.int64)
    lower_y = np.floor((np.minimum(py0, py1) - margin - ly) / cell).astype(np.int64)
    upper_x = np.floor((np.maximum(px0, px1) + margin - lx) / cell).astype(np.int64)
    upper_y = np.floor((np.maximum(py0, py1) + margin - ly) / cell).astype(np.int64)
    side = int(np.floor(extent / cell)) + 3
    keys, owners = [], []
    span = int(max((upper_x - lower_x).max(), (upper_y - lower_y).max()))
    for dx in range(span + 1):
        for dy in range(span + 1):
            use = (lower_x + dx <= upper_x) & (lower_y + dy <= upper_y)
            keys.append((lower_x[use] + dx) * side + lower_y[use] + dy)
            owners.append(parent[use])
    return _pairs_sharing_key(np.concatenate(keys), np.concatenate(owners))


def _pairs_sharing_key(keys, values):
    """Return every pair of values whose keys are equal (i < j in the sorted order)."""
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    values = values[order]
    boundary = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1], [True]]))
    run_end = np.repeat(boundary[1:], np.diff(boundary))
    position = np.arange(len(keys))
    firsts, seconds = [], []
    offset = 1
    active = position[run_end - position > offset]
    while active.size:
        firsts.append(values[active])
        seconds.append(values[active + offset])
        offset += 1
        active = active[run_end[active] - active > offset]
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = np.concatenate(firsts)
    b = np.concatenate(seconds)
    return np.minimum(a, b), np.maximum(a, b)


def _are_adjacent(table, first, second):
    """Return whether each pair is two consecutive segments of one component."""
    same = table.owner[first] == table.owner[second]
    size = table.sizes[table.owner[first]]
    gap = np.abs(table.local[first] - table.local[second])
    return same & ((gap == 1) | (gap == size - 1))


def _unique_pairs(first, second, s, t):
    key = first * (int(max(first.max(initial=0), second.max(initial=0))) + 1) + second
    _, index = np.unique(key, return_index=True)
    return first[index], second[index], s[index], t[index]


# Regularity and touching -------------------------------------------------------


def _check_edge_on(plane0, plane1, regularity):
    delta = plane1 - plane0
    if np.any(np.hypot(delta[:, 0], delta[:, 1]) <= regularity):
        raise GeneralPositionError("a segment is seen edge-on in this projection", 1)


def _check_folds(plane0, plane1, first, second, regularity):
    """Reject consecutive segments whose projections double back onto each other."""
    da = plane1[first] - plane0[first]
    db = plane1[second] - plane0[second]
    sine = _cross2(da, db) / (np.hypot(*da.T) * np.hypot(*db.T))
    if np.any((np.abs(sine) <= 1e-12) & (np.einsum("ij,ij->i", da, db) < 0)):
        raise GeneralPositionError("consecutive segments overlap in this projection", 1)


def _check_touching(table, first, second, touch_limit):
    """Raise ComponentsTouchError for the closest pair of segments of different components."""
    between = table.owner[first] != table.owner[second]
    a, b = first[between], second[between]
    if not a.size:
        return
    a0, a1, b0, b1 = table.start(a), table.end(a), table.start(b), table.end(b)
    distance, s, t = segment_segment_distance(a0, a1, b0, b1)
    k = int(np.argmin(distance))
    if distance[k] > touch_limit:
        return
    i, j = int(a[k]), int(b[k])
    pa = a0[k] + s[k] * (a1[k] - a0[k])
    pb = b0[k] + t[k] * (b1[k] - b0[k])
    components = (int(table.owner[i]), int(table.owner[j]))
    segments = (int(table.local[i]), int(table.local[j]))
    if components[0] > components[1]:
        components, segments = components[::-1], segments[::-1]
    raise ComponentsTouchError(components, distance[k], touch_limit, segments, (pa + pb) / 2)


def _intersect(plane0, plane1, first, second, regularity):
    """Return parameters along each segment and whether the pair crosses.

    Raises GeneralPositionError when an end point lies within ``regularity``
    of the other segment, which covers vertices on segments, tangencies and
    overlapping segments.
    """
    a0, a1 = plane0[first], plane1[first]
    b0, b1 = plane0[second], plane1[second]
    da, db = a1 - a0, b1 - b0
    la, lb = np.hypot(*da.T), np.hypot(*db.T)
    # Signed distances of each end point from the other segment's line.
    side_b0 = _cross2(da, b0 - a0) / la
    side_b1 = _cross2(da, b1 - a0) / la
    side_a0 = _cross2(db, a0 - b0) / lb
    side_a1 = _cross2(db, a1 - b0) / lb
    crossing = (np.sign(side_b0) * np.sign(side_b1) < 0) & (np.sign(side_a0) * np.sign(side_a1) < 0)

    near = np.minimum.reduce([
        _point_segment_distance(b0, a0, da, la), _point_segment_distance(b1, a0, da, la),
        _point_segment_distance(a0, b0, db, lb), _point_segment_distance(a1, b0, db, lb),
    ])
    if np.any(near <= regularity):
        raise GeneralPositionError("a vertex lies on another strand in this projection", 1)

    with np.errstate(divide="ignore", invalid="ignore"):
        s = side_a0 / (side_a0 - side_a1)
        t = side_b0 / (side_b0 - side_b1)
    return s, t, crossing


def _point_segment_distance(p, q0, dq, lq):
    w = p - q0
    along = np.clip(np.einsum("ij,ij->i", w, dq) / (lq * lq), 0.0, 1.0)
    gap = w - along[:, None] * dq
    return np.hypot(gap[:, 0], gap[:, 1])


def _check_spacing(plane0, plane1, segments, params, regularity):
    """Reject two crossings on one segment closer than ``regularity`` (triple points)."""
    if len(segments) < 2:
        return
    order = np.lexsort((params, segments))
    seg = segments[order]
    par = params[order]
    same = seg[1:] == seg[:-1]
    delta = plane1[seg[1:]] - plane0[seg[1:]]
    gap = (par[1:] - par[:-1]) * np.hypot(delta[:, 0], delta[:, 1])
    if np.any(same & (gap <= regularity)):
        raise GeneralPositionError("three strands meet at one point of this projection", 1)
