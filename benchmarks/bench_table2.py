"""Time the Table 2 grid (2 activations x 6 depths x 30 seeds, <= 800 epochs).

Two measurements, both on one torch thread per cell as the runner uses:

1. ``--probe-epochs E``: every cell of the grid trains for E epochs; the time per
   epoch of each cell is recorded.
2. ``--full-depths D ...``: those depths train at full size (800 epochs,
   patience 200) and the epochs that early stopping actually ran are recorded.

The estimate for the full grid is the sum over cells of (seconds per epoch) x
(epochs run), using the measured epochs where a full run exists and 800 (the
maximum) elsewhere, divided by the number of worker processes. It is printed
labelled as an estimate, never as a measurement.

Usage::

    python benchmarks/bench_table2.py --probe-epochs 10 --full-depths 8 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import torch

from snappy_nn.experiments.protocols import make_cells, run_cell


def _run(cell):
    started = time.perf_counter()
    result = run_cell(cell)
    return result, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="seeds per cell")
    parser.add_argument("--probe-epochs", type=int, default=10,
                        help="epochs per cell for the per-epoch timing (0 skips it)")
    parser.add_argument("--full-depths", type=int, nargs="*", default=[8],
                        help="depths trained at full size (800 epochs, patience 200)")
    parser.add_argument("--activations", nargs="*", default=["relu", "gelu"])
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes assumed by the estimate")
    parser.add_argument("--json", dest="json_path", help="write the measurements here")
    args = parser.parse_args()
    torch.set_num_threads(1)

    report = {"machine": platform.processor() or platform.machine(),
              "cpus": os.cpu_count(), "torch": torch.__version__, "seeds": args.seeds,
              "probe": {}, "full": {}}
    only = {"activation": args.activations}
    if args.probe_epochs:
        for cell in make_cells("table2", seeds=args.seeds, epochs=args.probe_epochs, only=only):
            result, seconds = _run(cell)
            key = f"{cell['activation']}-{cell['depth']}"
            per_epoch = seconds / max(result["epochs_run"])
            report["probe"][key] = per_epoch
            print(f"probe {key}: {per_epoch:.3f} s/epoch", flush=True)
    if args.full_depths:
        cells = make_cells("table2", seeds=args.seeds,
                           only=dict(only, depth=args.full_depths))
        for cell in cells:
            result, seconds = _run(cell)
            key = f"{cell['activation']}-{cell['depth']}"
            report["full"][key] = {
                "seconds": seconds,
                "epochs_run_max": max(result["epochs_run"]),
                "epochs_run_mean": sum(result["epochs_run"]) / len(result["epochs_run"]),
                "best_val_mean": sum(result["best_val_accuracy"]) / args.seeds,
                "best_val_max": max(result["best_val_accuracy"]),
            }
            print(f"full {key}: {seconds:.1f} s, {report['full'][key]}", flush=True)
    if report["probe"]:
        total = 0.0
        for key, per_epoch in report["probe"].items():
            measured = report["full"].get(key)
            epochs = measured["epochs_run_max"] if measured else 800
            total += per_epoch * epochs
        report["estimate_seconds_one_worker"] = total
        report["estimate_seconds"] = total / args.workers
        print(f"ESTIMATE (not measured): full grid {total / 60:.1f} min on one worker, "
              f"{total / args.workers / 60:.1f} min on {args.workers} workers, assuming "
              "800 epochs where no full run was measured", flush=True)
    if args.json_path:
        with open(args.json_path, "w") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
