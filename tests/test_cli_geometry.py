"""The ``snappy-nn embed`` and ``snappy-nn linking`` commands."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from snappy_nn.cli.main import app

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import hopf_link


@pytest.fixture
def runner():
    return CliRunner()


def test_embed_writes_npz(runner, tmp_path):
    path = tmp_path / "x.npz"
    result = runner.invoke(app, ["embed", "L4a1", "-n", "100", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {path}" in result.output
    link = PolygonalLink.load(path)
    assert [len(c) for c in link] == [100, 100]


def test_linking_of_saved_file_json(runner, tmp_path):
    path = tmp_path / "x.npz"
    runner.invoke(app, ["embed", "L4a1", "-n", "100", "-o", str(path)])
    result = runner.invoke(app, ["linking", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["linking_matrix"] == [[0, 2], [2, 0]]
    assert report["residual"] < 1e-6
    assert report["distances"][0][1] > 0


def test_embed_json_both_matrices(runner):
    result = runner.invoke(app, ["embed", "L6a4", "-n", "40", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["linking_matrix"] == report["spherogram_linking_matrix"]
    assert report["vertices"] == [40, 40, 40]


def test_embed_text_output(runner):
    result = runner.invoke(app, ["embed", "L2a1", "-n", "40"])
    assert result.exit_code == 0, result.output
    assert "Linking matrix from the polygons (exact Gauss integral):" in result.output
    assert " 0  -1\n-1   0" in result.output


def test_linking_of_csv_file(runner, tmp_path):
    path = tmp_path / "hopf.csv"
    hopf_link(30).save(path)
    result = runner.invoke(app, ["linking", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["linking_matrix"] == [[0, -1], [-1, 0]]


def test_bad_name_exits_2_with_name(runner):
    result = runner.invoke(app, ["embed", "L99z1"])
    assert result.exit_code == 2
    assert "unknown link name 'L99z1'" in result.output


def test_linking_bad_name_exits_2(runner):
    result = runner.invoke(app, ["linking", "not-a-link"])
    assert result.exit_code == 2
    assert "unknown link name 'not-a-link'" in result.output


def test_linking_missing_file_exits_2(runner, tmp_path):
    path = tmp_path / "absent.npz"
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_linking_corrupt_csv_exits_2(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("component,x,y,z\n0,0,0,nan\n0,1,0,0\n0,0,1,0\n")
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "at position 0 (counting from 0 within the component)" in result.output


def test_linking_touching_components_exits_2(runner, tmp_path):
    x, _ = hopf_link(20)
    path = tmp_path / "touch.npz"
    PolygonalLink([x, x.copy()]).save(path)
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "components 0 and 1 come within distance 0" in result.output


def test_embed_bad_output_suffix_exits_2(runner, tmp_path):
    result = runner.invoke(app, ["embed", "L2a1", "-n", "20", "-o", str(tmp_path / "x.vtk")])
    assert result.exit_code == 2
    assert "unknown file type '.vtk'" in result.output


def test_embed_pd_code_argument(runner):
    result = runner.invoke(app, ["embed", "[[1, 4, 2, 5], [3, 6, 4, 1], [5, 2, 6, 3]]", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["linking_matrix"] == [[0]]


def test_embed_saved_polygons_match_report(runner, tmp_path):
    path = tmp_path / "x.txt"
    result = runner.invoke(app, ["embed", "L4a1", "-n", "50", "-o", str(path), "--json"])
    report = json.loads(result.output)
    loaded = PolygonalLink.load(path)
    assert report["vertices"] == [len(c) for c in loaded]
    assert np.isfinite(np.concatenate(loaded.components)).all()


def test_linking_planar_file_exits_2(runner, tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text("component,x,y\n0,0,0\n0,1,0\n0,0,1\n1,5,5\n1,6,5\n1,5,6\n")
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "linking numbers of curves need R^3" in result.output


def test_bad_input_as_json(runner):
    result = runner.invoke(app, ["linking", "L99z9", "--json"])
    assert result.exit_code == 2
    payload = json.loads(result.output)
    assert "L99z9" in payload["error"]
    assert payload["exit_code"] == 2


def test_unsupported_suffix_named(runner, tmp_path):
    path = tmp_path / "curve.xyz1"
    path.write_text("0 0 0\n")
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "unsupported file type '.xyz1'" in result.output


def test_directory_rejected(runner, tmp_path):
    result = runner.invoke(app, ["linking", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.output


def test_npz_error_gives_no_pickle_advice(runner, tmp_path):
    path = tmp_path / "junk.npz"
    path.write_text("not an archive\n")
    result = runner.invoke(app, ["linking", str(path)])
    assert result.exit_code == 2
    assert "allow_pickle" not in result.output
    assert "not an .npz archive" in result.output


def test_tolerance_option_reaches_check(runner, tmp_path):
    path = tmp_path / "close.csv"
    rows = ["component,x,y,z"]
    for component, shift in ((0, 0.0), (1, 0.01)):
        rows += [f"{component},{x},{y},{shift}" for x, y in ((0, 0), (1, 0), (0, 1))]
    path.write_text("\n".join(rows) + "\n")
    assert runner.invoke(app, ["linking", str(path)]).exit_code == 0
    result = runner.invoke(app, ["linking", str(path), "--tolerance", "0.1"])
    assert result.exit_code == 2
    assert "components 0 and 1 come within distance" in result.output
