"""Labelled point clouds of the classification experiments of Ren and Lim.

Every function returns ``(points, labels)``: a float32 array of shape (N, d) and
an int64 array of shape (N,) whose value is the class (the component index).
Points are ordered class by class; shuffle and split them with the caller's
own seed. Every random choice takes ``seed``.

Sources: J. Ren and L.-H. Lim, "Low-dimensional topology of deep neural
networks", arXiv:2606.31856, section 5 and Table 4, and the experiment scripts
the authors released with it. Where the paper's text and the released scripts
describe the Hopf data differently, both versions are here.
"""

from __future__ import annotations

import itertools

import numpy as np

from snappy_nn.experiments.errors import ExperimentError

# Amplitudes of the released Hopf curves: a wiggle of amplitude 0.3 and
# frequency 100 wrapped around the unit circles, and a 0.5 cos(100t) offset.
WIGGLE_AMPLITUDE = 0.3
WIGGLE_FREQUENCY = 100
OFFSET_AMPLITUDE = 0.5


def _check_count(name, value, minimum=1):
    if int(value) != value or value < minimum:
        raise ExperimentError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def _labelled(classes):
    points = np.concatenate(classes).astype(np.float32)
    labels = np.concatenate([np.full(len(c), i, dtype=np.int64) for i, c in enumerate(classes)])
    return points, labels


def hopf_released(points_per_curve, *, noise=0.01, phase=0.0, seed=None):
    """Sample the wiggly Hopf link of the released scripts, with Gaussian noise.

    Curve 1 is (cos t + 0.3 sin 100t, sin t + 0.3 sin 100t, 0.5 cos 100t) and
    curve 2 is (1 + cos s + 0.3 sin 100s, 0.5 cos 100s, sin s + 0.3 sin 100s),
    both on the even grid t = 2π(i + phase)/n, i = 0, …, n − 1. The noiseless
    curves stay about 0.128 apart and have linking number −1.

    Parameters
    ----------
    points_per_curve : int
        Grid points n on each curve.
    noise : float
        Standard deviation of the isotropic Gaussian noise added to each point.
    phase : float
        Shift of the grid in grid steps; ``phase=0.5`` gives a test set that
        interleaves the training grid.
    seed : int, optional
        Seed of the noise.

    Returns
    -------
    points : numpy.ndarray of float32, shape (2n, 3)
    labels : numpy.ndarray of int64, shape (2n,)

    Examples
    --------
    >>> points, labels = hopf_released(4, noise=0.0)
    >>> points.shape, labels.tolist()
    ((8, 3), [0, 0, 0, 0, 1, 1, 1, 1])
    """
    n = _check_count("points_per_curve", points_per_curve)
    if noise < 0:
        raise ExperimentError(f"noise must be >= 0; got {noise!r}")
    rng = np.random.default_rng(seed)
    t = 2 * np.pi * (np.arange(n) + phase) / n
    wiggle = WIGGLE_AMPLITUDE * np.sin(WIGGLE_FREQUENCY * t)
    offset = OFFSET_AMPLITUDE * np.cos(WIGGLE_FREQUENCY * t)
    first = np.stack([np.cos(t) + wiggle, np.sin(t) + wiggle, offset], axis=1)
    second = np.stack([1 + np.cos(t) + wiggle, offset, np.sin(t) + wiggle], axis=1)
    first = first + rng.normal(0.0, noise, first.shape)
    second = second + rng.normal(0.0, noise, second.shape)
    return _labelled([first, second])


def hopf_thickened(points_per_curve, *, max_thickness=0.15, seed=None):
    """Sample the Hopf link thickened along its normals, as the paper's text says.

    The curves are the round circles X(t) = (cos t, sin t, 0) and
    Y(s) = (0, 1 + cos s, sin s) at uniformly random parameters, each point
    moved by ε·n(t) with n(t) the unit principal normal (towards the circle's
    centre) and ε uniform in [0, max_thickness].

    Examples
    --------
    >>> points, labels = hopf_thickened(5, seed=0)
    >>> points.shape, int(labels.sum())
    ((10, 3), 5)
    """
    n = _check_count("points_per_curve", points_per_curve)
    if not 0 <= max_thickness < 1:
        raise ExperimentError(
            f"max_thickness must be in [0, 1) so the two circles stay disjoint; "
            f"got {max_thickness!r}"
        )
    rng = np.random.default_rng(seed)
    classes = []
    for centre, axes in [
        ((0.0, 0.0, 0.0), ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))),
        ((0.0, 1.0, 0.0), ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0))),
    ]:
        t = rng.uniform(0.0, 2 * np.pi, n)
        radial = np.outer(np.cos(t), axes[0]) + np.outer(np.sin(t), axes[1])
        epsilon = rng.uniform(0.0, max_thickness, n)[:, None]
        classes.append(np.asarray(centre) + radial * (1.0 - epsilon))
    return _labelled(classes)


def disk_annulus(points_per_class, *, seed=None):
    """Sample the unit disk (class 0) against the annulus 2 < r² < 4 (class 1).

    Both are sampled uniformly by area. A point inside a circle is the
    0-dimensional case of linking, so no width-2 monotone network separates
    them, but one fold |x| = x + 2·ReLU(−x) per axis does.

    Examples
    --------
    >>> points, labels = disk_annulus(100, seed=0)
    >>> radii = np.hypot(points[:, 0], points[:, 1])
    >>> bool(radii[labels == 0].max() < 1 < 2 ** 0.5 < radii[labels == 1].min())
    True
    """
    n = _check_count("points_per_class", points_per_class)
    rng = np.random.default_rng(seed)
    disk_radius = np.sqrt(rng.uniform(0.0, 1.0, n))
    annulus_radius = np.sqrt(rng.uniform(2.0, 4.0, n))
    classes = []
    for radius in (disk_radius, annulus_radius):
        angle = rng.uniform(0.0, 2 * np.pi, n)
        classes.append(np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1))
    return _labelled(classes)


def stereographic_pair(u, v):
    """Map points of two unit n-spheres to the linked pair A(S^n), B(S^n) in R^(2n+1).

    For u = (u0, u') with a = 1 − u0/√2, A(u) = (u'/a, −u0/(√2 a), 0_n); for
    v = (v0, v') with b = 1 − v0/√2, B(v) = (0_n, v0/(√2 b), v'/b). The two
    images are disjoint (at least 2(√2 − 1) ≈ 0.828 apart) and have linking
    number ±1; for n = 1 they are a Hopf link in R^3.

    Parameters
    ----------
    u, v : array_like, shape (m, n + 1)
        Unit vectors.

    Returns
    -------
    A, B : numpy.ndarray, shape (m, 2n + 1)

    Examples
    --------
    >>> A, B = stereographic_pair([[0.0, 1.0]], [[0.0, 1.0]])
    >>> A.tolist(), B.tolist()
    ([[1.0, -0.0, 0.0]], [[0.0, 0.0, 1.0]])
    """
    u = np.atleast_2d(np.asarray(u, dtype=float))
    v = np.atleast_2d(np.asarray(v, dtype=float))
    if u.shape[1] < 2 or v.shape[1] != u.shape[1]:
        raise ExperimentError(
            f"u and v must have the same number n + 1 >= 2 of columns; got {u.shape} and {v.shape}"
        )
    n = u.shape[1] - 1
    a = 1 - u[:, :1] / np.sqrt(2)
    b = 1 - v[:, :1] / np.sqrt(2)
    zeros = np.zeros((len(u), n))
    first = np.hstack([u[:, 1:] / a, -u[:, :1] / (np.sqrt(2) * a), zeros])
    second = np.hstack([np.zeros((len(v), n)), v[:, :1] / (np.sqrt(2) * b), v[:, 1:] / b])
    return first, second


def lattice_centres(dimension, count):
    """Return the first ``count`` points of Z^dimension in nondecreasing L1 norm.

    Points of equal L1 norm come in lexicographic order, so the list is
    deterministic.

    Examples
    --------
    >>> lattice_centres(2, 5).tolist()
    [[0, 0], [-1, 0], [0, -1], [0, 1], [1, 0]]
    """
    dimension = _check_count("dimension", dimension)
    count = _check_count("count", count)
    radius = 0
    while True:
        grid = itertools.product(range(-radius, radius + 1), repeat=dimension)
        points = sorted((p for p in grid if sum(map(abs, p)) <= radius),
                        key=lambda p: (sum(map(abs, p)), p))
        if len(points) >= count:
            return np.array(points[:count], dtype=np.int64)
        radius += 1


def _uniform_ball(rng, count, dimension, radius):
    direction = rng.normal(size=(count, dimension))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    return direction * radius * rng.uniform(0.0, 1.0, (count, 1)) ** (1.0 / dimension)


def _uniform_sphere(rng, count, dimension):
    points = rng.normal(size=(count, dimension + 1))
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def sphere_pair_copies(n, copies, points_per_copy, *, thickness=0.5, spacing=10.0, seed=None):
    """Sample k disjoint copies of the thickened linked pair S^n ⊔ S^n in R^(2n+1).

    In each copy, class 0 is A(u) + (0, 0, η) and class 1 is B(v) + (ζ, 0, 0)
    (see :func:`stereographic_pair`), with u, v uniform on S^n and η, ζ uniform
    in the n-ball of radius ``thickness``, placed in the n coordinates where
    that sphere is zero. Copy i is translated by ``spacing`` times the i-th
    point of :func:`lattice_centres`.

    Parameters
    ----------
    n : int
        Dimension of each sphere (n = 2: S² ⊔ S² in R^5).
    copies : int
        Number k of copies.
    points_per_copy : int
        Points in each copy, split evenly between the two classes.

    Examples
    --------
    >>> points, labels = sphere_pair_copies(2, 3, 10, seed=0)
    >>> points.shape, int(labels.sum())
    ((30, 5), 15)
    """
    n = _check_count("n", n)
    copies = _check_count("copies", copies)
    half = _check_count("points_per_copy", points_per_copy, minimum=2) // 2
    rng = np.random.default_rng(seed)
    centres = spacing * lattice_centres(2 * n + 1, copies).astype(float)
    count = half * copies
    A, B = stereographic_pair(_uniform_sphere(rng, count, n), _uniform_sphere(rng, count, n))
    A[:, n + 1:] += _uniform_ball(rng, count, n, thickness)
    B[:, :n] += _uniform_ball(rng, count, n, thickness)
    shift = np.repeat(centres, half, axis=0)
    return _labelled([A + shift, B + shift])


def link_points(link, points_per_component, *, jitter=0.1, resolution=200, seed=None):
    """Sample points near the components of any link that SnapPy or spherogram knows.

    The link is embedded by :func:`snappy_nn.embedding.embed`; points are
    uniform by arc length on each polygon, plus Gaussian noise whose standard
    deviation is ``jitter`` times the minimum distance between components.
    Class i is component i.

    Examples
    --------
    >>> points, labels = link_points("L2a1", 50, seed=0)
    >>> points.shape, sorted(set(labels.tolist()))
    ((100, 3), [0, 1])
    """
    from snappy_nn.embedding import embed
    from snappy_nn.linking import min_distance

    count = _check_count("points_per_component", points_per_component)
    if jitter < 0:
        raise ExperimentError(f"jitter must be >= 0; got {jitter!r}")
    rng = np.random.default_rng(seed)
    polygons = embed(link, resolution)
    scale = jitter * min_distance(polygons) if len(polygons) > 1 else jitter
    classes = []
    for vertices in polygons.components:
        ends = np.roll(vertices, -1, axis=0)
        lengths = np.linalg.norm(ends - vertices, axis=1)
        segment = rng.choice(len(vertices), size=count, p=lengths / lengths.sum())
        along = rng.uniform(0.0, 1.0, (count, 1))
        points = vertices[segment] + along * (ends[segment] - vertices[segment])
        classes.append(points + rng.normal(0.0, scale, points.shape))
    return _labelled(classes)
