"""Run every script in examples/ in quick mode, as a user would, and check what it reports."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_example(name, out, *extra):
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--quick", "--out", str(out), *extra],
        capture_output=True, text=True, timeout=600, cwd=out.parent,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def test_every_example_is_tested():
    tested = {
        "embed_and_inspect.py", "borromean_milnor.py", "detect_digits.py", "fold_homotopy.py",
        "track_three_architectures.py", "table2.py", "table3.py", "table4.py", "table7.py",
        "disk_annulus.py", "table8.py",
    }
    scripts = {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    assert scripts == tested


def test_embed_and_inspect(tmp_path):
    out = tmp_path / "embed"
    stdout = run_example("embed_and_inspect.py", out)
    assert "agree: True" in stdout
    assert "linking matrix agrees: True" in stdout
    assert (out / "L4a1.npz").stat().st_size > 0
    assert (out / "L4a1.csv").stat().st_size > 0
    assert (out / "L4a1.png").stat().st_size > 0


def test_borromean_milnor(tmp_path):
    out = tmp_path / "borromean"
    run_example("borromean_milnor.py", out)
    summary = json.loads((out / "borromean.json").read_text())
    assert summary["linking_matrix"] == [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert abs(summary["mu_012_polygons"]) == 1
    assert abs(summary["mu_012_diagram"]) == 1
    assert summary["indeterminacy"] == 0


def test_detect_digits(tmp_path):
    out = tmp_path / "digits"
    run_example("detect_digits.py", out)
    rows = {tuple(r["pair"]): r for r in json.loads((out / "digits_linking.json").read_text())}
    assert rows[(3, 5)]["status"] == "linked"
    assert rows[(3, 5)]["first_witness_linking"] != 0
    assert rows[(0, 1)]["status"] == "unlinked"


def test_fold_homotopy_abs(tmp_path):
    out = tmp_path / "fold"
    stdout = run_example("fold_homotopy.py", out)
    assert "t = 0.000: lk -1, linked" in stdout
    assert "t = 0.500: undefined" in stdout
    assert "t = 1.000: lk 0, unlinked" in stdout
    assert (out / "abs_fold.gif").read_bytes()[:6] == b"GIF89a"


@pytest.mark.slow
def test_fold_homotopy_attention(tmp_path):
    out = tmp_path / "attention"
    stdout = run_example("fold_homotopy.py", out, "--layer", "attention")
    assert "t = 0.000: lk -1, linked" in stdout
    assert (out / "attention_fold.gif").read_bytes()[:6] == b"GIF89a"


@pytest.mark.slow
def test_track_three_architectures(tmp_path):
    out = tmp_path / "track"
    stdout = run_example("track_three_architectures.py", out)
    for name in ("ReLU", "GELU", "ResNet"):
        assert f"{name}: best validation accuracy" in stdout
    assert stdout.count("0      input") == 3
    assert (out / "layers.png").stat().st_size > 0


@pytest.mark.parametrize("name, script", [
    pytest.param("table3", "table3.py"),
    pytest.param("table2", "table2.py", marks=pytest.mark.slow),
    pytest.param("table4", "table4.py", marks=pytest.mark.slow),
    pytest.param("table7", "table7.py", marks=pytest.mark.slow),
    pytest.param("disk-annulus", "disk_annulus.py", marks=pytest.mark.slow),
    pytest.param("table8", "table8.py", marks=pytest.mark.slow),
])
def test_table_example(tmp_path, name, script):
    out = tmp_path / name
    stdout = run_example(script, out)
    assert "wrote" in stdout
    assert (out / "report.md").read_text().startswith(f"# {name}")
    assert (out / "results.csv").stat().st_size > 0
    assert (out / "plot.png").stat().st_size > 0
    assert (out / "trials.jsonl").stat().st_size > 0
