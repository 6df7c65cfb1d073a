"""Linking numbers of every pair of cycles from two graphs at once, by crossings.

Linking is bilinear in 1-chains. In a regular projection, lk(X, Y) is the sum
of the signs of the crossings where X passes over Y. Each cycle is a signed
sum of graph edges (the incidence matrix ``Z``), so with ``C[e, f]`` the sign
of the crossing where edge ``e`` of the first graph passes over edge ``f`` of
the second, the matrix of all cycle-pair linking numbers is ``Z_a^T C Z_b``:
integers, computed exactly with sparse products and no per-pair loop.

Pairs of edges that come closer than a tolerance in R^3 make every cycle pair
through them undefined; those pairs are found the same way with unsigned
incidences.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from snappy_nn._geometry import segment_segment_distance
from snappy_nn.errors import GeneralPositionError

# Orientation tests smaller than this, relative to the squared edge lengths,
# count as degenerate and send the computation to another projection.
DEGENERATE = 1e-10
MAX_TRIES = 8


def cycle_linking_matrix(points_a, basis_a, points_b, basis_b, *, touch_distance, seed=0):
    """Return (linking, undefined) sparse matrices over cycle pairs of two bases.

    ``linking`` contains the nonzero linking numbers (int64); ``undefined`` marks
    the pairs whose cycles come within ``touch_distance``. Raises
    GeneralPositionError when no regular projection is found.
    """
    segments_a = _segments(points_a, basis_a.edges)
    segments_b = _segments(points_b, basis_b.edges)
    za = basis_a.incidence.astype(np.int64)
    zb = basis_b.incidence.astype(np.int64)

    touching = _touching_edges(segments_a, segments_b, touch_distance)
    undefined = (abs(za).T @ touching @ abs(zb)).tocsr()
    undefined.data[:] = 1

    rng = np.random.default_rng(seed)
    for _ in range(MAX_TRIES):
        direction = rng.normal(size=3)
        direction /= np.linalg.norm(direction)
        crossings = _over_crossings(segments_a, segments_b, direction, touching)
        if crossings is not None:
            linking = (za.T @ crossings @ zb).tocsr()
            linking.eliminate_zeros()
            return linking, undefined
    raise GeneralPositionError(
        f"no regular projection of the two graphs was found in {MAX_TRIES} random "
        "directions; remove duplicate points or add a little noise to the data",
        MAX_TRIES,
    )


def _segments(points, edges):
    return points[edges[:, 0]], points[edges[:, 1]]


def _pairs_within(a_mid, b_mid, radius):
    if len(a_mid) == 0 or len(b_mid) == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    found = cKDTree(a_mid).sparse_distance_matrix(cKDTree(b_mid), radius, output_type="ndarray")
    return found["i"].astype(np.intp), found["j"].astype(np.intp)


def _half_max_length(segments):
    start, end = segments
    return float(np.linalg.norm(end - start, axis=1).max(initial=0.0)) / 2


def _touching_edges(segments_a, segments_b, touch_distance):
    (a0, a1), (b0, b1) = segments_a, segments_b
    radius = _half_max_length(segments_a) + _half_max_length(segments_b) + touch_distance
    i, j = _pairs_within((a0 + a1) / 2, (b0 + b1) / 2, radius * (1 + 1e-9))
    if len(i):
        distance, _, _ = segment_segment_distance(a0[i], a1[i], b0[j], b1[j])
        close = distance <= touch_distance
        i, j = i[close], j[close]
    values = np.ones(len(i), dtype=np.int64)
    return sparse.csr_matrix((values, (i, j)), shape=(len(a0), len(b0)))


def _over_crossings(segments_a, segments_b, direction, touching):
    """Return the signed A-over-B crossing matrix, or None if the projection is degenerate.

    Edge pairs marked in ``touching`` are left out: every cycle pair through
    them is undefined anyway, and a touching pair is degenerate in every
    projection.
    """
    (a0, a1), (b0, b1) = segments_a, segments_b
    helper = np.eye(3)[np.argmin(np.abs(direction))]
    e1 = np.cross(direction, helper)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(direction, e1)
    frame = np.stack([e1, e2], axis=1)

    pa0, pa1, pb0, pb1 = a0 @ frame, a1 @ frame, b0 @ frame, b1 @ frame
    radius = _half_max_length((pa0, pa1)) + _half_max_length((pb0, pb1))
    i, j = _pairs_within((pa0 + pa1) / 2, (pb0 + pb1) / 2, radius * (1 + 1e-9))
    if touching.nnz:
        apart = np.asarray(touching[i, j]).ravel() == 0
        i, j = i[apart], j[apart]
    p, q, r, s = pa0[i], pa1[i], pb0[j], pb1[j]

    da, db = q - p, s - r
    scale = np.einsum("ij,ij->i", da, da) * np.einsum("ij,ij->i", db, db)
    side_r = _cross2(da, r - p)
    side_s = _cross2(da, s - p)
    side_p = _cross2(db, p - r)
    side_q = _cross2(db, q - r)
    tiny = DEGENERATE * np.sqrt(scale)
    # Only a near-zero test on a pair that may still cross makes the projection unusable.
    loose_a = (side_r * side_s < 0) | (np.abs(side_r) <= tiny) | (np.abs(side_s) <= tiny)
    loose_b = (side_p * side_q < 0) | (np.abs(side_p) <= tiny) | (np.abs(side_q) <= tiny)
    near = np.stack([side_r, side_s, side_p, side_q])
    near = (np.abs(near) <= tiny).any(axis=0)
    if (near & loose_a & loose_b).any():
        return None

    cross = (side_r * side_s < 0) & (side_p * side_q < 0)
    i, j = i[cross], j[cross]
    t = side_p[cross] / (side_p[cross] - side_q[cross])
    u = side_r[cross] / (side_r[cross] - side_s[cross])
    height_a = (a0[i] + t[:, None] * (a1[i] - a0[i])) @ direction
    height_b = (b0[j] + u[:, None] * (b1[j] - b0[j])) @ direction
    over = height_a > height_b

    # Sign of a crossing, chosen to agree with the Gauss integral's convention.
    sign = np.sign(_cross2(da[cross], db[cross]))[over].astype(np.int64)
    return sparse.csr_matrix((sign, (i[over], j[over])), shape=(len(a0), len(b0)))


def _cross2(x, y):
    return x[:, 0] * y[:, 1] - x[:, 1] * y[:, 0]
