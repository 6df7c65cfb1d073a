"""Exception classes of snappy_nn.

Each class stores the numbers behind the failure as attributes, so that
callers can act on them without parsing the message.
"""

from __future__ import annotations


class SnappyNNError(Exception):
    """Base class of every error raised on purpose by snappy_nn."""


class LinkInputError(SnappyNNError, ValueError):
    """A link description (name, PD code, DT code, object) could not be read."""


class PolygonError(SnappyNNError, ValueError):
    """A polygonal curve is invalid: too few vertices, non-finite or malformed data."""


class ComponentsTouchError(SnappyNNError, ValueError):
    """Two components meet or come closer than the tolerance, so linking is undefined.

    Attributes
    ----------
    components : tuple of int
        Indices of the two components.
    distance : float
        Minimum distance found between them.
    tolerance : float
        Absolute distance below which components count as touching.
    segments : tuple of int
        Index of the closest segment on each component (segment ``i`` joins
        vertex ``i`` to vertex ``i + 1``, cyclically).
    point : numpy.ndarray
        Midpoint of the closest pair of points, where the components touch.
    """

    def __init__(self, components, distance, tolerance, segments, point):
        self.components = tuple(components)
        self.distance = float(distance)
        self.tolerance = float(tolerance)
        self.segments = tuple(segments)
        self.point = point
        i, j = self.components
        where = ", ".join(f"{c:.6g}" for c in point)
        super().__init__(
            f"components {i} and {j} come within distance {self.distance:.3g} "
            f"(tolerance {self.tolerance:.3g}) at segments {self.segments[0]} and "
            f"{self.segments[1]}, near ({where}); the linking number is undefined "
            "while components touch. Move the components apart or lower the tolerance."
        )


class GeneralPositionError(SnappyNNError, RuntimeError):
    """No regular projection direction was found after the allowed number of tries."""

    def __init__(self, message, tries):
        self.tries = int(tries)
        super().__init__(message)


class ModelFileError(SnappyNNError, ValueError):
    """A model file is missing, corrupt, or was not written by snappy_nn."""
