"""Vectorised segment geometry shared by the curve, linking and diagram modules."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

# Segment pairs evaluated at once; bounds temporary memory to a few hundred MB.
CHUNK_PAIRS = 1 << 20


def closed_segments(vertices):
    """Return the start and end points of the segments of a closed polygon."""
    return vertices, np.roll(vertices, -1, axis=0)


def segment_segment_distance(p0, p1, q0, q1):
    """Return the distances between segments ``p0 p1`` and ``q0 q1``, elementwise.

    Arrays broadcast against each other, with coordinates on the last axis.
    Segments must have positive length. Also returns the parameters ``s`` and
    ``t`` in [0, 1] of the closest points ``p0 + s (p1 - p0)`` and
    ``q0 + t (q1 - q0)``.
    """
    d1 = p1 - p0
    d2 = q1 - q0
    r = p0 - q0
    a = np.einsum("...i,...i->...", d1, d1)
    e = np.einsum("...i,...i->...", d2, d2)
    b = np.einsum("...i,...i->...", d1, d2)
    c = np.einsum("...i,...i->...", d1, r)
    f = np.einsum("...i,...i->...", d2, r)
    a, e, b, c, f = np.broadcast_arrays(a, e, b, c, f)

    # Closest points of the two lines, clamped to the first segment, then the
    # second parameter clamped and the first recomputed (Ericson's method).
    denom = a * e - b * b
    parallel = denom <= 1e-14 * a * e
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(parallel, 0.0, np.clip((b * f - c * e) / denom, 0.0, 1.0))
        t = (b * s + f) / e
        below = t < 0.0
        above = t > 1.0
        s = np.where(below, np.clip(-c / a, 0.0, 1.0), s)
        s = np.where(above, np.clip((b - c) / a, 0.0, 1.0), s)
    t = np.clip(t, 0.0, 1.0)

    gap = (p0 + s[..., None] * d1) - (q0 + t[..., None] * d2)
    return np.sqrt(np.einsum("...i,...i->...", gap, gap)), s, t


def polygon_distance(a, b, *, closed=True):
    """Return the minimum distance between two polygons and where it is attained.

    Parameters
    ----------
    a, b : numpy.ndarray
        Vertices, shape (n, d) and (m, d).
    closed : bool
        Whether the last vertex of each polygon joins its first.

    Returns
    -------
    distance : float
    segments : tuple of int
        Index of the closest segment on ``a`` and on ``b``.
    point : numpy.ndarray
        Midpoint between the two closest points.
    """
    a0, a1 = closed_segments(a) if closed else (a[:-1], a[1:])
    b0, b1 = closed_segments(b) if closed else (b[:-1], b[1:])
    pairs = _candidate_pairs(a0, a1, b0, b1)

    best = (np.inf, (0, 0), None)
    for start in range(0, len(pairs[0]), CHUNK_PAIRS):
        i = pairs[0][start : start + CHUNK_PAIRS]
        j = pairs[1][start : start + CHUNK_PAIRS]
        dist, s, t = segment_segment_distance(a0[i], a1[i], b0[j], b1[j])
        k = int(np.argmin(dist))
        if dist[k] < best[0]:
            pa = a0[i[k]] + s[k] * (a1[i[k]] - a0[i[k]])
            pb = b0[j[k]] + t[k] * (b1[j[k]] - b0[j[k]])
            best = (float(dist[k]), (int(i[k]), int(j[k])), (pa + pb) / 2)
    return best


def _candidate_pairs(a0, a1, b0, b1):
    """Return index arrays of the segment pairs that may attain the minimum distance.

    Small inputs get every pair. Larger ones are pruned with k-d trees: the
    closest vertex pair bounds the answer from above, and a segment pair can
    only beat that bound if its midpoints lie within the bound plus half the
    two longest segment lengths.
    """
    n, m = len(a0), len(b0)
    if n * m <= 4 * CHUNK_PAIRS:
        i, j = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
        return i.ravel(), j.ravel()

    upper, _ = cKDTree(b0).query(a0, k=1)
    bound = float(upper.min())
    half_a = np.linalg.norm(a1 - a0, axis=1).max() / 2
    half_b = np.linalg.norm(b1 - b0, axis=1).max() / 2
    tree_a = cKDTree((a0 + a1) / 2)
    tree_b = cKDTree((b0 + b1) / 2)
    pairs = tree_a.sparse_distance_matrix(
        tree_b, bound + half_a + half_b + 1e-12, output_type="ndarray"
    )
    return pairs["i"].astype(np.intp), pairs["j"].astype(np.intp)
