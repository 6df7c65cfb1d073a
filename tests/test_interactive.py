"""The plotly layer view: one trace per component and layer, one slider step per layer."""

import shutil
import subprocess

import numpy as np
import pytest

from snappy_nn.embedding import hopf_link
from snappy_nn.tracking import track

pytest.importorskip("plotly", reason="plotly is an optional extra (snappy-nn[interactive])")

from snappy_nn.interactive import layer_view, write_layer_view  # noqa: E402


def fold_trace():
    flip = lambda p: p * np.array([1.0, 1.0, -1.0])  # noqa: E731
    return track(hopf_link(30), [lambda p: 2 * p, flip], diagram=False)


def test_layer_view_traces_and_steps():
    figure = layer_view(fold_trace())
    assert len(figure.data) == 3 * 2
    steps = figure.layout.sliders[0].steps
    assert len(steps) == 3
    for position, step in enumerate(steps):
        visible = step.args[0]["visible"]
        assert visible == [i // 2 == position for i in range(6)]


def test_layer_view_captions_state_linking():
    steps = layer_view(fold_trace()).layout.sliders[0].steps
    captions = [step.args[1]["title"]["text"] for step in steps]
    assert "lk -1, linked" in captions[0]
    assert "lk 1, linked" in captions[2]


def test_layer_view_undefined_layer():
    squash = lambda p: p * np.array([1.0, 0.0, 0.0])  # noqa: E731
    trace = track(hopf_link(30), [squash], diagram=False)
    captions = [s.args[1]["title"]["text"] for s in layer_view(trace).layout.sliders[0].steps]
    assert "linking undefined" in captions[1]


def test_write_layer_view_is_self_contained(tmp_path):
    path = write_layer_view(fold_trace(), tmp_path / "view.html")
    html = path.read_text()
    assert "<script src=" not in html
    assert len(html) > 1_000_000
    assert html.count('"legendgroup":"component 0"') == 3
    assert html.count('"legendgroup":"component 1"') == 3
    assert "layer 2" in html


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not on PATH")
def test_view_renders_in_headless_chromium(tmp_path):
    path = write_layer_view(fold_trace(), tmp_path / "view.html")
    screenshot = tmp_path / "view.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={screenshot}", "--window-size=1200,900", path.as_uri()],
        capture_output=True, timeout=180, check=False,
    )
    assert screenshot.exists()
    from matplotlib.image import imread

    pixels = imread(screenshot)
    assert pixels.shape[:2] == (900, 1200)
    # A blank page is one colour; the rendered plot has the curves, axes and slider.
    assert len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) > 50
