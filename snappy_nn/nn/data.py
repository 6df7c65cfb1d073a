"""Labelled point clouds sampled near the components of a link.

The main job classifies points by the component they were drawn near, so a
network that separates the classes must do something to the link.
"""

from __future__ import annotations

import numpy as np

from snappy_nn.curves import PolygonalLink
from snappy_nn.errors import SnappyNNError

DEFAULT_POINTS = 1000
DEFAULT_NOISE = 0.1


def sample_link_points(link, points_per_component=DEFAULT_POINTS, *, noise=DEFAULT_NOISE,
                       seed=0):
    """Return points near each component of a link, labelled by component.

    Parameters
    ----------
    link : PolygonalLink
        Components in R^d.
    points_per_component : int
        Points drawn per component, at uniformly random arc-length positions.
    noise : float
        Standard deviation of the isotropic Gaussian noise added to each point,
        as a fraction of the smallest distance between two components. With the
        default 0.1 a point lands closer to another component than to its own
        with negligible probability.
    seed : int
        Seed of the numpy generator; the same seed gives the same points.

    Returns
    -------
    points : numpy.ndarray of float64, shape (k · points_per_component, d)
    labels : numpy.ndarray of int64
        Component index of each point.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> points, labels = sample_link_points(hopf_link(40), 5, seed=1)
    >>> points.shape, labels.tolist()
    ((10, 3), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    """
    if not isinstance(link, PolygonalLink):
        link = PolygonalLink(link)
    if int(points_per_component) != points_per_component or points_per_component < 1:
        raise SnappyNNError(
            f"points_per_component must be a positive integer, got {points_per_component!r}"
        )
    if not np.isfinite(noise) or noise < 0:
        raise SnappyNNError(f"noise must be a nonnegative fraction, got {noise!r}")

    rng = np.random.default_rng(seed)
    spacing = _min_component_distance(link)
    points, labels = [], []
    for index, component in enumerate(link):
        on_curve = _random_points_on(component, int(points_per_component), rng)
        points.append(on_curve + rng.normal(0.0, noise * spacing, on_curve.shape))
        labels.append(np.full(len(on_curve), index, dtype=np.int64))
    return np.concatenate(points), np.concatenate(labels)


def _min_component_distance(link):
    if len(link) < 2:
        return link.diameter()
    matrix = link.distance_matrix()
    return float(matrix[~np.eye(len(link), dtype=bool)].min())


def _random_points_on(vertices, count, rng):
    """Return ``count`` points uniformly distributed by arc length on a closed polygon."""
    following = np.roll(vertices, -1, axis=0)
    lengths = np.linalg.norm(following - vertices, axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(lengths)])
    positions = rng.uniform(0.0, cumulative[-1], count)
    segment = np.clip(np.searchsorted(cumulative, positions, side="right") - 1, 0,
                      len(vertices) - 1)
    fraction = (positions - cumulative[segment]) / np.where(lengths[segment] > 0,
                                                             lengths[segment], 1.0)
    return vertices[segment] + fraction[:, None] * (following[segment] - vertices[segment])
