"""Activation registry: monotone flags and the local extrema of folding activations."""

import numpy as np
import pytest
import torch

from snappy_nn.errors import SnappyNNError
from snappy_nn.nn.activations import ACTIVATIONS, get_activation, locate_extremum

GRID = torch.linspace(-6.0, 6.0, 24001, dtype=torch.float64)

# Published minima (Ren and Lim, arXiv:2606.31856) and |x| at 0.
EXPECTED_MINIMA = {"gelu": -0.752, "swish": -1.278, "mish": -1.192, "abs": 0.0}


def _values(name):
    return get_activation(name).module().double()(GRID).numpy()


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_monotone_flag_matches_values(name):
    steps = np.diff(_values(name))
    assert bool((steps >= -1e-12).all()) == get_activation(name).monotone


@pytest.mark.parametrize("name", sorted(EXPECTED_MINIMA))
def test_extremum_found_numerically(name):
    found = locate_extremum(name)
    assert found == pytest.approx(EXPECTED_MINIMA[name], abs=1e-3)
    assert get_activation(name).extremum == pytest.approx(found, abs=1e-3)


@pytest.mark.parametrize("name", sorted(EXPECTED_MINIMA))
def test_extremum_is_grid_minimum(name):
    values = _values(name)
    assert GRID[int(np.argmin(values))].item() == pytest.approx(EXPECTED_MINIMA[name], abs=1e-3)


def test_nonmonotone_set():
    nonmonotone = {name for name, a in ACTIVATIONS.items() if not a.monotone}
    assert nonmonotone == {"abs", "gelu", "swish", "mish"}


def test_aliases_and_case():
    assert get_activation("SiLU").name == "swish"
    assert get_activation("ReLU").name == "relu"


def test_unknown_activation_lists_names():
    with pytest.raises(SnappyNNError, match="unknown activation 'softsign'.*gelu"):
        get_activation("softsign")


def test_monotone_has_no_extremum():
    with pytest.raises(SnappyNNError, match="monotone"):
        locate_extremum("relu")
