"""Tests of the experiment datasets, the batched trainer, the runner and its CLI."""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from snappy_nn.cli.main import app

from snappy_nn.curves import PolygonalLink
from snappy_nn.experiments import datasets, protocols, runner
from snappy_nn.experiments.analysis import fold_report, layer_tracking
from snappy_nn.experiments.batched import (
    BatchedNetwork,
    NetworkSpec,
    TrainConfig,
    _TrainingState,
    train_batched,
)
from snappy_nn.experiments.errors import ExperimentError, TrialStoreError
from snappy_nn.experiments.report import markdown_table, summary_rows, write_outputs
from snappy_nn.linking import linking_number, min_distance


@pytest.fixture(autouse=True)
def one_torch_thread():
    """Run torch on one thread, as the runner does: tiny ops only lose from threads."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# Datasets -------------------------------------------------------------------


def test_hopf_released_curves_linked_and_apart():
    points, labels = datasets.hopf_released(1500, noise=0.0)
    link = PolygonalLink([points[labels == 0], points[labels == 1]])
    assert linking_number(link[0], link[1]) == -1
    assert min_distance(link) == pytest.approx(0.128, abs=0.002)


def test_hopf_released_noise_is_seeded():
    first, _ = datasets.hopf_released(50, seed=3)
    second, _ = datasets.hopf_released(50, seed=3)
    other, _ = datasets.hopf_released(50, seed=4)
    assert np.array_equal(first, second)
    assert not np.array_equal(first, other)
    assert first.dtype == np.float32


def test_hopf_thickened_stays_within_thickness():
    points, labels = datasets.hopf_thickened(500, max_thickness=0.15, seed=0)
    radius = np.hypot(points[labels == 0, 0], points[labels == 0, 1])
    assert radius.min() >= 0.85 - 1e-6
    assert radius.max() <= 1.0 + 1e-6
    assert np.allclose(points[labels == 0, 2], 0.0)


def test_hopf_thickened_rejects_thick_tube():
    with pytest.raises(ExperimentError, match="max_thickness"):
        datasets.hopf_thickened(10, max_thickness=1.5)


def test_disk_annulus_radii():
    points, labels = datasets.disk_annulus(2000, seed=1)
    squared = (points.astype(float) ** 2).sum(1)
    assert squared[labels == 0].max() < 1
    assert squared[labels == 1].min() > 2 - 1e-5
    assert squared[labels == 1].max() < 4 + 1e-5


def test_stereographic_pair_is_hopf_link():
    t = np.linspace(0, 2 * np.pi, 400, endpoint=False)
    circle = np.stack([np.cos(t), np.sin(t)], axis=1)
    first, second = datasets.stereographic_pair(circle, circle)
    link = PolygonalLink([first, second])
    assert abs(linking_number(link[0], link[1])) == 1
    assert min_distance(link) == pytest.approx(2 * (math.sqrt(2) - 1), abs=1e-3)


def test_lattice_centres_order():
    centres = datasets.lattice_centres(5, 50)
    norms = np.abs(centres).sum(1)
    assert len({tuple(c) for c in centres}) == 50
    assert np.all(np.diff(norms) >= 0)
    assert norms.tolist()[:11] == [0] + [1] * 10


def test_sphere_pair_copies_shape_and_thickening():
    points, labels = datasets.sphere_pair_copies(2, 3, 400, seed=0)
    assert points.shape == (1200, 5)
    assert int(labels.sum()) == 600
    first_copy = points[:200].astype(float)
    # A(S^2) lies where the last n = 2 coordinates vanish; thickening moves them by <= 0.5.
    assert np.linalg.norm(first_copy[:, 3:], axis=1).max() <= 0.5 + 1e-6
    assert np.abs(points[200:400, 0]).max() > 5  # the second copy is centred 10 away


def test_link_points_labels_follow_components():
    points, labels = datasets.link_points("L2a1", 40, seed=0)
    assert points.shape == (80, 3)
    assert np.bincount(labels).tolist() == [40, 40]


def test_dataset_rejects_bad_counts():
    with pytest.raises(ExperimentError, match="points_per_curve"):
        datasets.hopf_released(0)
    with pytest.raises(ExperimentError, match="same number"):
        datasets.stereographic_pair([[1.0, 0.0]], [[1.0, 0.0, 0.0]])


# Batched training -------------------------------------------------------------


def _sequential(seed, activation="gelu"):
    torch.manual_seed(seed)
    act = torch.nn.GELU if activation == "gelu" else torch.nn.ReLU
    return torch.nn.Sequential(torch.nn.Linear(3, 3), act(), torch.nn.Linear(3, 3), act(),
                               torch.nn.Linear(3, 2))


def test_initial_parameters_match_nn_linear():
    network = BatchedNetwork(NetworkSpec("plain", "gelu", blocks=2, in_features=3))
    params = network.initial_parameters([5, 6])
    for row, seed in enumerate([5, 6]):
        flat = torch.cat([p.detach().reshape(-1) for p in _sequential(seed).parameters()])
        assert torch.equal(params[row], flat)


@pytest.mark.parametrize("optimizer", ["adam", "adamw"])
def test_single_seed_matches_torch_optimizer(optimizer):
    points, labels = datasets.hopf_released(100, seed=0)
    x, y = torch.tensor(points), torch.tensor(labels)
    config = TrainConfig(optimizer=optimizer, weight_decay=1e-3, grad_clip=0.3, batch_size=16)
    state = _TrainingState(BatchedNetwork(NetworkSpec("plain", "gelu", 2, 3)), config, [5])
    model = _sequential(5)
    kind = torch.optim.Adam if optimizer == "adam" else torch.optim.AdamW
    reference = kind(model.parameters(), lr=1e-3, weight_decay=1e-3)
    generator = torch.Generator().manual_seed(0)
    for _ in range(40):
        index = torch.randint(0, 200, (16,), generator=generator)
        state.step(x[index][None], y[index][None])
        reference.zero_grad()
        torch.nn.functional.cross_entropy(model(x[index]), y[index]).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.3)
        reference.step()
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    assert torch.allclose(state.params[0], flat, atol=1e-6)


def _seed_data(seeds, n=60):
    parts = [datasets.hopf_released(n, seed=s) for s in seeds]
    return np.stack([p[0] for p in parts]), np.stack([p[1] for p in parts])


def test_seed_result_independent_of_batch():
    config = TrainConfig(optimizer="adamw", weight_decay=1e-4, grad_clip=1.0, batch_size=32,
                         max_epochs=6, schedule="plateau", plateau_patience=1, patience=3)
    spec = NetworkSpec("resnet-relu", "relu", blocks=2, in_features=3)
    both = train_batched(spec, config, [1, 3], _seed_data([1, 3]), _seed_data([1, 3]))
    alone = train_batched(spec, config, [3], _seed_data([3]), _seed_data([3]))
    assert both.best_val_accuracy[1] == pytest.approx(alone.best_val_accuracy[0])
    assert both.epochs_run[1] == alone.epochs_run[0]
    assert torch.allclose(both.best_parameters[1], alone.best_parameters[0], atol=1e-6)


def test_early_stopping_freezes_seed():
    config = TrainConfig(batch_size=64, max_epochs=30, patience=2)
    spec = NetworkSpec("plain", "relu", blocks=2, in_features=3)
    data = _seed_data([0, 1, 2])
    result = train_batched(spec, config, [0, 1, 2], data, data)
    assert np.all(result.epochs_run <= 30)
    assert np.all(result.epochs_run >= result.best_epoch + 1)
    stopped = result.epochs_run < 30
    assert np.all(result.epochs_run[stopped] == result.best_epoch[stopped] + 3)
    first_stop = np.argmin(result.epochs_run)
    assert np.isnan(result.val_history[result.epochs_run.min():, first_stop]).all()


def test_plateau_halves_learning_rate():
    # With a negligible learning rate the validation loss never improves by 1e-4
    # relative, so after the first epoch every epoch halves the rate.
    config = TrainConfig(max_epochs=12, schedule="plateau", plateau_patience=0, lr=1e-9)
    spec = NetworkSpec("plain", "relu", blocks=1, in_features=3)
    data = _seed_data([0, 1])
    result = train_batched(spec, config, [0, 1], data, data)
    assert np.allclose(np.log2(1e-9 / result.final_lr), 11)


def test_cosine_schedule_reaches_small_lr():
    config = TrainConfig(max_epochs=4, schedule="cosine")
    data = _seed_data([0])
    result = train_batched(NetworkSpec("plain", "relu", 1, 3), config, [0], data, data)
    assert result.final_lr[0] == pytest.approx(1e-3 * 0.5 * (1 + math.cos(math.pi * 3 / 4)))


def test_spec_rejects_width_change_with_skip():
    with pytest.raises(ExperimentError, match="keeps the input width"):
        NetworkSpec("skip", "relu", blocks=2, in_features=3, width=5)
    with pytest.raises(ExperimentError, match="unknown activation"):
        NetworkSpec("plain", "softsign", blocks=2, in_features=3)


def test_train_rejects_unstacked_data():
    points, labels = datasets.hopf_released(10)
    with pytest.raises(ExperimentError, match="stacked by seed"):
        train_batched(NetworkSpec("plain", "relu", 1, 3), TrainConfig(max_epochs=1), [0, 1],
                      (points, labels), (points, labels))


# Analysis ---------------------------------------------------------------------


def _exact_fold_parameters():
    spec = NetworkSpec("resnet", "relu", blocks=1, in_features=2)
    # W1 = [[-1, 0], [0, 0]], b1 = 0, W2 = [[2, 0], [0, 0]], b2 = 0: f(x) = 2 ReLU(-x1) e1.
    weights = [[-1.0, 0, 0, 0], [0.0, 0], [2.0, 0, 0, 0], [0.0, 0],
               [1.0, 0, 0, 1], [0.0, 0]]
    return spec, torch.tensor([sum(weights, [])])


def test_fold_report_finds_exact_fold():
    spec, params = _exact_fold_parameters()
    points, _ = datasets.disk_annulus(300, seed=0)
    report = fold_report(spec, params, points[None])[0]
    assert report["relative_error"] < 0.05
    assert report["amplitude"] == pytest.approx(2.0, abs=0.05)
    assert report["folds"]
    assert report["angle_degrees"] == pytest.approx(0.0, abs=10)


def test_fold_report_scores_identity_badly():
    spec, params = _exact_fold_parameters()
    params[0, 6] = 0.0  # W2 = 0: the block is the identity, no fold
    points, _ = datasets.disk_annulus(300, seed=0)
    report = fold_report(spec, params, points[None])[0]
    assert report["relative_error"] > 0.5
    assert not report["folds"]


def test_layer_tracking_identity_keeps_link():
    spec = NetworkSpec("skip", "relu", blocks=2, in_features=3)
    params = torch.zeros(1, BatchedNetwork(spec).parameter_count)
    layers = layer_tracking(spec, params)[0]["layers"]
    assert [layer["link"] for layer in layers] == [-1, -1, -1]
    assert layers[0]["d_min"] == pytest.approx(0.828, abs=0.01)


def test_layer_tracking_collapse_is_undefined():
    spec = NetworkSpec("plain", "relu", blocks=1, in_features=3)
    params = torch.zeros(1, BatchedNetwork(spec).parameter_count)
    layers = layer_tracking(spec, params)[0]["layers"]
    assert layers[1]["status"] == "undefined"
    assert layers[1]["link"] is None


# Protocols, runner and reports ---------------------------------------------------


def test_make_cells_table2_full_grid():
    cells = protocols.make_cells("table2")
    assert len(cells) == 12
    assert cells[0]["seeds"] == list(range(30))
    assert cells[0]["train"]["max_epochs"] == 800
    assert protocols.make_cells("table3")[0]["seeds"] == list(range(42, 52))


def test_make_cells_filters_and_rejects():
    cells = protocols.make_cells("table2", only={"depth": [3, 5]}, epochs=7)
    assert sorted({c["depth"] for c in cells}) == [3, 5]
    assert {c["train"]["max_epochs"] for c in cells} == {7}
    with pytest.raises(ExperimentError, match="grid keys"):
        protocols.make_cells("table2", only={"width": [3]})
    with pytest.raises(ExperimentError, match="unknown experiment"):
        protocols.make_cells("table99")


def _tiny_run(tmp_path, **options):
    return runner.run_experiment("table3", tmp_path, quick=True, seeds=2, epochs=2,
                                 only={"depth": [3]}, workers=1, **options)


def test_runner_stores_and_resumes(tmp_path, monkeypatch):
    records = _tiny_run(tmp_path)
    assert len(records) == 2
    lines = (tmp_path / runner.TRIALS_FILE).read_text().splitlines()
    assert len(lines) == 2
    calls = []
    monkeypatch.setattr(runner, "run_cell", lambda cell: calls.append(cell))
    again = _tiny_run(tmp_path)
    assert calls == []
    assert [r["result"] for r in again] == [r["result"] for r in records]


def test_runner_skips_torn_last_line(tmp_path):
    _tiny_run(tmp_path)
    path = tmp_path / runner.TRIALS_FILE
    lines = path.read_text().splitlines()
    path.write_text(lines[0] + "\n" + lines[1][:20])
    records = _tiny_run(tmp_path)
    assert len(records) == 2
    stored = path.read_text().splitlines()
    assert len(stored) == 2
    assert all(json.loads(line)["experiment"] == "table3" for line in stored)


def test_store_rejects_other_experiment(tmp_path):
    runner.TrialStore(tmp_path, "table2").append({"experiment": "table2"}, {}, 0.0)
    with pytest.raises(TrialStoreError, match="another --out directory"):
        runner.TrialStore(tmp_path, "table3").load()


def test_import_distributed_restores_snappy():
    import snappy

    distributed = runner.import_distributed()
    assert sys.modules["snappy"] is snappy
    assert hasattr(distributed, "LocalCluster")


def test_runner_on_dask_local_cluster(tmp_path):
    distributed = runner.import_distributed()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        records = _tiny_run(tmp_path, scheduler=cluster.scheduler_address)
    assert len(records) == 2
    assert all(len(r["result"]["best_val_accuracy"]) == 2 for r in records)


def test_runner_process_pool(tmp_path):
    records = runner.run_experiment("table3", tmp_path, quick=True, seeds=1, epochs=1,
                                    workers=2)
    assert len(records) == 2


def test_report_tables_show_published_values(tmp_path):
    records = _tiny_run(tmp_path)
    text = markdown_table("table3", records)
    assert "(83.9)" in text and "(97.5)" in text
    rows = summary_rows("table3", records)
    assert {r["metric"] for r in rows} == {"best_val_accuracy", "test_accuracy"}
    paths = write_outputs(tmp_path, "table3", records)
    assert (tmp_path / "plot.png").stat().st_size > 1000
    assert "published" in (tmp_path / "results.csv").read_text().splitlines()[0]
    assert set(paths) == {"markdown", "csv", "plot"}


def test_cli_experiment_json(tmp_path):
    result = CliRunner().invoke(app, ["experiment", "table3", "--quick", "--seeds", "2",
                                      "--epochs", "2", "--only", "depth=3", "--workers", "1",
                                      "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["cells"] == 2
    assert (tmp_path / "report.md").exists()


def test_cli_experiment_bad_only(tmp_path):
    result = CliRunner().invoke(app, ["experiment", "table2", "--quick", "--only", "depth",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "KEY=V1,V2" in result.output


@pytest.mark.parametrize("name", protocols.experiment_names())
def test_quick_mode_runs(name, tmp_path):
    records = runner.run_experiment(name, tmp_path, quick=True, workers=1)
    assert records
    write_outputs(tmp_path, name, records)
    if name == "disk-annulus":
        accuracies = [a for r in records for a in r["result"]["test_accuracy"]]
        assert max(accuracies) > 0.95


@pytest.mark.slow
def test_runner_on_spawned_dask_worker(tmp_path):
    import subprocess

    distributed = runner.import_distributed()
    # A worker in another process needs a TCP scheduler; in-process clusters use inproc://.
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        command = [sys.executable, "-m", "snappy_nn.experiments.dask_worker",
                   cluster.scheduler_address, "--nworkers", "1", "--nthreads", "1",
                   "--no-dashboard"]
        log_file = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(command, stdout=log_file, stderr=log_file)
        try:
            with distributed.Client(cluster.scheduler_address) as client:
                client.wait_for_workers(1, timeout=120)
            records = _tiny_run(tmp_path, scheduler=cluster.scheduler_address)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    assert len(records) == 2
