"""Exact linking numbers: symmetries of the linking matrix and the touching guard."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import borromean_rings, embed, hopf_link, torus_link
from snappy_nn.errors import ComponentsTouchError
from snappy_nn.linking import (
    check_disjoint,
    gauss_integral,
    linking_matrix,
    linking_number,
    min_distance,
)

# Links with non-zero entries of both signs and more than two components.
LINKS = {
    "L2a1": embed("L2a1", resolution=40),
    "L4a1": embed("L4a1", resolution=40),
    "L6a5": embed("L6a5", resolution=40),
    "L7n1": embed("L7n1", resolution=40),
    "T(3,6)": torus_link(3, 6, resolution=60),
}
link_names = st.sampled_from(sorted(LINKS))


def test_reference_links_have_non_zero_entries():
    for link in LINKS.values():
        assert np.abs(linking_matrix(link)).sum() > 0


@settings(max_examples=25, deadline=None)
@given(name=link_names, data=st.data())
def test_reversal_negates_row_and_column(name, data):
    link = LINKS[name]
    index = data.draw(st.integers(0, len(link) - 1))
    before = linking_matrix(link)
    after = linking_matrix(link.reversed(index))
    expected = before.copy()
    expected[index, :] *= -1
    expected[:, index] *= -1
    assert np.array_equal(after, expected)


@settings(max_examples=15, deadline=None)
@given(name=link_names, axis=st.integers(0, 2))
def test_mirror_negates_matrix(name, axis):
    link = LINKS[name]
    assert np.array_equal(linking_matrix(link.mirror(axis)), -linking_matrix(link))


@settings(max_examples=25, deadline=None)
@given(
    name=link_names,
    rotation=st.integers(0, 2**32 - 1),
    scale=st.floats(1e-3, 1e3),
    shift=st.lists(st.floats(-100, 100), min_size=3, max_size=3),
)
def test_rigid_motion_and_scaling_keep_matrix(name, rotation, scale, shift):
    link = LINKS[name]
    matrix = Rotation.random(random_state=rotation).as_matrix() * scale
    moved = link.transformed(matrix, np.array(shift))
    assert np.array_equal(linking_matrix(moved), linking_matrix(link))


@settings(max_examples=15, deadline=None)
@given(name=link_names, seed=st.integers(0, 2**32 - 1))
def test_permutation_permutes_matrix(name, seed):
    link = LINKS[name]
    order = np.random.default_rng(seed).permutation(len(link))
    before = linking_matrix(link)
    assert np.array_equal(linking_matrix(link.permuted(order)), before[np.ix_(order, order)])


def test_matrix_is_int64_with_zero_diagonal():
    matrix = linking_matrix(LINKS["L6a5"])
    assert matrix.dtype == np.int64
    assert np.array_equal(matrix, matrix.T)
    assert not np.diagonal(matrix).any()


def test_linking_number_returns_int():
    x, y = hopf_link(20)
    value = linking_number(x, y)
    assert type(value) is int
    assert value == -1


def test_residual_small_for_closed_polygons():
    x, y = hopf_link(7)
    value, residual = linking_number(x, y, return_residual=True)
    assert value == -1
    assert residual < 1e-9


def test_gauss_integral_is_float():
    x, y = hopf_link(12)
    value = gauss_integral(x, y)
    assert type(value) is float
    assert value == pytest.approx(-1.0, abs=1e-12)


def test_gauss_integral_antisymmetry_under_reversal():
    x, y = hopf_link(12)
    assert gauss_integral(x, y[::-1]) == pytest.approx(1.0, abs=1e-12)


def test_borromean_pairwise_zero():
    assert not linking_matrix(borromean_rings(30)).any()


def test_touching_components_raise_with_distance():
    x = np.array([[-1.0, 0, 0], [1, 0, 0], [0, 1, 0]])
    y = np.array([[0.0, 0, -1], [0, 0, 1], [0, -1, 0]])
    link = PolygonalLink([x, y])
    message = "components 0 and 1 come within distance 0"
    with pytest.raises(ComponentsTouchError, match=message) as info:
        linking_matrix(link)
    error = info.value
    assert error.components == (0, 1)
    assert error.distance == pytest.approx(0.0, abs=1e-12)
    assert error.segments == (0, 0)
    assert np.allclose(error.point, [0, 0, 0])


def test_nearly_touching_components_raise_below_tolerance():
    x, y = hopf_link(40)
    link = PolygonalLink([x, y + [0, -0.99, 0]])
    distance = min_distance(link)
    with pytest.raises(ComponentsTouchError) as info:
        check_disjoint(link, tolerance=1.01 * distance / link.diameter())
    assert info.value.distance == pytest.approx(distance)


def test_identical_components_raise():
    x, _ = hopf_link(30)
    with pytest.raises(ComponentsTouchError, match="components 0 and 1 come within distance 0"):
        linking_matrix(PolygonalLink([x, x.copy()]))


def test_linking_needs_three_dimensions():
    square = np.array([[0.0, 0], [1, 0], [1, 1], [0, 1]])
    with pytest.raises(ValueError, match="linking numbers of curves need R\\^3"):
        linking_matrix(PolygonalLink([square, square + 3]))


def test_single_component_matrix():
    assert linking_matrix(torus_link(2, 3, resolution=60)).tolist() == [[0]]
