"""Embeddings of link diagrams and the parametric families, against known linking numbers."""

from __future__ import annotations

import logging
import subprocess
import sys

import numpy as np
import pytest
import snappy
import spherogram
from conftest import projected_pd_code

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import (
    borromean_rings,
    embed,
    hopf_link,
    stereographic_pair,
    torus_link,
    whitehead_link,
)
from snappy_nn.errors import LinkInputError
from snappy_nn.linking import linking_matrix, min_distance

# Vertices per component in the table sweeps: low enough for speed, and embed
# raises it by itself where a link needs more.
SWEEP_RESOLUTION = 40

HT_SAMPLE_SIZE = 2000
HT_CHUNKS = 4
HT_SEED = 20260


def expected_matrix(diagram, size):
    """Return spherogram's linking matrix padded with zero rows for dropped unknots."""
    result = np.zeros((size, size), dtype=np.int64)
    known = np.asarray(diagram.linking_matrix(), dtype=np.int64)
    result[: len(known), : len(known)] = known
    return result


def mismatches(manifolds):
    """Return the names of table links whose embedding has the wrong linking matrix."""
    wrong = []
    for manifold in manifolds:
        diagram = manifold.link()
        polygons = embed(diagram, resolution=SWEEP_RESOLUTION)
        if not np.array_equal(linking_matrix(polygons), expected_matrix(diagram, len(polygons))):
            wrong.append(manifold.name())
    return wrong


def identify(polygons):
    """Return the names SnapPy gives the exterior of the polygons' projection."""
    diagram = spherogram.Link(projected_pd_code(polygons.components))
    return [m.name() for m in diagram.exterior().identify()]


# Whole tables ------------------------------------------------------------------


def test_link_exteriors_sweep_matches_spherogram():
    manifolds = list(snappy.LinkExteriors(filter="cusps>1"))
    assert len(manifolds) == 414
    assert all(M.num_cusps() > 1 for M in manifolds)
    assert mismatches(manifolds) == []


def ht_sample_indices():
    table = snappy.HTLinkExteriors(filter="cusps>1")
    generator = np.random.default_rng(HT_SEED)
    return table, generator.choice(len(table), size=HT_SAMPLE_SIZE, replace=False)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(HT_CHUNKS))
def test_ht_sample_matches_spherogram(chunk):
    table, indices = ht_sample_indices()
    part = np.array_split(indices, HT_CHUNKS)[chunk]
    manifolds = [table[int(i)] for i in part]
    assert all(M.num_cusps() > 1 for M in manifolds)
    assert mismatches(manifolds) == []


# Diagrams that stress the layout -------------------------------------------------


def test_embed_keeps_component_order_and_sign():
    polygons = embed("L2a1", resolution=60)
    assert linking_matrix(polygons).tolist() == [[0, -1], [-1, 0]]
    assert polygons.info["resolution"] == 60


def test_embed_split_diagram_two_hopf_links():
    code = [(2, 1, 3, 0), (0, 3, 1, 2), (6, 5, 7, 4), (4, 7, 5, 6)]
    polygons = embed(code, resolution=60)
    expected = [[0, -1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, -1], [0, 0, -1, 0]]
    assert linking_matrix(polygons).tolist() == expected
    assert min_distance(polygons) > 0.05


def test_embed_keeps_unlinked_unknot_components():
    diagram = spherogram.Link([(2, 1, 3, 0), (0, 3, 1, 2), (8, 9, 9, 8)])
    diagram.simplify("global")
    assert diagram.unlinked_unknot_components == 1
    assert len(diagram.link_components) == 2
    polygons = embed(diagram, resolution=60)
    assert len(polygons) == 3
    assert linking_matrix(polygons).tolist() == [[0, -1, 0], [-1, 0, 0], [0, 0, 0]]


def test_embed_knot_with_two_far_unknots():
    diagram = spherogram.Link("3_1")
    diagram.unlinked_unknot_components = 2
    polygons = embed(diagram, resolution=60)
    assert len(polygons) == 3
    assert linking_matrix(polygons).tolist() == [[0] * 3] * 3
    assert min_distance(polygons) > 0.1


def test_embed_diagram_of_only_unknots():
    diagram = spherogram.Link([(1, 1, 2, 2)])
    diagram.simplify("global")
    polygons = embed(diagram, resolution=30)
    assert len(polygons) == 1
    assert len(polygons[0]) == 30


def test_embed_does_not_modify_input():
    diagram = spherogram.Link("L6a4")
    before = diagram.PD_code()
    embed(diagram, resolution=40)
    assert diagram.PD_code() == before


def test_embed_low_resolution_raised_with_warning(caplog):
    # Resolution 12 is enough for some of spherogram's layouts of L11n450 (the
    # layout varies between processes), 6 for none of them.
    with caplog.at_level(logging.WARNING, logger="snappy_nn.embedding"):
        polygons = embed("L11n450", resolution=6)
    assert polygons.info["requested_resolution"] == 6
    assert polygons.info["resolution"] > 6
    assert "resolution 6 is too coarse for L11n450" in caplog.text
    diagram = spherogram.Link("L11n450")
    assert np.array_equal(linking_matrix(polygons), expected_matrix(diagram, len(polygons)))


def test_embed_rejects_resolution_below_three():
    with pytest.raises(LinkInputError, match="resolution 2 is too low"):
        embed("L2a1", resolution=2)


def test_embed_identifies_as_whitehead_link():
    assert "5^2_1" in identify(embed("L5a1", resolution=60))


# Parametric families ---------------------------------------------------------------


def test_hopf_link_paper_orientation():
    assert linking_matrix(hopf_link(40)).tolist() == [[0, -1], [-1, 0]]


@pytest.mark.parametrize("k", range(1, 11))
def test_torus_link_t2_2k_gives_k(k):
    polygons = torus_link(2, 2 * k, resolution=16 * k + 8)
    assert len(polygons) == 2
    assert linking_matrix(polygons).tolist() == [[0, k], [k, 0]]


def test_torus_link_t33_every_pair_plus_one():
    polygons = torus_link(3, 3, resolution=60)
    assert linking_matrix(polygons).tolist() == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]


def test_torus_link_gcd_components_not_retraced():
    polygons = torus_link(4, 6, resolution=120)
    assert len(polygons) == 2
    assert min_distance(polygons) > 0.1
    assert linking_matrix(polygons).tolist() == [[0, 6], [6, 0]]


def test_torus_link_knot_is_one_component():
    polygons = torus_link(2, 3, resolution=60)
    assert len(polygons) == 1
    assert linking_matrix(polygons).tolist() == [[0]]


def test_torus_link_rejects_low_resolution():
    message = r"resolution 39 is too low for T\(2,20\).*at least 40"
    with pytest.raises(LinkInputError, match=message):
        torus_link(2, 20, resolution=39)
    assert len(torus_link(2, 20, resolution=40)) == 2


@pytest.mark.parametrize("p, q", [(0, 2), (2, -4), (1.5, 2), (True, 2)])
def test_torus_link_rejects_bad_winding(p, q):
    with pytest.raises(LinkInputError, match="must be a positive integer"):
        torus_link(p, q)


def test_whitehead_link_zero_and_not_split():
    polygons = whitehead_link(60)
    assert linking_matrix(polygons).tolist() == [[0, 0], [0, 0]]
    assert "5^2_1" in identify(polygons)


def test_borromean_rings_zero_and_not_split():
    polygons = borromean_rings(40)
    assert linking_matrix(polygons).tolist() == [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert "6^3_2" in identify(polygons)


def test_stereographic_pair_linked_once():
    polygons = stereographic_pair(40)
    assert linking_matrix(polygons).tolist() == [[0, -1], [-1, 0]]


def test_stereographic_pair_min_distance():
    polygons = stereographic_pair(400)
    assert min_distance(polygons) == pytest.approx(2 * (np.sqrt(2) - 1), abs=1e-3)


def test_stereographic_pair_circles_are_round():
    polygons = stereographic_pair(200)
    for curve, plane_axis in zip(polygons, (2, 0), strict=True):
        assert np.abs(curve[:, plane_axis]).max() == 0.0
        center = (curve.max(axis=0) + curve.min(axis=0)) / 2
        radii = np.linalg.norm(curve - center, axis=1)
        assert radii.max() - radii.min() < 1e-4 * radii.max()


@pytest.mark.parametrize("family", [hopf_link, whitehead_link, borromean_rings, stereographic_pair])
def test_family_resolution_is_vertex_count(family):
    polygons = family(24)
    assert isinstance(polygons, PolygonalLink)
    assert [len(c) for c in polygons] == [24] * len(polygons)


@pytest.mark.parametrize("family", [whitehead_link, stereographic_pair])
def test_family_low_resolution_rejected(family):
    with pytest.raises(LinkInputError, match="resolution 7 is too low or not an integer for the"):
        family(7)
    assert len(family(8)[0]) == 8


@pytest.mark.parametrize("resolution", [8, 9, 13, 31])
def test_whitehead_link_at_low_resolution(resolution):
    assert "5^2_1" in identify(whitehead_link(resolution))


def test_embed_same_in_every_process():
    script = (
        "import hashlib, numpy as np\n"
        "from snappy_nn.embedding import embed\n"
        "for name in ['L6a4', 'L11n450', 'L8a21']:\n"
        "    P = embed(name, 60)\n"
        "    print(hashlib.sha1(np.concatenate(P.components).tobytes()).hexdigest())\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(3)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout == runs[2].stdout


def test_coarse_resolution_keeps_knot_type():
    # At 60 vertices, corner-cutting chords once turned this knot into another one
    # (hyperbolic volume 15.12 instead of 26.37) with the same trivial linking matrix.
    from snappy_nn.diagram import project_link

    polygons = embed("K14a10852", 60)
    assert polygons.info["resolution"] > 60
    rebuilt = project_link(polygons).link.exterior()
    assert rebuilt.is_isometric_to(snappy.Manifold("K14a10852"))
