"""Invariants beyond linking numbers, layer by layer."""

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from snappy_nn.cli.main import app

from snappy_nn.embedding import borromean_rings, embed
from snappy_nn.nn.data import sample_link_points
from snappy_nn.nn.models import ResNet
from snappy_nn.nn.training import train_classifier
from snappy_nn.tracking import track

MIRROR_Z = np.array([1.0, 1.0, -1.0])


def _milnor_triple(record):
    return record.invariants["milnor"]["mu(0,1,2)"]["value"]


def test_milnor_tracked_through_mirror():
    trace = track(embed("L6a4", 60), [lambda p: p * MIRROR_Z], diagram=False,
                  invariants=("milnor", "knots"))
    values = [_milnor_triple(r) for r in trace.records]
    assert values[0] == values[1]
    assert abs(values[0]) == 1
    knots = [k["name"] for k in trace.records[1].invariants["knots"]]
    assert knots == ["0_1", "0_1", "0_1"]
    assert "μ̄(0,1,2) = " in trace.table()
    assert [r.status for r in trace.records] == ["linked", "linked"]
    assert "every linking number is 0 but μ̄(0,1,2)" in trace.records[0].reason


def test_collapse_gets_no_invariants():
    collapse = lambda p: np.zeros_like(p)  # noqa: E731
    trace = track(borromean_rings(60), [collapse], diagram=False, invariants=("milnor",))
    assert trace.records[0].invariants is not None
    assert trace.records[1].status == "undefined"
    assert trace.records[1].invariants is None


def test_unknown_invariant_rejected():
    result = CliRunner().invoke(app, ["track", "missing.safetensors", "L6a4",
                                      "--invariants", "milnor,colour"])
    assert result.exit_code == 2
    assert "colour" in result.output


@pytest.mark.slow
def test_borromean_through_trained_resnet():
    # Seeded run: a ResNet block changes the triple linking number of the Borromean
    # rings while every image keeps the three components well apart. Because
    # mu(0,1,2) is a link-homotopy invariant, the block's straight-line homotopy
    # must pass components through each other on the way.
    rings = borromean_rings(80)
    points, labels = sample_link_points(rings, 300, noise=0.1, seed=0)
    torch.manual_seed(0)
    model = ResNet(depth=4, n_classes=3)
    train_classifier(model, points, labels, epochs=80, seed=0)
    trace = track(rings, model, diagram=False, invariants=("milnor",))

    values = [_milnor_triple(r) for r in trace.records]
    assert abs(values[0]) == 1
    first_zero = values.index(0)
    assert first_zero >= 1
    assert all(r.status != "undefined" for r in trace.records)
    assert min(r.d_min for r in trace.records) > 0.1
    assert all(r.linking_matrix.tolist() == [[0] * 3] * 3 for r in trace.records)
