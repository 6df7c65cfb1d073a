"""Layer-by-layer tracking: refinement, statuses, crossing changes, cross-checks, reports."""

import json

import numpy as np
import pytest

import snappy_nn.diagram
from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import embed, hopf_link
from snappy_nn.errors import SnappyNNError
from snappy_nn.linking import linking_matrix
from snappy_nn.nn.models import FeedForward, build_model
from snappy_nn.tracking import format_linking, locate_crossings, track


def _twist(p):
    """Rotate about the z axis by an angle that grows with height: a strong bend."""
    angle = 3.0 * p[:, 2]
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * p[:, 0] - s * p[:, 1], s * p[:, 0] + c * p[:, 1], p[:, 2]], axis=1)


def _mirror(p):
    return p * np.array([1.0, 1.0, -1.0])


def test_no_maps_reports_input():
    trace = track(hopf_link(40), [], diagram=False)
    assert len(trace.records) == 1
    assert trace.records[0].status == "linked"
    assert trace.records[0].linking_matrix.tolist() == [[0, -1], [-1, 0]]


def test_refinement_matches_fine_image():
    coarse = hopf_link(12)
    trace = track(coarse, [_twist, _twist], diagram=False)
    fine = PolygonalLink([_twist(_twist(c)) for c in coarse.subdivide(64).components])
    assert max(trace.final.vertices) > 12
    assert trace.final.deviation <= trace.safety
    assert np.array_equal(trace.final.linking_matrix, linking_matrix(fine))


def test_refinement_limit_gives_undefined():
    trace = track(hopf_link(12), [_twist, _twist, _twist], max_vertices=13, diagram=False)
    assert trace.final.status == "undefined"
    assert trace.final.linking_matrix is None
    assert "refinement limit" in trace.final.reason


def test_collision_is_permanent():
    collapse = lambda p: np.zeros_like(p)  # noqa: E731
    trace = track(hopf_link(30), [collapse, lambda p: p + 1.0], diagram=False)
    for record in trace.records[1:]:
        assert record.status == "undefined"
        assert record.d_min == 0.0


def test_collapsed_component_is_unlinked():
    # ReLU sends the circle in the negative octant to the origin, far from the other one.
    t = np.linspace(0, 2 * np.pi, 30, endpoint=False)
    circle = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    link = PolygonalLink([circle - 5.0, circle + 5.0])
    trace = track(link, [lambda p: np.maximum(p, 0.0)])
    assert trace.final.status == "unlinked"
    assert trace.final.image is None
    assert trace.final.diagram.startswith("unavailable")
    # The closest point of the far circle to the origin, up to the 30-gon chord error.
    assert trace.final.d_min == pytest.approx(np.sqrt(76 - 10 * np.sqrt(2)), abs=5e-3)


def test_mirror_events_sum_to_change():
    trace = track(hopf_link(40), [_mirror], diagram=False)
    events = trace.final.events
    assert trace.final.linking_matrix[0, 1] == 1
    assert sum(e.change for e in events) == 2
    for e in events:
        assert e.time == pytest.approx(0.5, abs=1e-3)
        assert e.components == (0, 1)


def test_locate_crossings_rejects_mismatched_sizes():
    with pytest.raises(SnappyNNError, match="same number of vertices"):
        locate_crossings(hopf_link(10), hopf_link(12), np.zeros((2, 2)), np.zeros((2, 2)))


def test_three_component_format():
    link = embed("L6a4", 80)
    trace = track(link, [lambda p: 2.0 * p], diagram=False)
    assert format_linking(trace.final.linking_matrix) == "[0 0 0]"
    assert trace.final.status == "unlinked"


def test_fine_maps_give_more_records():
    model = FeedForward(depth=2, activation="tanh")
    coarse = track(hopf_link(30), model, diagram=False)
    fine = track(hopf_link(30), model, fine=True, diagram=False)
    assert len(coarse.records) == 3
    assert len(fine.records) == 5
    assert [r.name for r in fine.records[1:]] == ["Linear", "Tanh", "Linear", "Tanh"]


def test_diagram_cross_check_agrees():
    trace = track(hopf_link(40), [_mirror])
    assert [r.diagram for r in trace.records] == ["agrees", "agrees"]
    assert trace.errors == []


def test_diagram_failure_is_unavailable(monkeypatch):
    def broken(link, **kwargs):
        raise RuntimeError("no projection")

    monkeypatch.setattr(snappy_nn.diagram, "project_link", broken)
    trace = track(hopf_link(40), [_mirror])
    assert trace.final.diagram == "unavailable: RuntimeError"
    assert trace.errors == []


def test_diagram_disagreement_is_error(monkeypatch):
    class Wrong:
        def linking_matrix(self):
            return [[0, 3], [3, 0]]

    monkeypatch.setattr(snappy_nn.diagram, "project_link", lambda link, **kwargs: Wrong())
    trace = track(hopf_link(40), [_mirror])
    assert trace.final.diagram == "disagrees"
    assert len(trace.errors) == 2
    assert "ERROR" in trace.table()


def test_report_is_json_and_table():
    model = build_model({"architecture": "resnet", "depth": 2}, seed=0)
    trace = track(hopf_link(40), model, diagram=False)
    payload = json.loads(json.dumps(trace.to_dict()))
    assert payload["model"] == "ResNet"
    assert len(payload["layers"]) == 3
    assert payload["layers"][0]["linking_matrix"] == [[0, -1], [-1, 0]]
    assert trace.table().splitlines()[0].split()[:3] == ["layer", "map", "linking"]


def test_map_changing_dimension_is_rejected():
    with pytest.raises(SnappyNNError, match="maps R\\^d -> R\\^d"):
        track(hopf_link(20), [lambda p: p[:, :2]], diagram=False)


def test_bad_safety_is_rejected():
    with pytest.raises(SnappyNNError, match="safety must lie in"):
        track(hopf_link(20), [], safety=0.9)
