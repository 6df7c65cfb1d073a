"""The ``snappy-nn detect`` command on point files and on the digits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from snappy_nn.cli.main import app

R19 = str(Path(__file__).resolve().parent / "data" / "cases" / "R19_cloud_n30.csv")


def run(*args):
    return CliRunner().invoke(app, ["detect", *args])


def test_r19_table_linked():
    result = run(R19)
    assert result.exit_code == 0, result.output
    assert "0,1  linked" in result.output
    assert "1 of 1 pairs linked" in result.output


def test_r19_small_k_no_essential_cycle():
    result = run(R19, "--k", "4")
    assert result.exit_code == 0, result.output
    assert "no essential cycle" in result.output
    assert "sum of its triangles" in result.output


def test_r19_json_report():
    result = run(R19, "--json", "--seed", "3")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["seed"] == 3
    (row,) = report["pairs"]
    assert row["status"] == "linked"
    assert row["epsilon_min"] > 0
    assert {abs(n) for n in row["linking_numbers"]} == {1}
    first = row["first_witness"]
    assert len(first["cycles"][0]) == first["lengths"][0]


def test_fixed_epsilon_column():
    result = run(R19, "--epsilon", "30", "--json")
    (row,) = json.loads(result.output)["pairs"]
    assert row["epsilon_min"] == 30
    assert row["status"] == "linked"


def test_figure_written(tmp_path):
    figure = tmp_path / "witness.png"
    result = run(R19, "--figure", str(figure))
    assert result.exit_code == 0, result.output
    assert figure.stat().st_size > 1000


def test_figure_without_witness(tmp_path):
    result = run(R19, "--k", "3", "--figure", str(tmp_path / "w.png"))
    assert result.exit_code == 2
    assert "no witness was found" in result.output


def test_npz_with_more_coordinates(tmp_path):
    table = np.loadtxt(R19, delimiter=",", skiprows=1)
    # Embed the 3-D data in R^5 with a rotation: PCA recovers it up to a rigid motion.
    rotation, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(5, 5)))
    points = np.concatenate([table[:, 1:], np.zeros((60, 2))], axis=1) @ rotation.T
    path = tmp_path / "cloud.npz"
    np.savez(path, points=points, labels=table[:, 0].astype(int))
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)["pairs"]
    assert row["status"] == "linked"


def test_digits_one_pair():
    result = run("digits", "--pair", "1,7", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["points"] == 1797
    (row,) = report["pairs"]
    assert row["pair"] == [1, 7]
    assert row["status"] in {"linked", "unlinked", "no essential cycle"}


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--pair", "0"], "two classes separated by a comma"),
        (["--pair", "0,x"], "the labels are integers"),
        (["--pair", "0,5"], "class 5 is not among the labels"),
    ],
)
def test_bad_pair(args, text):
    result = run(R19, *args)
    assert result.exit_code == 2
    assert text in result.output


def test_missing_file():
    result = run("absent.csv")
    assert result.exit_code == 2
    assert "not found" in result.output


def test_nan_in_file(tmp_path):
    path = tmp_path / "nan.csv"
    path.write_text("label,x,y,z\n0,0,0,0\n0,1,0,0\n1,nan,0,0\n1,2,2,2\n")
    result = run(str(path))
    assert result.exit_code == 2
    assert "NaN or infinite" in result.output


def test_single_point_class(tmp_path):
    table = np.loadtxt(R19, delimiter=",", skiprows=1)[:31]
    path = tmp_path / "lonely.csv"
    rows = "\n".join(f"{int(r[0])},{r[1]},{r[2]},{r[3]}" for r in table)
    path.write_text("label,x,y,z\n" + rows + "\n")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "class 1 has 1 distinct point(s)" in result.output
