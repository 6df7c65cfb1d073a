"""``snappy-nn run``, ``train`` and ``track`` from the command line."""

import json
import time

import pytest
from click.testing import CliRunner
from snappy_nn.cli.main import app

QUICK = ["--epochs", "15", "--points", "200", "--depth", "2", "--no-progress"]


def _invoke(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _integer_entries(matrix):
    return all(isinstance(x, int) for row in matrix for x in row)


def test_run_prints_table():
    result = _invoke("run", "L2a1", *QUICK)
    assert result.exit_code == 0, result.output
    for name in ["relu-feedforward", "gelu-feedforward", "relu-resnet"]:
        assert name in result.output
    assert "layer  map" in result.output
    assert "finished in" in result.output


def test_run_json_has_exact_layers():
    result = _invoke("run", "L2a1", "--json", "--seed", "3", *QUICK)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["seed"] == 3
    assert [m["name"] for m in report["models"]] == [
        "relu-feedforward", "gelu-feedforward", "relu-resnet"]
    for model in report["models"]:
        layers = model["layers"]
        assert len(layers) == 3
        assert layers[0]["linking_matrix"] == [[0, -1], [-1, 0]]
        for layer in layers:
            assert layer["status"] in {"linked", "unlinked", "undefined"}
            if layer["status"] == "undefined":
                assert layer["linking_matrix"] is None
            else:
                assert _integer_entries(layer["linking_matrix"])


def test_run_is_deterministic(tmp_path):
    # A polygon file, so that only training and tracking can vary between runs.
    from snappy_nn.embedding import hopf_link

    link_file = tmp_path / "hopf.csv"
    hopf_link(60).save(link_file)
    first = json.loads(_invoke("run", str(link_file), "--json", "--no-diagram", *QUICK).output)
    second = json.loads(_invoke("run", str(link_file), "--json", "--no-diagram", *QUICK).output)
    for a, b in zip(first["models"], second["models"], strict=True):
        assert a["layers"] == b["layers"]
        assert a["info"]["training"]["best_val_accuracy"] == (
            b["info"]["training"]["best_val_accuracy"])


def test_run_writes_files(tmp_path):
    out = tmp_path / "out"
    result = _invoke("run", "L2a1", "--out", str(out), "--no-diagram", *QUICK)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["gelu-feedforward.safetensors", "layers.png", "relu-feedforward.safetensors",
                     "relu-resnet.safetensors", "report.json"]
    assert json.loads((out / "report.json").read_text())["link"] == "L2a1"


def test_train_then_track(tmp_path):
    model = tmp_path / "hopf.safetensors"
    result = _invoke("train", "L2a1", "--arch", "resnet", "-o", str(model), *QUICK)
    assert result.exit_code == 0, result.output
    assert model.exists()
    tracked = _invoke("track", str(model), "L2a1", "--json")
    assert tracked.exit_code == 0, tracked.output
    report = json.loads(tracked.output)
    assert report["config"]["architecture"] == "resnet"
    assert len(report["layers"]) == 3


def test_track_polygon_file(tmp_path):
    from snappy_nn.embedding import hopf_link
    from snappy_nn.nn import build_model, save_model

    link_file = tmp_path / "hopf.csv"
    hopf_link(40).save(link_file)
    model = tmp_path / "flow.safetensors"
    save_model(build_model({"architecture": "flow", "depth": 1}, seed=0), model)
    result = _invoke("track", str(model), str(link_file))
    assert result.exit_code == 0, result.output
    assert "input" in result.output


def test_track_corrupt_model_is_bad_input(tmp_path):
    model = tmp_path / "broken.safetensors"
    model.write_bytes(b"not a model")
    result = CliRunner().invoke(app, ["track", str(model), "L2a1"])
    assert result.exit_code == 2
    assert "broken.safetensors is not a readable safetensors file" in result.output


def test_run_rejects_knot():
    result = CliRunner().invoke(app, ["run", "3_1", *QUICK])
    assert result.exit_code == 2
    assert "one component" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("link, expected", [
    ("L2a1", [[0, -1], [-1, 0]]),
    ("L4a1", None),
    ("L6a5", None),
])
def test_run_default_settings(link, expected):
    from snappy_nn.links import to_spherogram_link

    started = time.perf_counter()
    result = _invoke("run", link, "--json", "--no-progress")
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    reference = expected or to_spherogram_link(link).linking_matrix()
    for model in report["models"]:
        assert model["layers"][0]["linking_matrix"] == [list(map(int, r)) for r in reference]
        assert model["errors"] == []
    # Budget on 2 busy cores is two minutes.
    assert seconds < 120


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--epochs", "0"], "Invalid value for '--epochs'"),
        (["--learning-rate", "nan"], "nan is not a finite number"),
        (["--learning-rate", "-1"], "Invalid value for '--learning-rate'"),
        (["--points", "0"], "Invalid value for '--points'"),
    ],
)
def test_train_rejects_bad_numbers(tmp_path, options, message):
    result = CliRunner().invoke(app, ["train", "L2a1", *options, "-o",
                                      str(tmp_path / "m.safetensors")])
    assert result.exit_code == 2
    assert message in result.output


def test_train_requires_safetensors_suffix(tmp_path):
    result = CliRunner().invoke(app, ["train", "L2a1", "-o", str(tmp_path / "m.pt")])
    assert result.exit_code == 2
    assert "must end in .safetensors" in result.output
