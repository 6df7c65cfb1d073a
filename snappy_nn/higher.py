"""Linking numbers of triangulated spheres S^p and S^q in R^(p + q + 1).

The linking number of disjoint oriented closed manifolds M^p and N^q in
R^d, d = p + q + 1, is the degree of the Gauss map

    M × N → S^(d−1),  (x, y) ↦ (x − y) / |x − y|,

with the sign fixed below. For simplicial spheres it is computed exactly by
counting the signed preimages of a generic direction w: the pairs x ∈ M,
y ∈ N with x − y = λw, λ > 0. That is the signed number of times the
shadow of M, swept along −w, meets N. Every pair of simplices is solved as
one d × d linear system, so the result is an integer by construction. A
direction that hits a simplex boundary, or a pair that is singular for it,
is replaced by another random direction.

Conventions
-----------
A p-simplex given by vertices (v_0, …, v_p) is oriented by its edge vectors
(v_1 − v_0, …, v_p − v_0). The preimage of w on simplices σ of M and τ of N
counts with the sign of det[w, A_σ, B_τ], where A_σ and B_τ hold the edge
vectors. This is the degree of the generalised Gauss integral

    lk(M, N) = (1 / vol S^(d−1)) ∫_{M×N} det[x − y, dx, dy] / |x − y|^d,

which for two closed curves in R^3 is the integral
(1/4π) ∮∮ (x − y)·(dx × dy)/|x − y|^3 of :mod:`snappy_nn.linking`, with the
same sign. Swapping the spheres gives lk(N, M) = (−1)^((p+1)(q+1)) lk(M, N).
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from snappy_nn.errors import ComponentsTouchError, GeneralPositionError, PolygonError

log = logging.getLogger(__name__)

DEFAULT_TRIES = 20

# Barycentric coordinates closer than this to a face count as hitting the boundary.
BOUNDARY_TOLERANCE = 1e-9

# Simplex pairs solved at once; bounds the memory of the batched solves.
CHUNK_PAIRS = 200_000


class SimplicialComplexError(PolygonError):
    """A triangulated sphere is malformed: bad indices, not closed or not coherently oriented."""


@dataclass(frozen=True)
class SimplicialSphere:
    """An oriented closed simplicial p-manifold (usually a sphere) in R^d.

    Attributes
    ----------
    vertices : numpy.ndarray
        Float64 array of shape (n, d).
    simplices : numpy.ndarray
        Int64 array of shape (m, p + 1); row order is orientation.
    """

    vertices: np.ndarray
    simplices: np.ndarray

    @property
    def dimension(self):
        """The dimension p of the manifold."""
        return self.simplices.shape[1] - 1

    @property
    def ambient_dimension(self):
        """The dimension d of the space it lies in."""
        return self.vertices.shape[1]

    def __repr__(self):
        return (f"<SimplicialSphere: {self.dimension}-dimensional, {len(self.simplices)} "
                f"simplices, {len(self.vertices)} vertices in R^{self.ambient_dimension}>")

    def apply(self, fn):
        """Return the complex with every vertex mapped by a numpy function on (n, d) arrays."""
        return make_complex(fn(self.vertices), self.simplices, check=False)


def make_complex(vertices, simplices, *, check=True):
    """Validate and wrap vertices and oriented simplices.

    Parameters
    ----------
    vertices : array_like, shape (n, d)
    simplices : array_like of int, shape (m, p + 1)
    check : bool
        Check that every (p − 1)-face lies on exactly two simplices that
        induce opposite orientations on it, so the complex is a closed
        oriented pseudomanifold.

    Returns
    -------
    SimplicialSphere

    Raises
    ------
    SimplicialComplexError

    Examples
    --------
    >>> make_complex([[0, 0], [1, 0], [0, 1]], [[0, 1], [1, 2], [2, 0]])
    <SimplicialSphere: 1-dimensional, 3 simplices, 3 vertices in R^2>
    """
    v = np.array(vertices, dtype=np.float64)
    s = np.array(simplices)
    if v.ndim != 2 or not np.all(np.isfinite(v)):
        raise SimplicialComplexError(f"vertices must be a finite (n, d) array, got shape {v.shape}")
    if s.ndim != 2 or s.shape[1] < 2 or not np.issubdtype(s.dtype, np.integer):
        raise SimplicialComplexError(
            f"simplices must be an integer (m, p + 1) array with p >= 1, got shape {s.shape} "
            f"and dtype {s.dtype}")
    if s.size and (s.min() < 0 or s.max() >= len(v)):
        raise SimplicialComplexError(
            f"simplex vertex indices must lie in 0..{len(v) - 1}, got {s.min()}..{s.max()}")
    if check:
        _check_closed_oriented(s)
    v.setflags(write=False)
    s = s.astype(np.int64)
    s.setflags(write=False)
    return SimplicialSphere(v, s)


def _check_closed_oriented(simplices):
    faces = {}
    for row in simplices.tolist():
        if len(set(row)) != len(row):
            raise SimplicialComplexError(f"simplex {row} repeats a vertex; remove it")
        for i in range(len(row)):
            face = row[:i] + row[i + 1:]
            order = sorted(range(len(face)), key=face.__getitem__)
            sign = (-1) ** i * _permutation_sign(order)
            faces.setdefault(tuple(sorted(face)), []).append(sign)
    for face, signs in faces.items():
        if len(signs) != 2 or sum(signs) != 0:
            raise SimplicialComplexError(
                f"face {list(face)} lies on {len(signs)} simplices with orientations {signs}; "
                "a closed oriented manifold needs exactly two with opposite orientations. "
                "Check the vertex order of the simplices around it")


def _permutation_sign(order):
    sign, seen = 1, [False] * len(order)
    for start in range(len(order)):
        length, j = 0, start
        while not seen[j]:
            seen[j], j, length = True, order[j], length + 1
        if length and length % 2 == 0:
            sign = -sign
    return sign


def polygon_complex(vertices):
    """Return a closed polygon (last vertex joined to the first) as a 1-dimensional complex.

    Zero-length edges are dropped, so repeated vertices are harmless.

    Examples
    --------
    >>> polygon_complex([[0, 0, 0], [1, 0, 0], [0, 1, 0]]).simplices.tolist()
    [[0, 1], [1, 2], [2, 0]]
    """
    v = np.asarray(vertices, dtype=np.float64)
    keep = np.linalg.norm(v - np.roll(v, -1, axis=0), axis=1) > 0
    v = v[keep]
    if len(v) < 3:
        raise SimplicialComplexError(
            f"a closed polygon needs at least 3 distinct consecutive vertices, got {len(v)}")
    n = len(v)
    return make_complex(v, np.stack([np.arange(n), (np.arange(n) + 1) % n], axis=1))


# ---------------------------------------------------------------------------
# Triangulated spheres


def sphere_complex(n, subdivisions=4):
    """Triangulate the unit sphere S^n in R^(n+1).

    The boundary of the cross-polytope (vertices ±e_i) has 2^(n+1) facets;
    each is cut into ``subdivisions ** n`` simplices by Freudenthal's
    subdivision and the vertices are pushed out radially to the sphere.
    Orientation: that of the boundary of the unit ball (outward normal first).

    Parameters
    ----------
    n : int
        Sphere dimension, at least 1.
    subdivisions : int
        Edge subdivisions per facet, at least 1.

    Returns
    -------
    SimplicialSphere

    Examples
    --------
    >>> S = sphere_complex(2, subdivisions=2)
    >>> len(S.simplices), len(S.vertices)
    (32, 18)
    """
    if n < 1 or subdivisions < 1:
        raise SimplicialComplexError(
            f"need n >= 1 and subdivisions >= 1, got n={n}, subdivisions={subdivisions}")
    k = subdivisions
    small = _freudenthal_simplices(n, k)
    index, points, simplices = {}, [], []
    for signs in itertools.product((1, -1), repeat=n + 1):
        corners = np.diag(signs).astype(np.int64)
        for path in small:
            keys = []
            for y in path:
                # k times the point P_0 + sum_j (y_j / k)(P_j - P_{j-1}), an integer vector.
                point = k * corners[0] + sum(y[j] * (corners[j + 1] - corners[j]) for j in range(n))
                key = tuple(int(c) for c in point)
                if key not in index:
                    index[key] = len(points)
                    points.append(key)
                keys.append(index[key])
            simplices.append(keys if math.prod(signs) > 0 else [keys[1], keys[0]] + keys[2:])
    vertices = np.array(points, dtype=np.float64)
    vertices /= np.linalg.norm(vertices, axis=1, keepdims=True)
    return make_complex(vertices, simplices)


def _freudenthal_simplices(n, k):
    """Return the small simplices of k ≥ y_1 ≥ … ≥ y_n ≥ 0 as vertex lists, positively ordered."""
    out = []
    for base in itertools.product(range(k), repeat=n):
        for perm in itertools.permutations(range(n)):
            path, y = [tuple(base)], list(base)
            for axis in perm:
                y[axis] += 1
                path.append(tuple(y))
            if all(_in_region(point, k) for point in path):
                if _permutation_sign(list(perm)) < 0:
                    path[-1], path[-2] = path[-2], path[-1]
                out.append(path)
    return out


def _in_region(y, k):
    return k >= y[0] and y[-1] >= 0 and all(y[i] >= y[i + 1] for i in range(len(y) - 1))


def stereographic_pair(n, subdivisions=4):
    """Return the linked sphere pair S^n ⊔ S^n in R^(2n+1) as triangulated spheres.

    For u = (u0, u') on S^n, a = 1 − u0/√2 and A(u) = (u'/a, −u0/(√2 a), 0_n);
    for v = (v0, v'), b = 1 − v0/√2 and B(v) = (0_n, v0/(√2 b), v'/b). The
    smooth spheres are 2(√2 − 1) ≈ 0.828 apart. Both are images of
    :func:`sphere_complex` with its orientation, and with the sign convention
    of :func:`linking_number` their linking number is (−1)^n (checked for
    n = 1, 2, 3).

    Parameters
    ----------
    n : int
        Sphere dimension, at least 1.
    subdivisions : int
        Passed to :func:`sphere_complex`.

    Returns
    -------
    tuple of SimplicialSphere

    Examples
    --------
    >>> A, B = stereographic_pair(1, subdivisions=8)
    >>> linking_number(A, B)
    -1
    """
    sphere = sphere_complex(n, subdivisions)
    root2 = math.sqrt(2.0)

    def first(u):
        a = 1 - u[:, :1] / root2
        return np.hstack([u[:, 1:] / a, -u[:, :1] / (root2 * a), np.zeros((len(u), n))])

    def second(v):
        b = 1 - v[:, :1] / root2
        return np.hstack([np.zeros((len(v), n)), v[:, :1] / (root2 * b), v[:, 1:] / b])

    return sphere.apply(first), sphere.apply(second)


# ---------------------------------------------------------------------------
# Linking number


def linking_number(first, second, *, seed=0, tries=DEFAULT_TRIES):
    """Compute the linking number of disjoint closed oriented p- and q-manifolds in R^(p+q+1).

    Parameters
    ----------
    first, second : SimplicialSphere or array_like
        Triangulated spheres, or closed polygons given as (n, 3) vertex arrays.
    seed : int
        Seed of the random directions.
    tries : int
        Directions tried before giving up.

    Returns
    -------
    int
        The degree of the Gauss map; see the module docstring for the sign.

    Raises
    ------
    SimplicialComplexError
        When p + q + 1 differs from the ambient dimension.
    ComponentsTouchError
        When a preimage has (nearly) zero length, so the spheres touch.
    GeneralPositionError
        When no direction in ``tries`` was generic.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> X, Y = hopf_link(resolution=12)
    >>> linking_number(X, Y)
    -1
    """
    first, second = _as_complex(first), _as_complex(second)
    d = first.ambient_dimension
    p, q = first.dimension, second.dimension
    if second.ambient_dimension != d or p + q + 1 != d:
        raise SimplicialComplexError(
            f"a {p}-sphere in R^{d} and a {q}-sphere in R^{second.ambient_dimension} cannot be "
            f"linked; the linking number needs both in R^(p + q + 1) = R^{p + q + 1}")
    a = _edge_frames(first)
    b = _edge_frames(second)
    rng = np.random.default_rng(seed)
    for attempt in range(tries):
        w = rng.standard_normal(d)
        w /= np.linalg.norm(w)
        count = _count_preimages(first, second, a, b, w)
        if count is not None:
            return count
        log.info("direction %d of %d is not generic; trying another", attempt + 1, tries)
    raise GeneralPositionError(
        f"no generic direction found in {tries} tries; the complexes may touch or be "
        "degenerate. Perturb the vertices slightly or pass more tries", tries)


def _as_complex(x):
    if isinstance(x, SimplicialSphere):
        return x
    return polygon_complex(x)


def _edge_frames(c):
    v = c.vertices[c.simplices]
    return v[:, 0], np.transpose(v[:, 1:] - v[:, :1], (0, 2, 1))


def _count_preimages(first, second, a, b, w):
    """Return the signed count of x − y = λw (λ > 0), or None if w is not generic."""
    d = len(w)
    q = second.dimension
    a0, A = a
    b0, B = b
    candidates = _shadow_pairs(first, second, w)
    total = 0
    scale = max(np.ptp(first.vertices), np.ptp(second.vertices), 1e-300)
    for start in range(0, len(candidates), CHUNK_PAIRS):
        i, j = candidates[start:start + CHUNK_PAIRS].T
        matrix = np.concatenate([A[i], np.broadcast_to(-w[None, :, None], (len(i), d, 1)),
                                 -B[j]], axis=2)
        det = np.linalg.det(matrix)
        norms = np.prod(np.linalg.norm(matrix, axis=1), axis=1)
        singular = np.abs(det) <= 1e-12 * norms
        if np.any(singular):
            # A pair whose edge vectors together span fewer than p + q dimensions maps to a
            # lower-dimensional set of directions, which a generic w misses: skip it.
            # Any other singular pair means that w itself is special.
            spans = np.concatenate([A[i[singular]], B[j[singular]]], axis=2)
            values = np.linalg.svd(spans, compute_uv=False)
            if np.any(values[:, -1] > 1e-9 * values[:, 0]):
                return None
            keep = ~singular
            i, j, matrix, det = i[keep], j[keep], matrix[keep], det[keep]
        solution = np.linalg.solve(matrix, (b0[j] - a0[i])[..., None])[..., 0]
        s, lam, t = solution[:, :A.shape[2]], solution[:, A.shape[2]], solution[:, A.shape[2] + 1:]
        bary = np.concatenate([s, 1 - s.sum(1, keepdims=True), t, 1 - t.sum(1, keepdims=True)], 1)
        inside = np.all(bary > BOUNDARY_TOLERANCE, axis=1)
        near = np.all(bary > -BOUNDARY_TOLERANCE, axis=1) & ~inside
        hit = inside & (lam > 0)
        if np.any(near & (np.abs(lam) > BOUNDARY_TOLERANCE * scale)):
            return None
        touching = (inside | near) & (np.abs(lam) <= BOUNDARY_TOLERANCE * scale)
        if np.any(touching):
            k = int(np.flatnonzero(touching)[0])
            point = a0[i[k]] + A[i[k]] @ s[k]
            raise ComponentsTouchError((0, 1), abs(lam[k]), BOUNDARY_TOLERANCE * scale,
                                       (int(i[k]), int(j[k])), point)
        # det[A, -w, -B] = (-1)^(p + q + 1) det[w, A, B], and p + q + 1 = d.
        signs = np.sign(det[hit]) * (-1) ** d
        total += int(signs.sum())
    log.debug("counted %d candidate simplex pairs, q=%d", len(candidates), q)
    return total


def _shadow_pairs(first, second, w):
    """Return the simplex pairs whose projections along w have overlapping bounding boxes."""
    basis = np.linalg.svd(w[None, :])[2][1:]
    pm = first.vertices[first.simplices] @ basis.T
    pn = second.vertices[second.simplices] @ basis.T
    lo_m, hi_m = pm.min(1), pm.max(1)
    lo_n, hi_n = pn.min(1), pn.max(1)
    pairs = []
    step = max(1, CHUNK_PAIRS // max(len(lo_n), 1))
    for start in range(0, len(lo_m), step):
        lo, hi = lo_m[start:start + step, None], hi_m[start:start + step, None]
        overlap = np.all((lo <= hi_n[None]) & (lo_n[None] <= hi), axis=2)
        i, j = np.nonzero(overlap)
        pairs.append(np.stack([i + start, j], axis=1))
    return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)


# ---------------------------------------------------------------------------
# Separation


def separation_bounds(first, second):
    """Bound the distance between two simplicial complexes from below and above.

    The upper bound is the distance between the vertex sets. The lower bound
    is the least ``|c_σ − c_τ| − r_σ − r_τ`` over simplex pairs, where c is a
    simplex's centroid and r its largest centroid-to-vertex distance: every
    point of a simplex lies within r of its centroid. A positive lower bound
    proves the complexes disjoint.

    Returns
    -------
    tuple of float
        (lower, upper).

    Examples
    --------
    >>> A, B = stereographic_pair(1, subdivisions=16)
    >>> lower, upper = separation_bounds(A, B)
    >>> 0 < lower < upper < 0.85
    True
    """
    first, second = _as_complex(first), _as_complex(second)
    upper = float(cKDTree(second.vertices).query(first.vertices)[0].min())
    cm, rm = _balls(first)
    cn, rn = _balls(second)
    tree = cKDTree(cn)
    reach = rm + rn.max() + upper
    lower = math.inf
    for c, r, radius in zip(cm, rm, reach, strict=True):
        near = tree.query_ball_point(c, radius)
        if near:
            near = np.asarray(near)
            gaps = np.linalg.norm(cn[near] - c, axis=1) - r - rn[near]
            lower = min(lower, float(gaps.min()))
    return lower, upper


def _balls(c):
    v = c.vertices[c.simplices]
    centres = v.mean(1)
    return centres, np.linalg.norm(v - centres[:, None], axis=2).max(1)
