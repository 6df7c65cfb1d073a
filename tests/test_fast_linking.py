"""The crossing-count path of linking_matrix against the exact solid-angle sum."""

from __future__ import annotations

import random

import numpy as np
import pytest
import snappy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import snappy_nn.linking as linking
from snappy_nn._geometry import segment_segment_distance
from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import embed, hopf_link
from snappy_nn.errors import ComponentsTouchError, GeneralPositionError, PolygonError
from snappy_nn.linking import check_disjoint, gauss_integral, linking_matrix, linking_number

LINK_TABLE = [M.name() for M in snappy.LinkExteriors() if M.num_cusps() > 1]


def both_methods(link):
    return (linking_matrix(link, method="crossings").tolist(),
            linking_matrix(link, method="solid-angle").tolist())


@pytest.mark.parametrize("name", random.Random(5).sample(LINK_TABLE, 40))
def test_table_links_agree(name):
    fast, exact = both_methods(embed(name, 80))
    assert fast == exact


def test_hopf_fast_path_large():
    X, Y = hopf_link(20_000)
    assert linking_matrix(PolygonalLink([X, Y]), method="crossings").tolist() == [[0, -1], [-1, 0]]
    assert linking_matrix(PolygonalLink([X, Y[::-1]])).tolist() == [[0, 1], [1, 0]]


def test_auto_uses_crossings_for_large_input(monkeypatch):
    calls = []
    original = linking._crossing_linking_matrix
    monkeypatch.setattr(linking, "_crossing_linking_matrix",
                        lambda link, tol: calls.append(len(link)) or original(link, tol))
    X, Y = hopf_link(10)
    linking_matrix(PolygonalLink([X, Y]))
    assert calls == []
    X, Y = hopf_link(200)
    matrix, residual = linking_matrix(PolygonalLink([X, Y]), return_residual=True)
    assert calls == [2]
    assert matrix.tolist() == [[0, -1], [-1, 0]]
    assert residual == 0.0


def test_fallback_without_regular_projection(monkeypatch, caplog):
    def never_regular(*args, **kwargs):
        raise GeneralPositionError("forced", 1)

    monkeypatch.setattr(linking, "find_crossings", never_regular)
    X, Y = hopf_link(60)
    matrix, residual = linking_matrix(PolygonalLink([X, Y]), method="crossings",
                                      return_residual=True)
    assert matrix.tolist() == [[0, -1], [-1, 0]]
    assert residual < 1e-6
    assert "using the solid-angle sum" in caplog.text


def test_unknown_method_rejected():
    with pytest.raises(ValueError, match="unknown linking method 'fast'"):
        linking_matrix(embed("L2a1", 40), method="fast")


def test_touch_error_matches_check_disjoint():
    t = np.linspace(0, 2 * np.pi, 3000, endpoint=False)
    circle = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    touching = np.stack([2 + np.cos(t), 0 * t, np.sin(t)], axis=1)
    link = PolygonalLink([circle, touching])
    with pytest.raises(ComponentsTouchError) as fast:
        linking_matrix(link, method="crossings")
    with pytest.raises(ComponentsTouchError) as reference:
        check_disjoint(link)
    assert fast.value.components == reference.value.components
    assert fast.value.distance == pytest.approx(reference.value.distance, abs=1e-12)
    assert fast.value.tolerance == reference.value.tolerance


def test_hundred_component_chain():
    # A chain of rings: ring i links ring i + 1 once, alternately in two planes.
    t = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    rings = []
    for i in range(100):
        a, b = np.cos(t), np.sin(t)
        ring = np.stack([a, b, 0 * t], 1) if i % 2 == 0 else np.stack([a, 0 * t, b], 1)
        rings.append(ring + [1.5 * i, 0, 0])
    link = PolygonalLink(rings)
    fast = linking_matrix(link, method="crossings")
    # Rings two or more apart are separated by a plane x = const, so they are unlinked.
    for i in range(100):
        for j in range(i + 1, 100):
            exact = round(gauss_integral(rings[i], rings[j])) if j - i <= 2 else 0
            assert fast[i, j] == fast[j, i] == exact, (i, j)
    assert np.abs(np.diag(fast, 1)).tolist() == [1] * 99


def test_single_component_is_zero():
    matrix = linking_matrix(embed("3_1", 60), method="crossings")
    assert matrix.tolist() == [[0]]


def test_linking_number_unchanged():
    X, Y = hopf_link(40)
    assert linking_number(X, Y) == -1


coordinate = st.integers(-3, 3).map(float)
polygon = st.lists(st.tuples(coordinate, coordinate, coordinate), min_size=3, max_size=8,
                   unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(polygon, min_size=2, max_size=4))
def test_lattice_polygons_agree(components):
    # Lattice vertices are collinear and share projected coordinates often.
    try:
        link = PolygonalLink([np.array(c) for c in components])
        exact = linking_matrix(link, method="solid-angle")
    except (ComponentsTouchError, PolygonError):
        assume(False)
    assert linking_matrix(link, method="crossings").tolist() == exact.tolist()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.integers(0, 10**6), st.integers(3, 60), st.floats(1e-7, 1e-3))
def test_random_near_touching_agree(seed, count, gap):
    rng = np.random.default_rng(seed)
    first = rng.standard_normal((count, 3))
    second = rng.standard_normal((count, 3))
    try:
        link = PolygonalLink([first, second])
    except PolygonError:
        assume(False)
    # Move the second polygon so that its closest point ends ``gap`` from the first.
    distance, (i, j), _ = link.closest_approach(0, 1)
    _, s, t = segment_segment_distance(first[i], first[(i + 1) % count],
                                       second[j], second[(j + 1) % count])
    p = first[i] + s * (first[(i + 1) % count] - first[i])
    q = second[j] + t * (second[(j + 1) % count] - second[j])
    moved = PolygonalLink([first, second + (p - q) * (1 - gap / max(distance, 1e-12))])
    assume(moved.min_distance(0, 1) > 1e-8 * moved.diameter())
    fast, exact = both_methods(moved)
    assert fast == exact
