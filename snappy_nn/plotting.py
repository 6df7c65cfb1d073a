"""matplotlib figures of a link at every layer of a network.

Uses the non-interactive Agg backend through a Figure object, so it works
without a display and never changes the pyplot state of the caller.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]


def as_3d(vertices):
    """Return vertices in R^3, padding curves in R^2 with z = 0."""
    from snappy_nn.errors import SnappyNNError

    vertices = np.asarray(vertices, dtype=np.float64)
    if vertices.shape[1] == 3:
        return vertices
    if vertices.shape[1] == 2:
        return np.column_stack([vertices, np.zeros(len(vertices))])
    raise SnappyNNError(
        f"only curves in R^2 or R^3 can be drawn, got points in R^{vertices.shape[1]}"
    )


def padded_bounds(curves):
    """Return the lower and upper corners of a box around curves, with 5% margin."""
    points = np.concatenate([as_3d(c) for c in curves])
    lows, highs = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * max(float(np.max(highs - lows)), 1e-9)
    return lows - pad, highs + pad


def plot_traces(traces, path, *, dpi=110):
    """Draw every layer image of every trace in a grid and save it to ``path``.

    Parameters
    ----------
    traces : list of LayerTrace
        One row per trace, one column per layer (input first).
    path : str or Path
        Output file; the suffix (.png, .pdf, .svg) chooses the format.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile
    >>> from snappy_nn.embedding import hopf_link
    >>> from snappy_nn.tracking import track
    >>> trace = track(hopf_link(30), [lambda p: 2 * p], diagram=False)
    >>> out = plot_traces([trace], os.path.join(tempfile.mkdtemp(), "layers.png"))
    >>> out.stat().st_size > 0
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = max(len(t.records) for t in traces)
    figure = Figure(figsize=(2.4 * columns, 2.6 * len(traces)))
    FigureCanvasAgg(figure)
    for row, trace in enumerate(traces):
        for column, record in enumerate(trace.records):
            axes = figure.add_subplot(len(traces), columns, row * columns + column + 1,
                                      projection="3d")
            _draw_record(axes, record)
            if column == 0:
                axes.text2D(-0.1, 0.5, trace.model_name, transform=axes.transAxes,
                            rotation=90, va="center", fontsize=8)
    figure.tight_layout()
    path = Path(path)
    figure.savefig(path, dpi=dpi)
    return path


def _draw_record(axes, record):
    for index, component in enumerate(record.points):
        closed = np.vstack([component, component[:1]])
        axes.plot(closed[:, 0], closed[:, 1], closed[:, 2], lw=0.8,
                  color=COLOURS[index % len(COLOURS)])
    from snappy_nn.tracking import format_linking

    axes.set_title(f"{record.index}: lk {format_linking(record.linking_matrix)}\n"
                   f"{record.status}, d_min {record.d_min:.2g}", fontsize=7)
    axes.tick_params(labelsize=5)
