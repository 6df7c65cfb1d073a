"""Linking between classes of point clouds: synthetic links, the R19 field case, guards."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from snappy_nn.embedding import hopf_link
from snappy_nn.linking import gauss_integral, linking_number
from snappy_nn.pointcloud import (
    PAPER_EPSILONS,
    PointCloudError,
    default_epsilon,
    detect_linking,
    fundamental_cycles,
    knn_graph,
    linking_consistency,
    minimal_epsilon,
    pca_project,
)

R19 = Path(__file__).resolve().parent / "data" / "cases" / "R19_cloud_n30.csv"


def noisy_hopf_cloud(n=300, noise=0.02, seed=0):
    """Return the circles of hopf_link sampled at random angles, shuffled, with noise."""
    rng = np.random.default_rng(seed)
    t, s = rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 2 * np.pi, n)
    x = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    y = np.stack([0 * s, 1 + np.cos(s), np.sin(s)], axis=1)
    points = np.concatenate([x, y]) + rng.normal(scale=noise, size=(2 * n, 3))
    labels = np.repeat([0, 1], n)
    order = rng.permutation(2 * n)
    return points[order], labels[order]


def winding(angles):
    """Return how many times a closed sequence of angles turns, as an integer."""
    steps = np.diff(np.append(angles, angles[0]))
    steps = (steps + np.pi) % (2 * np.pi) - np.pi
    return int(np.rint(steps.sum() / (2 * np.pi)))


def two_circles(offset, n=60):
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    a = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    b = a + np.asarray(offset, dtype=float)
    return np.concatenate([a, b]), np.repeat([0, 1], n)


def read_r19():
    table = np.loadtxt(R19, delimiter=",", skiprows=1)
    return table[:, 1:], table[:, 0].astype(np.int64)


# Synthetic links


def test_hopf_cloud_has_witness():
    points, labels = noisy_hopf_cloud()
    result = detect_linking(points, labels, k=8)
    assert result.status == "linked"
    assert result.linked
    assert {abs(w.linking_number) for w in result.witnesses} == {1}


def test_hopf_witness_matches_ordered_curves():
    points, labels = noisy_hopf_cloud()
    X, Y = hopf_link(200)
    ordered = linking_number(X, Y)
    assert ordered == -1

    result = detect_linking(points, labels, k=8, verify=5)
    for witness in result.witnesses[:5]:
        cycle_x, cycle_y = (points[c] for c in witness.cycles)
        # Orientation of each cycle relative to the parametrised circle it follows.
        turns_x = winding(np.arctan2(cycle_x[:, 1], cycle_x[:, 0]))
        turns_y = winding(np.arctan2(cycle_y[:, 2], cycle_y[:, 1] - 1))
        assert turns_x * turns_y != 0
        assert witness.linking_number == ordered * turns_x * turns_y
        assert witness.gauss == pytest.approx(witness.linking_number, abs=1e-6)
        assert witness.linking_number == linking_number(cycle_x, cycle_y)


def test_unlinked_circles_have_no_witness():
    points, labels = two_circles((3.0, 0.0, 0.0))
    result = detect_linking(points, labels, k=4)
    assert result.status == "unlinked"
    assert result.cycles[0] > 0
    assert result.cycles[1] > 0
    assert result.witnesses == []


def test_side_by_side_circles_unlinked():
    # Two circles whose discs overlap but which do not link: same plane, shifted.
    points, labels = two_circles((1.0, 0.0, 0.5))
    result = detect_linking(points, labels, k=4)
    assert result.status == "unlinked"
    assert result.witnesses == []


def test_far_blobs_have_no_witness():
    rng = np.random.default_rng(3)
    points = np.concatenate([rng.normal(size=(200, 3)), rng.normal(size=(200, 3)) + 20])
    labels = np.repeat([0, 1], 200)
    result = detect_linking(points, labels, k=8)
    assert not result.linked
    assert result.witnesses == []


def test_gauss_method_prunes_far_pairs():
    points, labels = two_circles((5.0, 0.0, 0.0))
    result = detect_linking(points, labels, k=4, method="gauss")
    assert result.status == "unlinked"
    assert result.pairs > 0
    assert result.pairs_pruned == result.pairs


@pytest.mark.parametrize("k", [5, 6, 8])
def test_methods_agree_on_r19(k):
    points, labels = read_r19()
    fast = detect_linking(points, labels, k=k, verify=10**6)
    slow = detect_linking(points, labels, k=k, method="gauss")
    assert fast.status == slow.status

    def table(result):
        return sorted(
            (tuple(c.tolist() for c in w.cycles), w.linking_number) for w in result.witnesses
        )

    assert table(fast) == table(slow)


def test_witness_indices_refer_to_input():
    points, labels = noisy_hopf_cloud(n=80, seed=4)
    result = detect_linking(points, labels, k=8, first=True)
    assert len(result.witnesses) == 1
    witness = result.witnesses[0]
    a, b = witness.cycles
    assert set(labels[a].tolist()) == {0}
    assert set(labels[b].tolist()) == {1}
    assert round(gauss_integral(points[a], points[b])) == witness.linking_number


def test_rigid_motion_keeps_witness_count():
    points, labels = noisy_hopf_cloud(n=100, seed=5)
    rotation, _ = np.linalg.qr(np.random.default_rng(1).normal(size=(3, 3)))
    moved = points @ rotation.T + np.array([3.0, -2.0, 1.0])
    before = detect_linking(points, labels, k=8)
    after = detect_linking(moved, labels, k=8)
    assert len(before.witnesses) == len(after.witnesses)
    sign = round(np.linalg.det(rotation))
    pairs_before = {tuple(map(tuple, w.cycles)): w.linking_number for w in before.witnesses}
    pairs_after = {tuple(map(tuple, w.cycles)): w.linking_number for w in after.witnesses}
    assert pairs_after == {key: sign * value for key, value in pairs_before.items()}


def test_touching_cycles_are_undefined():
    square_a = np.array([[0.0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]])
    # A vertex of the second square lies on an edge of the first.
    square_b = np.array([[0.5, 0, 0], [0.5, 0, 1], [0.5, -1, 1], [0.5, -1, 0]])
    points = np.concatenate([square_a, square_b])
    labels = np.repeat([0, 1], 4)
    for method in ("crossings", "gauss"):
        result = detect_linking(points, labels, k=2, method=method)
        assert result.pairs_undefined == 1, method
        assert result.witnesses == [], method


# The R19 field case


@pytest.mark.parametrize("k", [2, 3, 4])
def test_r19_small_k_no_essential_cycle(k):
    points, labels = read_r19()
    result = detect_linking(points, labels, k=k)
    assert result.status == "no essential cycle"
    assert "sum of its triangles" in result.reason


def test_r19_k8_linked():
    points, labels = read_r19()
    result = detect_linking(points, labels, k=8)
    assert result.status == "linked"
    assert {abs(w.linking_number) for w in result.witnesses} == {1}


def test_r19_signs_reproducible():
    points, labels = read_r19()
    first = detect_linking(points, labels, k=8, seed=0)
    second = detect_linking(points, labels, k=8, seed=7)
    assert [w.linking_number for w in first.witnesses] == [
        w.linking_number for w in second.witnesses
    ]
    assert all(
        np.array_equal(p, q)
        for w, v in zip(first.witnesses, second.witnesses, strict=True)
        for p, q in zip(w.cycles, v.cycles, strict=True)
    )


# Graphs and cycles


def test_knn_graph_mutual_subset():
    points, labels = read_r19()
    cloud = points[labels == 0]
    plain = {tuple(e) for e in knn_graph(cloud, 5).tolist()}
    mutual = {tuple(e) for e in knn_graph(cloud, 5, mutual=True).tolist()}
    assert mutual < plain


def test_knn_graph_epsilon_filter():
    points, labels = read_r19()
    cloud = points[labels == 0]
    edges = knn_graph(cloud, 8, epsilon=0.3)
    lengths = np.linalg.norm(cloud[edges[:, 0]] - cloud[edges[:, 1]], axis=1)
    assert lengths.max() <= 0.3
    assert len(edges) < len(knn_graph(cloud, 8))


def test_cycle_orientation_rule():
    square = np.array([[0.0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]])
    basis = fundamental_cycles(square, k=2)
    # The only non-tree edge is (2, 3): start at 2, cross to 3, climb to the root 0.
    assert basis.cycle(0).tolist() == [2, 3, 0, 1]


def test_cycle_basis_counts_and_lengths():
    points, labels = read_r19()
    cloud = points[labels == 1]
    edges = knn_graph(cloud, 6)
    everything = fundamental_cycles(cloud, 6, min_length=3)
    assert everything.total == len(edges) - len(cloud) + 1
    assert len(everything) == everything.total
    longer = fundamental_cycles(cloud, 6, min_length=5)
    assert longer.lengths().min() >= 5
    top = fundamental_cycles(cloud, 6, min_length=3, max_cycles=3)
    assert len(top) == 3
    assert sorted(top.lengths().tolist()) == sorted(everything.lengths().tolist())[-3:]


def test_cycles_are_closed_walks_in_graph():
    points, labels = read_r19()
    cloud = points[labels == 0]
    edges = {tuple(e) for e in knn_graph(cloud, 8).tolist()}
    basis = fundamental_cycles(cloud, 8, min_length=3)
    for c in range(len(basis)):
        cycle = basis.cycle(c).tolist()
        assert len(set(cycle)) == len(cycle)
        for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert (min(a, b), max(a, b)) in edges


# ε search and consistency


def test_minimal_epsilon_is_smallest():
    points, labels = read_r19()
    search = minimal_epsilon(points, labels, k=8)
    assert search.epsilon is not None
    assert search.result.linked
    assert detect_linking(points, labels, k=8, epsilon=search.epsilon).linked
    below = np.nextafter(search.epsilon, 0)
    assert not detect_linking(points, labels, k=8, epsilon=below).linked


def test_minimal_epsilon_none_when_unlinked():
    points, labels = two_circles((3.0, 0.0, 0.0), n=30)
    search = minimal_epsilon(points, labels, k=4)
    assert search.epsilon is None
    assert search.result is None
    assert search.probes


def test_linking_consistency_over_paper_epsilons():
    points, labels = read_r19()
    fraction, results = linking_consistency(points, labels, k=8)
    assert len(results) == len(PAPER_EPSILONS)
    assert fraction == sum(r.linked for r in results) / len(PAPER_EPSILONS)
    assert results[-1].linked
    assert not results[0].linked
    assert 0 < fraction < 1


# PCA


def test_pca_project_shapes_and_variance():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(200, 10)) * np.arange(1, 11)
    projected = pca_project(data)
    assert projected.shape == (200, 3)
    variances = projected.var(axis=0)
    assert variances[0] >= variances[1] >= variances[2]
    scaled = pca_project(data, unit_variance=True)
    assert np.allclose(scaled.std(axis=0), 1.0)


def test_pca_of_3d_cloud_keeps_distances():
    points, labels = noisy_hopf_cloud(n=60, seed=2)
    projected = pca_project(points)
    assert np.allclose(
        np.linalg.norm(projected[0] - projected[1:], axis=1),
        np.linalg.norm(points[0] - points[1:], axis=1),
    )


def test_default_epsilon_quantile():
    line = np.array([[0.0, 0, 0], [1, 0, 0], [3, 0, 0], [6, 0, 0]])
    assert default_epsilon(line, quantile=0.0) == 1.0
    assert default_epsilon(line, quantile=1.0) == 3.0


# Degenerate input


def test_class_without_cycles_message():
    line = np.stack([np.linspace(0, 1, 10), np.zeros(10), np.zeros(10)], axis=1)
    circle, _ = two_circles((0, 0, 0), n=10)
    points = np.concatenate([line, circle[:10] + 5])
    labels = np.repeat([0, 1], 10)
    result = detect_linking(points, labels, k=2)
    assert result.status == "no essential cycle"
    assert "class 0" in result.reason
    assert "none with at least 4 vertices" in result.reason


def test_single_point_class_message():
    circle, _ = two_circles((0, 0, 0), n=10)
    points = np.concatenate([circle[:10], [[5.0, 5.0, 5.0]]])
    labels = np.array([0] * 10 + [1])
    result = detect_linking(points, labels, k=3)
    assert result.status == "no essential cycle"
    assert "class 1 has 1 distinct point(s)" in result.reason


def test_duplicate_points_merged(caplog):
    points, labels = noisy_hopf_cloud(n=80, seed=6)
    doubled = np.concatenate([points, points[:10]])
    doubled_labels = np.concatenate([labels, labels[:10]])
    with caplog.at_level(logging.WARNING, logger="snappy_nn.pointcloud"):
        result = detect_linking(doubled, doubled_labels, k=8)
    assert "repeated points merged" in caplog.text
    assert sum(result.duplicates) == 10
    plain = detect_linking(points, labels, k=8)
    assert [w.linking_number for w in result.witnesses] == [
        w.linking_number for w in plain.witnesses
    ]


def test_nan_rejected():
    points, labels = read_r19()
    points[7, 1] = np.nan
    with pytest.raises(PointCloudError, match="NaN or infinite coordinates, first at row 7"):
        detect_linking(points, labels)


def test_mismatched_labels_rejected():
    points, labels = read_r19()
    with pytest.raises(PointCloudError, match="60 points but labels of shape"):
        detect_linking(points, labels[:-1])


def test_wrong_dimension_rejected():
    with pytest.raises(PointCloudError, match="pca_project"):
        detect_linking(np.zeros((5, 4)), np.zeros(5))


def test_pair_required_for_many_classes():
    points, labels = read_r19()
    labels = labels.copy()
    labels[:5] = 2
    with pytest.raises(PointCloudError, match="choose two with pair"):
        detect_linking(points, labels)
    with pytest.raises(PointCloudError, match="class 9 is not among the labels"):
        detect_linking(points, labels, pair=(0, 9))


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ({"k": 0}, "k must be a positive integer"),
        ({"epsilon": -1.0}, "epsilon must be a positive number"),
        ({"min_cycle_length": 2}, "minimum cycle length must be an integer >= 3"),
        ({"max_cycles": 0}, "max_cycles must be a positive integer"),
        ({"method": "quadrature"}, "method must be one of"),
    ],
)
def test_bad_parameters_rejected(options, text):
    points, labels = read_r19()
    with pytest.raises(PointCloudError, match=text):
        detect_linking(points, labels, **options)


def test_result_to_dict_plain_types():
    import json

    points, labels = read_r19()
    payload = detect_linking(points, labels, k=8, first=True).to_dict()
    text = json.dumps(payload)
    assert '"status": "linked"' in text
    assert isinstance(payload["witnesses"][0]["linking_number"], int)


# A classifier with a width-3 bottleneck on real digits


@pytest.fixture(scope="module")
def small_digits():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    from snappy_nn.datasets import load_digits

    points, labels = load_digits()
    keep = labels < 3
    return points[keep], labels[keep]


def test_linking_by_layer_reports_every_layer(small_digits):
    from snappy_nn.realdata import linking_by_layer, train_classifier

    points, labels = small_digits
    model, accuracy = train_classifier(points, labels, epochs=150, seed=0)
    assert accuracy > 0.9
    report = linking_by_layer(model, points, labels, accuracy=accuracy)
    assert report.layers == ["input", "hidden", "bottleneck", "block 1", "block 2"]
    assert len(report.rows) == 5 * 3
    statuses = {row["status"] for row in report.rows}
    assert statuses <= {"linked", "unlinked", "no essential cycle"}
    for row in report.rows:
        assert (row["witnesses"] > 0) == (row["status"] == "linked")
        assert 0 not in row["linking_numbers"]


def test_training_is_seeded(small_digits):
    from snappy_nn.realdata import linking_by_layer, train_classifier

    points, labels = small_digits
    runs = []
    for _ in range(2):
        model, accuracy = train_classifier(points, labels, epochs=60, seed=3)
        runs.append((accuracy, linking_by_layer(model, points, labels).rows))
    assert runs[0] == runs[1]
