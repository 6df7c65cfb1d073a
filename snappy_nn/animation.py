"""Animated straight-line homotopy of one layer map, with the linking status per frame.

A layer map f sends a link L to f(L). The straight-line homotopy
H_t(x) = (1 − t)·x + t·f(x), t ∈ [0, 1], moves every point along a segment
from x to f(x). Where the linking number changes between t = 0 and t = 1, some
frame of H_t must pass one component through another, and the linking number
is undefined there. :func:`homotopy_frames` computes the frames with the same
refinement and collision test as :func:`snappy_nn.tracking.track`, and
:func:`write_homotopy_gif` draws them into a GIF with matplotlib's
``PillowWriter``.

Conventions
-----------
Each frame's polygon is the polygon through the images of the source vertices
under H_t, refined until it is faithful (see :mod:`snappy_nn.tracking`). The
times at which :func:`snappy_nn.tracking.locate_crossings` finds a crossing of
two components are added to the frame times, so a collision shows up in the
animation even when it falls between two grid times.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from snappy_nn.curves import PolygonalLink, as_numpy_map
from snappy_nn.errors import SnappyNNError
from snappy_nn.plotting import as_3d, padded_bounds

log = logging.getLogger(__name__)

DEFAULT_FRAMES = 21
COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]


@dataclass
class HomotopyFrame:
    """One time t of the straight-line homotopy (1 − t)·x + t·f(x).

    Attributes
    ----------
    time : float
        The homotopy parameter t in [0, 1].
    points : list of numpy.ndarray
        Image vertices of each component at time t.
    status : str
        "linked", "unlinked" or "undefined" (components touch), as in
        :class:`snappy_nn.tracking.LayerRecord`.
    linking_matrix : numpy.ndarray or None
        Exact linking matrix, None when ``status`` is "undefined".
    d_min : float
        Minimum distance between two components at time t.
    crossing : bool
        True for the times added because a crossing was located there.
    """

    time: float
    points: list
    status: str
    linking_matrix: np.ndarray | None
    d_min: float
    crossing: bool = False
    touch: dict | None = field(default=None, repr=False)

    def label(self):
        """Return a one-line caption such as ``t = 0.50: undefined (d_min 0)``."""
        from snappy_nn.tracking import format_linking

        if self.linking_matrix is None:
            return f"t = {self.time:.3f}: undefined, components touch (d_min {self.d_min:.2g})"
        return (f"t = {self.time:.3f}: lk {format_linking(self.linking_matrix)}, "
                f"{self.status}, d_min {self.d_min:.2g}")


def coordinate_fold(coordinate=0):
    """Return the fold x_i ↦ |x_i| of one coordinate as a numpy map.

    The fold is the map that a residual block x + 2·ReLU(−x) computes on one
    coordinate; it glues the half-space x_i < 0 onto x_i > 0.

    Parameters
    ----------
    coordinate : int
        Index of the coordinate to fold.

    Examples
    --------
    >>> fold = coordinate_fold(0)
    >>> fold(np.array([[-2.0, -1.0, 3.0]])).tolist()
    [[2.0, -1.0, 3.0]]
    """
    coordinate = int(coordinate)
    if coordinate < 0:
        raise SnappyNNError(f"coordinate must be a nonnegative index, got {coordinate}")

    def fold(points):
        points = np.array(points, dtype=np.float64)
        if coordinate >= points.shape[1]:
            raise SnappyNNError(
                f"coordinate {coordinate} is out of range for points in R^{points.shape[1]}"
            )
        points[:, coordinate] = np.abs(points[:, coordinate])
        return points

    fold.__name__ = f"fold_x{coordinate}"
    return fold


def homotopy_frames(link, layer, *, frames=DEFAULT_FRAMES, times=None, locate=True,
                    safety=None, tolerance=None):
    """Compute the straight-line homotopy from ``link`` to its image under ``layer``.

    Parameters
    ----------
    link : PolygonalLink
        The link before the layer.
    layer : callable or torch.nn.Module
        The layer map R^d → R^d.
    frames : int
        Number of equally spaced times from 0 to 1 (both included). An odd
        number includes t = 0.5.
    times : sequence of float, optional
        Explicit times in [0, 1] instead of the equally spaced grid.
    locate : bool
        Add the times at which one component crosses another (found by
        :func:`snappy_nn.tracking.locate_crossings`) as extra frames.
    safety, tolerance : float, optional
        Passed to :func:`snappy_nn.tracking.track`; None keeps its defaults.

    Returns
    -------
    list of HomotopyFrame
        Sorted by time.

    Examples
    --------
    The fold x ↦ |x| of the first coordinate pushes the circle X of the Hopf
    link through the circle Y at t = 1/2, where the linking number is undefined:

    >>> from snappy_nn.embedding import hopf_link
    >>> frames = homotopy_frames(hopf_link(40), coordinate_fold(0), frames=5, locate=False)
    >>> [(f.time, f.status) for f in frames]
    [(0.0, 'linked'), (0.25, 'linked'), (0.5, 'undefined'), (0.75, 'unlinked'), (1.0, 'unlinked')]
    """
    from snappy_nn.linking import DEFAULT_TOLERANCE
    from snappy_nn.tracking import DEFAULT_SAFETY, track

    if not isinstance(link, PolygonalLink):
        link = PolygonalLink(link)
    options = {
        "safety": DEFAULT_SAFETY if safety is None else safety,
        "tolerance": DEFAULT_TOLERANCE if tolerance is None else tolerance,
    }
    grid = _frame_times(frames, times)
    mapping = as_numpy_map(layer)

    crossing_times = []
    if locate:
        whole = track(link, [mapping], diagram=False, locate_changes=True, **options)
        crossing_times = [event.time for event in whole.final.events]
        log.info("homotopy: crossings located at t = %s", crossing_times)

    result = []
    for time in sorted(set(grid) | set(crossing_times)):
        record = track(link, [_straight_line(mapping, time)], diagram=False,
                       locate_changes=False, **options).final
        result.append(HomotopyFrame(
            time=float(time), points=record.points, status=record.status,
            linking_matrix=record.linking_matrix, d_min=float(record.d_min),
            crossing=time in crossing_times and time not in grid, touch=record.touch,
        ))
    return result


def write_homotopy_gif(frames, path, *, fps=4, dpi=80, title=None, size=(4.8, 4.4)):
    """Draw homotopy frames into an animated GIF with matplotlib's ``PillowWriter``.

    Parameters
    ----------
    frames : list of HomotopyFrame
        As returned by :func:`homotopy_frames`; the components must lie in R^3
        (or R^2, drawn in the plane z = 0).
    path : str or Path
        Output file, normally ending in ``.gif``.
    fps : int
        Frames per second.
    dpi : int
        Resolution; 80 keeps a 21-frame GIF of a Hopf link near 200 KB.
    title : str, optional
        First line of every frame's caption.
    size : tuple of float
        Figure size in inches.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile
    >>> from snappy_nn.embedding import hopf_link
    >>> frames = homotopy_frames(hopf_link(30), coordinate_fold(0), frames=3, locate=False)
    >>> out = write_homotopy_gif(frames, os.path.join(tempfile.mkdtemp(), "fold.gif"))
    >>> out.read_bytes()[:6]
    b'GIF89a'
    """
    from matplotlib.animation import PillowWriter
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not frames:
        raise SnappyNNError("no frames to draw; homotopy_frames returned an empty list")
    lows, highs = padded_bounds(c for f in frames for c in f.points)
    figure = Figure(figsize=size)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(projection="3d")
    writer = PillowWriter(fps=int(fps))
    path = Path(path)
    with writer.saving(figure, str(path), dpi):
        for frame in frames:
            _draw_frame(axes, frame, lows, highs, title)
            writer.grab_frame()
    return path


def _frame_times(frames, times):
    if times is not None:
        grid = [float(t) for t in times]
        if not grid or any(not 0.0 <= t <= 1.0 for t in grid):
            raise SnappyNNError(f"times must be a nonempty list of values in [0, 1], got {times}")
        return grid
    if int(frames) != frames or frames < 2:
        raise SnappyNNError(f"frames must be an integer of at least 2, got {frames!r}")
    return [float(t) for t in np.linspace(0.0, 1.0, int(frames))]


def _straight_line(mapping, time):
    def homotopy(points):
        return (1.0 - time) * points + time * mapping(points)

    homotopy.__name__ = f"homotopy_t{time:.3f}"
    return homotopy






def _draw_frame(axes, frame, lows, highs, title):
    axes.cla()
    for index, component in enumerate(frame.points):
        closed = as_3d(np.vstack([component, component[:1]]))
        axes.plot(closed[:, 0], closed[:, 1], closed[:, 2], lw=1.4,
                  color=COLOURS[index % len(COLOURS)])
    if frame.touch is not None and frame.touch.get("point") is not None:
        point = as_3d(np.asarray(frame.touch["point"], dtype=np.float64)[None, :])[0]
        axes.scatter([point[0]], [point[1]], [point[2]], color="black", s=30, marker="x")
    axes.set_xlim(lows[0], highs[0])
    axes.set_ylim(lows[1], highs[1])
    axes.set_zlim(lows[2], highs[2])
    axes.tick_params(labelsize=6)
    caption = frame.label()
    if frame.crossing:
        caption += " (located crossing)"
    colour = "tab:red" if frame.linking_matrix is None else "black"
    axes.set_title(caption if title is None else f"{title}\n{caption}", fontsize=8,
                   color=colour)
