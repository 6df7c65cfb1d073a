"""The linking facts of Ren and Lim (arXiv:2606.31856) checked on explicit weights.

Each test builds the layer maps by hand, pushes a link through them with
:func:`snappy_nn.tracking.track`, and compares the exact linking numbers with
what the theorems predict. Only the Table 8 test trains networks.
"""

import numpy as np
import pytest
import torch

from snappy_nn.embedding import embed, hopf_link, stereographic_pair
from snappy_nn.nn import build_model, sample_link_points, train_classifier
from snappy_nn.nn.models import abs_block, fold_attention
from snappy_nn.tracking import track


def _affine(matrix, shift=(0.0, 0.0, 0.0)):
    matrix, shift = np.asarray(matrix, dtype=float), np.asarray(shift, dtype=float)
    return lambda p: p @ matrix.T + shift


def _final(trace):
    return trace.final.linking_matrix


def _well_conditioned(rng):
    while True:
        matrix = rng.normal(size=(3, 3))
        if np.linalg.cond(matrix) < 20:
            return matrix


@pytest.mark.parametrize("seed", range(6))
def test_affine_layer_multiplies_by_det_sign(seed):
    rng = np.random.default_rng(seed)
    link = embed("L4a1", 120)
    matrix = _well_conditioned(rng)
    trace = track(link, [_affine(matrix, rng.normal(size=3))], diagram=False)
    expected = int(np.sign(np.linalg.det(matrix))) * trace.records[0].linking_matrix
    assert trace.records[0].linking_matrix[0, 1] == 2
    assert np.array_equal(_final(trace), expected)


@pytest.mark.parametrize("signs", [(1, 1, 1), (-1, 1, 1), (-1, -1, 1), (-1, -1, -1), (1, -1, 1)])
def test_monotone_activation_sign_rule(signs):
    # Coordinate-wise tanh, negated on r coordinates: strictly monotone, so images stay disjoint.
    signs = np.array(signs, dtype=float)
    r = int((signs < 0).sum())
    trace = track(hopf_link(60), [lambda p: signs * np.tanh(p)], diagram=False)
    assert trace.final.status == "linked"
    assert _final(trace)[0, 1] == (-1) ** r * -1


def test_monotone_layers_keep_sign_without_collision():
    # Sigmoid, leaky ReLU and ELU after invertible affine maps: |lk| stays 1.
    rng = np.random.default_rng(7)
    maps = []
    for name in ["sigmoid", "leaky_relu", "elu"]:
        from snappy_nn.nn.activations import get_activation

        activation = get_activation(name).module().double()
        maps += [_affine(_well_conditioned(rng)), activation]
    trace = track(hopf_link(60), maps, diagram=False)
    for record in trace.records:
        assert record.status == "linked"
        assert abs(record.linking_matrix[0, 1]) == 1


def _fold(*axes):
    def fold(p):
        q = p.copy()
        q[:, list(axes)] = np.abs(q[:, list(axes)])
        return q

    return fold


def test_five_step_fold_unlinks_hopf():
    steps = [
        _fold(1),
        lambda p: p * np.array([1.0, -1.0, 1.0]) + np.array([0.0, 1.0, 0.0]),
        _fold(0),
        _fold(1),
        _fold(2),
    ]
    trace = track(hopf_link(80), steps, diagram=False)
    assert trace.records[0].linking_matrix[0, 1] == -1
    assert trace.final.status == "unlinked"
    for record in trace.records:
        assert record.status != "undefined"
        assert record.d_min > 0.05
    first, second = trace.final.points
    assert np.all(first[:, 1] + first[:, 2] - first[:, 0] / 2 < 0.75)
    assert np.all(second[:, 1] + second[:, 2] - second[:, 0] / 2 > 0.75)


def test_fold_changes_located_on_homotopy():
    trace = track(hopf_link(80), [_fold(1)], diagram=False)
    events = trace.final.events
    assert sum(e.change for e in events) == 1
    for e in events:
        assert 0 < e.time < 1
        assert e.distance < 1e-2


def test_resnet_abs_block_unlinks_like_abs():
    # The same first fold as a residual block x + 2·ReLU(−x) on the y coordinate only.
    block = abs_block(3)
    with torch.no_grad():
        block.inner.weight.copy_(torch.diag(torch.tensor([0.0, -1.0, 0.0], dtype=torch.float64)))
        block.outer.weight.copy_(torch.diag(torch.tensor([0.0, 2.0, 0.0], dtype=torch.float64)))
    by_block = track(hopf_link(80), [block], diagram=False)
    by_abs = track(hopf_link(80), [_fold(1)], diagram=False)
    assert np.array_equal(_final(by_block), _final(by_abs))
    assert np.array_equal(_final(by_block), np.zeros((2, 2), dtype=np.int64))


def test_attention_fold_unlinks_hopf():
    # g decreases only on (-0.265, -0.015), so squeeze y into that window before folding.
    squeeze = _affine(np.diag([1.0, 0.1, 1.0]))
    trace = track(hopf_link(80), [squeeze, fold_attention(3, 1)], diagram=False)
    assert trace.records[1].linking_matrix[0, 1] == -1
    assert trace.final.status == "unlinked"
    assert trace.final.d_min > 0.01
    assert sum(e.change for e in trace.final.events) == 1


@pytest.mark.parametrize("matrix", [np.diag([1.0, 1.0, 0.0]), [[1, 2, 0], [0, 1, 1], [1, 3, 1]]])
def test_rank_deficient_map_is_undefined(matrix):
    assert np.linalg.matrix_rank(np.asarray(matrix, dtype=float)) == 2
    trace = track(hopf_link(60), [_affine(matrix)], diagram=False)
    assert trace.final.status == "undefined"
    assert trace.final.linking_matrix is None
    assert trace.final.touch["components"] == [0, 1]
    assert "touch" in trace.final.reason


@pytest.mark.parametrize("seed", range(4))
def test_flow_keeps_linking_up_to_orientation(seed):
    flow = build_model({"architecture": "flow", "depth": 2}, seed=seed)
    link = embed("L6a4", 80)
    trace = track(link, flow, diagram=False)
    expected = flow.orientation_sign() * trace.records[0].linking_matrix
    for record in trace.records[1:]:
        assert record.status != "undefined"
    assert np.array_equal(_final(trace), expected)
    x = torch.as_tensor(np.concatenate(link.components))
    assert torch.allclose(flow.inverse(flow.features(x)), x, atol=1e-10)


# Table 8: trained width-3, depth-5 networks on the stereographic Hopf pair ------------


@pytest.fixture(scope="module")
def stereographic_data():
    link = stereographic_pair(100)
    points, labels = sample_link_points(link, 200, noise=0.3, seed=0)
    return link, points, labels


def _trained_trace(data, config, seed=0):
    link, points, labels = data
    model = build_model({**config, "depth": 5}, seed=seed)
    train_classifier(model, points, labels, epochs=300, patience=100, seed=seed)
    return track(link, model, diagram=False, max_vertices=600)


def _assert_exact(trace):
    for record in trace.records:
        if record.status == "undefined":
            assert record.linking_matrix is None
        else:
            assert record.linking_matrix.dtype == np.int64


@pytest.mark.slow
def test_table8_relu_ends_in_collision(stereographic_data):
    trace = _trained_trace(stereographic_data, {"architecture": "feedforward",
                                                "activation": "relu"})
    _assert_exact(trace)
    assert trace.records[0].linking_matrix[0, 1] == -1
    assert trace.final.status == "undefined"
    assert "touch" in trace.final.reason
    # Monotone layers cannot unlink: every defined layer still has |lk| = 1.
    for record in trace.records:
        if record.linking_matrix is not None:
            assert abs(record.linking_matrix[0, 1]) == 1


@pytest.mark.slow
def test_table8_resnet_unlinks_without_collision(stereographic_data):
    trace = _trained_trace(stereographic_data, {"architecture": "resnet", "activation": "relu"})
    _assert_exact(trace)
    assert trace.final.status == "unlinked"
    for record in trace.records:
        assert record.status != "undefined"
        assert record.d_min > 0.1


@pytest.fixture(scope="module")
def gelu_trace(stereographic_data):
    return _trained_trace(stereographic_data, {"architecture": "feedforward",
                                               "activation": "gelu"})


@pytest.mark.slow
def test_table8_gelu_values_are_exact(gelu_trace):
    trace = gelu_trace
    _assert_exact(trace)
    assert trace.records[0].linking_matrix[0, 1] == -1


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "with this training (Adam, seeded, 300 epochs) GELU networks squeeze the classes until "
    "the last layers are within 1e-3 of touching and cannot be resolved, unlike the positive "
    "and growing d_min reported for Table 8"))
def test_table8_gelu_unlinks_with_positive_distance(gelu_trace):
    trace = gelu_trace
    assert trace.final.status == "unlinked"
    assert trace.final.d_min > 0.01
