"""Field cases on which tools in this field have failed: the linking-matrix parts.

The case files are copies, kept in tests/data/cases, of small inputs that
made other tools return a wrong sign, a wrong magnitude, a crash or a lost
component. Each test is named after its case.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import spherogram

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import embed
from snappy_nn.errors import ComponentsTouchError
from snappy_nn.linking import linking_matrix
from snappy_nn.links import MirrorAmbiguityWarning, to_spherogram_link


def load(case_path, name):
    return PolygonalLink.load(case_path(name))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("R05_far_apart.csv", [[0, 0], [0, 0]]),
        ("R05_stacked.csv", [[0, 0], [0, 0]]),
        ("R05_hopf_plus_circle.csv", [[0, -1, 0], [-1, 0, 0], [0, 0, 0]]),
    ],
)
def test_r05_every_component_keeps_row(case_path, name, expected):
    link = load(case_path, name)
    assert len(link) == len(expected)
    assert linking_matrix(link).tolist() == expected


def test_r09_closed_ten_gon_exactly_minus_one(case_path):
    link = load(case_path, "R09_hopf_10gon.csv")
    assert [len(c) for c in link] == [10, 10]
    matrix, residual = linking_matrix(link, return_residual=True)
    assert matrix.tolist() == [[0, -1], [-1, 0]]
    assert residual < 1e-12


@pytest.mark.parametrize("factor", [1, 2, 7])
def test_r09_any_resolution(case_path, factor):
    link = load(case_path, "R09_hopf_10gon.csv").subdivide(factor)
    assert linking_matrix(link).tolist() == [[0, -1], [-1, 0]]


def test_r10_near_components_exact_minus_one(case_path):
    link = load(case_path, "R10_near_eps0.005_n24_0.0.csv")
    assert link.min_distance(0, 1) < 0.01
    assert linking_matrix(link).tolist() == [[0, -1], [-1, 0]]


def test_r10_coarse_polygons_unlinked(case_path):
    link = load(case_path, "R10_near_eps0.001_n40_half-step.csv")
    assert linking_matrix(link).tolist() == [[0, 0], [0, 0]]


def test_r12_writhe_stays_off_diagonal(case_path):
    link = load(case_path, "R12_trefoil_120.csv")
    assert len(link) == 1
    assert linking_matrix(link).tolist() == [[0]]
    doubled = PolygonalLink([link[0], link[0] + [10.0, 0.0, 0.0]])
    assert np.diagonal(linking_matrix(doubled)).tolist() == [0, 0]


def test_r13_duplicate_vertex_merged(case_path):
    path = case_path("R13_duplicate_vertex_unknot.txt")
    assert len(path.read_text().split("\n")) - 1 == 7
    link = PolygonalLink.load(path)
    assert len(link) == 1
    assert len(link[0]) == 6
    assert (link.segment_lengths(0) > 0).all()
    assert linking_matrix(link).tolist() == [[0]]


def test_r15_axis_aligned_hopf(case_path):
    link = load(case_path, "R15_hopf_axis_aligned_40.csv")
    assert linking_matrix(link).tolist() == [[0, -1], [-1, 0]]


def test_r16_t24_minus_two(case_path):
    link = load(case_path, "R16_T24.csv")
    assert linking_matrix(link).tolist() == [[0, -2], [-2, 0]]


def test_r16_t33_every_pair_minus_one(case_path):
    link = load(case_path, "R16_T33.csv")
    assert linking_matrix(link).tolist() == [[0, -1, -1], [-1, 0, -1], [-1, -1, 0]]


def test_r16_coincident_components_clear_error(case_path):
    curve = load(case_path, "R16_T33.csv")[1]
    link = PolygonalLink([curve, curve.copy()])
    message = "components 0 and 1 come within distance 0"
    with pytest.raises(ComponentsTouchError, match=message) as info:
        linking_matrix(link)
    assert info.value.distance == 0.0


@pytest.mark.parametrize(
    "code",
    [[(1, 4, 2, 1), (2, 4, 3, 3)], [[1, 7, 2, 6], [3, 1, 4, 8], [5, 5, 6, 4], [7, 3, 8, 2]]],
)
def test_pd_kinks_embed(code):
    polygons = embed(code, resolution=60)
    assert len(polygons) == 1
    assert linking_matrix(polygons).tolist() == [[0]]


@pytest.mark.parametrize("name, expected", [("L2a1", 1), ("L4a1", -2)])
def test_pd_other_rotation_is_mirror(name, expected):
    table = spherogram.Link(name)
    rotated = [(a, d, c, b) for a, b, c, d in table.PD_code()]
    assert table.linking_matrix()[0][1] == -expected
    polygons = embed(rotated, resolution=60)
    assert linking_matrix(polygons).tolist() == [[0, expected], [expected, 0]]


def test_pd_other_rotation_flips_trefoil_writhe():
    table = spherogram.Link("3_1")
    rotated = [(a, d, c, b) for a, b, c, d in table.PD_code()]
    assert to_spherogram_link(rotated).writhe() == -table.writhe()


def test_dt_without_flips_warns():
    with pytest.warns(MirrorAmbiguityWarning, match="no flips"):
        embed([(4, 6, 2)], resolution=40)


def test_dt_with_flips_matches_table():
    code, flips = spherogram.Link("L2a1").DT_code(flips=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MirrorAmbiguityWarning)
        polygons = embed(code, resolution=40, flips=flips)
    assert linking_matrix(polygons).tolist() == [[0, -1], [-1, 0]]
    assert to_spherogram_link(code, flips).linking_matrix() == [[0, -1], [-1, 0]]
