"""Linking of triangulated spheres in R^(p + q + 1)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from snappy_nn import linking
from snappy_nn.embedding import embed, hopf_link
from snappy_nn.errors import ComponentsTouchError
from snappy_nn.higher import (
    SimplicialComplexError,
    linking_number,
    make_complex,
    separation_bounds,
    sphere_complex,
    stereographic_pair,
)

SEPARATION = 2 * (math.sqrt(2) - 1)


@pytest.mark.parametrize("name", ["L2a1", "L4a1", "L6a5", "L7n1"])
def test_curves_agree_with_gauss_integral(name):
    polygons = embed(name, resolution=80)
    for i in range(len(polygons)):
        for j in range(i + 1, len(polygons)):
            expected = linking.linking_number(polygons[i], polygons[j])
            assert linking_number(polygons[i], polygons[j]) == expected


def test_hopf_circles_link_minus_one():
    x, y = hopf_link(resolution=16)
    assert linking_number(x, y) == -1
    assert linking_number(x, y[::-1]) == 1


def test_unlinked_circles_give_zero():
    t = np.linspace(0, 2 * np.pi, 20, endpoint=False)
    circle = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    assert linking_number(circle, circle + [5.0, 0, 0]) == 0


@pytest.mark.parametrize(("n", "subdivisions"), [(1, 8), (2, 4), (3, 4)])
def test_stereographic_pairs_are_linked(n, subdivisions):
    a, b = stereographic_pair(n, subdivisions)
    assert linking_number(a, b) == (-1) ** n
    assert linking_number(a, b, seed=7) == (-1) ** n
    lower, upper = separation_bounds(a, b)
    assert lower > 0
    assert upper == pytest.approx(SEPARATION, abs=1e-12)


def test_swapping_spheres_follows_sign_rule():
    for n in (1, 2, 3):
        a, b = stereographic_pair(n, 3 if n == 3 else 4)
        p = q = n
        assert linking_number(b, a) == (-1) ** ((p + 1) * (q + 1)) * linking_number(a, b)


def test_reflection_negates_linking():
    a, b = stereographic_pair(2, 4)

    def reflect(v):
        return v * np.array([1, 1, 1, 1, -1.0])

    assert linking_number(a.apply(reflect), b.apply(reflect)) == -linking_number(a, b)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_sphere_complex_counts(n):
    sphere = sphere_complex(n, 3)
    assert len(sphere.simplices) == 2 ** (n + 1) * 3**n
    assert np.allclose(np.linalg.norm(sphere.vertices, axis=1), 1)


def test_open_complex_rejected():
    with pytest.raises(SimplicialComplexError, match="lies on 1 simplices"):
        make_complex([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1], [1, 2]])


def test_inconsistent_orientation_rejected():
    with pytest.raises(SimplicialComplexError, match="opposite orientations"):
        make_complex([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1], [2, 1], [2, 0]])


def test_wrong_dimensions_rejected():
    a, b = stereographic_pair(2, 2)
    x, _ = hopf_link(resolution=8)
    with pytest.raises(SimplicialComplexError, match="R\\^\\(p \\+ q \\+ 1\\)"):
        linking_number(a, x)


def test_touching_curves_raise():
    square = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], dtype=float)
    through_edge = np.array([[1, 0, -1], [1, 0, 1], [3, 0, 1], [3, 0, -1]], dtype=float)
    with pytest.raises(ComponentsTouchError):
        linking_number(square, through_edge)
