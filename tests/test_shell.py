"""The opt-in SnapPy shell methods."""

import subprocess
import sys

import numpy as np
import pytest
import snappy
import spherogram

import snappy_nn
import snappy_nn.shell as shell


def test_import_attaches_nothing():
    code = (
        "import snappy, spherogram, snappy_nn, snappy_nn.shell\n"
        "names = list(snappy_nn.shell.METHODS)\n"
        "print(any(hasattr(spherogram.Link, n) for n in names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def installed():
    shell.install()
    yield
    shell.uninstall()


def test_methods_wrap_public_functions(installed):
    link = snappy.Link("L4a1")
    direct = snappy_nn.linking_matrix(snappy_nn.embed("L4a1", 80))
    assert np.array_equal(link.gauss_linking_matrix(resolution=80), direct)
    polygons = spherogram.Link("L2a1").polygonal_embedding(resolution=50)
    assert isinstance(polygons, snappy_nn.PolygonalLink)
    assert len(polygons) == 2


def test_track_through_method(installed):
    flip = lambda p: p * np.array([1.0, 1.0, -1.0])  # noqa: E731
    trace = snappy.Link("L2a1").track_through([flip], resolution=40, diagram=False)
    assert [r.linking_matrix[0, 1] for r in trace.records] == [-1, 1]


def test_uninstall_removes_methods(installed):
    shell.uninstall()
    assert not any(hasattr(spherogram.Link, name) for name in shell.METHODS)


def test_install_rejects_clash(monkeypatch):
    monkeypatch.setattr(spherogram.Link, "track_through", lambda self: None, raising=False)
    with pytest.raises(RuntimeError, match="track_through"):
        shell.install()
    assert not hasattr(spherogram.Link, "polygonal_embedding")
