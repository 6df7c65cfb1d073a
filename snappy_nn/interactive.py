"""Interactive 3D view of a link at every layer, with a slider over layers (plotly).

plotly is an optional extra (``pip install snappy-nn[interactive]``) and is
imported only when a view is built. :func:`layer_view` returns a
``plotly.graph_objects.Figure`` that shows inline in Jupyter;
:func:`write_layer_view` saves it as one self-contained HTML file that opens
in any browser without network access, because plotly.js is embedded in it
(about 4.5 MB with plotly 5 and 6).

The figure holds one 3D line trace per component and layer. Moving the slider
to layer k shows the traces of layer k and hides the others; the title then
states that layer's linking numbers, minimum distance and status.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from snappy_nn.errors import SnappyNNError
from snappy_nn.plotting import as_3d, padded_bounds

log = logging.getLogger(__name__)

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def import_plotly():
    """Return ``plotly.graph_objects``, or raise ImportError saying how to install it."""
    try:
        import plotly.graph_objects as go
    except ImportError as exc:
        raise ImportError(
            "the interactive view needs plotly, which is not installed; install it with "
            "pip install 'snappy-nn[interactive]' (or pip install plotly), or draw static "
            "figures with snappy_nn.plotting.plot_traces"
        ) from exc
    return go


def layer_view(trace, *, title=None):
    """Build a plotly figure of every layer image of a trace, with a layer slider.

    Parameters
    ----------
    trace : LayerTrace
        The report of :func:`snappy_nn.tracking.track`; its records hold the
        image vertices of every layer.
    title : str, optional
        Text before the per-layer caption; defaults to ``"<link> through <model>"``.

    Returns
    -------
    plotly.graph_objects.Figure
        ``len(trace.records) * k`` traces for a k-component link, the input
        layer visible first, and one slider step per layer.

    Raises
    ------
    ImportError
        If plotly is not installed.

    Examples
    --------
    >>> from snappy_nn.embedding import hopf_link
    >>> from snappy_nn.tracking import track
    >>> trace = track(hopf_link(30), [lambda p: 2 * p], diagram=False)
    >>> figure = layer_view(trace)
    >>> len(figure.data), len(figure.layout.sliders[0].steps)
    (4, 2)
    """
    go = import_plotly()
    records = list(trace.records)
    if not records:
        raise SnappyNNError("the trace has no layer records; track() returns at least the input")
    title = title or f"{trace.link_name} through {trace.model_name}"
    lows, highs = (b.tolist() for b in padded_bounds(c for r in records for c in r.points))

    figure = go.Figure()
    for record in records:
        for index, component in enumerate(record.points):
            closed = as_3d(np.vstack([component, component[:1]]))
            figure.add_trace(go.Scatter3d(
                x=closed[:, 0], y=closed[:, 1], z=closed[:, 2], mode="lines",
                line={"width": 5, "color": COLOURS[index % len(COLOURS)]},
                name=f"component {index}", legendgroup=f"component {index}",
                showlegend=record.index == 0, visible=record.index == 0,
                hovertemplate=f"layer {record.index}, component {index}<br>"
                              "(%{x:.3f}, %{y:.3f}, %{z:.3f})<extra></extra>",
            ))

    steps = [_slider_step(position, record, records, title)
             for position, record in enumerate(records)]
    figure.update_layout(
        title={"text": _caption(records[0], title)},
        sliders=[{"active": 0, "currentvalue": {"prefix": "layer: "}, "steps": steps,
                  "pad": {"t": 30}}],
        scene={
            "xaxis": {"range": [lows[0], highs[0]]},
            "yaxis": {"range": [lows[1], highs[1]]},
            "zaxis": {"range": [lows[2], highs[2]]},
            "aspectmode": "cube",
        },
        margin={"l": 0, "r": 0, "t": 60, "b": 0},
    )
    return figure


def write_layer_view(trace, path, *, title=None):
    """Write :func:`layer_view` of a trace as one self-contained HTML file.

    plotly.js is embedded in the file (``include_plotlyjs=True``), so the view
    opens offline; expect a file of about 4.5 MB.

    Parameters
    ----------
    trace : LayerTrace
    path : str or Path
        Output file, normally ending in ``.html``.
    title : str, optional
        As for :func:`layer_view`.

    Returns
    -------
    Path
        The file written.
    """
    figure = layer_view(trace, title=title)
    path = Path(path)
    figure.write_html(str(path), include_plotlyjs=True, full_html=True)
    log.info("wrote the interactive layer view to %s", path)
    return path


def _slider_step(position, record, records, title):
    visible = [False] * sum(len(r.points) for r in records)
    start = sum(len(r.points) for r in records[:position])
    for offset in range(len(record.points)):
        visible[start + offset] = True
    return {
        "label": f"{record.index}: {record.name}",
        "method": "update",
        "args": [{"visible": visible}, {"title": {"text": _caption(record, title)}}],
    }


def _caption(record, title):
    from snappy_nn.tracking import format_linking

    if record.linking_matrix is None:
        state = f"linking undefined, components touch (d_min {record.d_min:.2g})"
    else:
        state = (f"lk {format_linking(record.linking_matrix)}, {record.status}, "
                 f"d_min {record.d_min:.3g}")
    return f"{title}<br>layer {record.index} ({record.name}): {state}"



