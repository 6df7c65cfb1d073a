"""Tables in the paper's layout, CSV and plots from stored experiment records.

Published numbers are from Ren and Lim, arXiv:2606.31856, Tables 2, 3, 4 and 7
(accuracy in %). Every table cell reads ``ours (paper)``.
"""

from __future__ import annotations

import csv

import numpy as np

PUBLISHED = {
    "table2": {
        ("relu", "mean"): [84.3, 77.1, 63.1, 57.7, 53.5, 50.3],
        ("relu", "std"): [9.1, 18.7, 18.1, 15.1, 9.9, 1.8],
        ("relu", "max"): [92.8, 92.5, 92.6, 91.6, 91.4, 54.4],
        ("gelu", "mean"): [89.3, 90.0, 91.1, 91.2, 72.8, 52.8],
        ("gelu", "std"): [2.6, 2.8, 3.1, 2.0, 19.7, 9.8],
        ("gelu", "max"): [92.9, 100.0, 100.0, 100.0, 92.6, 90.1],
        "columns": [3, 5, 8, 12, 16, 20],
    },
    "table3": {
        ("plain", "mean"): [83.9, 76.5, 74.3, 69.9, 64.8, 66.2],
        ("plain", "max"): [92.0, 92.3, 91.2, 91.9, 91.5, 91.5],
        ("resnet", "mean"): [97.5, 97.3, 98.5, 96.6, 97.5, 97.5],
        ("resnet", "max"): [100.0, 100.0, 100.0, 100.0, 100.0, 100.0],
        "columns": [3, 4, 5, 6, 7, 8],
    },
    "table4": {
        ("relu", "max"): [98.6, 98.0, 93.5, 87.9, 84.5, 80.2],
        ("relu+skip", "max"): [100.0, 98.7, 94.1, 85.4, 83.6, 80.9],
        ("gelu", "max"): [98.8, 98.4, 92.5, 91.1, 88.6, 84.8],
        ("swish", "max"): [97.0, 98.2, 92.0, 91.6, 88.9, 84.3],
        "columns": [1, 2, 5, 10, 20, 50],
    },
    "table7": {
        ("relu", "mean"): [87.9, 86.7, 91.2, 95.4, 98.8, 99.4, 99.6, 99.7],
        ("relu", "max"): [93.1, 93.9, 94.8, 98.0, 99.2, 99.7, 100.0, 99.9],
        "columns": [7, 8, 10, 14, 21, 28, 35, 49],
    },
}

# Grid keys of each table: rows, then columns.
LAYOUT = {
    "table2": ("activation", "depth", ("mean", "std", "max")),
    "table3": ("model", "depth", ("mean", "max")),
    "table4": ("model", "copies", ("max", "mean")),
    "table7": (None, "width", ("mean", "max")),
}

METRICS = {
    "best_val_accuracy": "best validation accuracy over epochs (the paper's statistic)",
    "test_accuracy": "test accuracy at the epoch of best validation accuracy",
}


def _statistic(values, name):
    values = 100 * np.asarray(values, dtype=float)
    if name == "mean":
        return float(values.mean())
    if name == "std":
        # The sample standard deviation (ddof = 1) over seeds.
        return float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return float(values.max())


def summary_rows(name, records):
    """Return one dict per (cell, metric, statistic) with our value and the published one.

    Examples
    --------
    >>> record = {"cell": {"activation": "relu", "depth": 3},
    ...           "result": {"best_val_accuracy": [0.9, 0.8], "test_accuracy": [0.9, 0.7]}}
    >>> rows = summary_rows("table2", [record])
    >>> [(r["statistic"], r["ours"], r["published"]) for r in rows[:3]]
    [('mean', 85.0, 84.3), ('std', 7.07, 9.1), ('max', 90.0, 92.8)]
    """
    row_key, column_key, statistics = LAYOUT.get(name, (None, None, ("mean", "max")))
    published = PUBLISHED.get(name, {})
    rows = []
    for record in records:
        cell, result = record["cell"], record["result"]
        row = cell.get(row_key, "relu") if row_key else "relu"
        column = cell.get(column_key) if column_key else None
        for metric in METRICS:
            for statistic in statistics:
                paper = None
                if metric == "best_val_accuracy" and (row, statistic) in published:
                    columns = published["columns"]
                    if column in columns:
                        paper = published[(row, statistic)][columns.index(column)]
                rows.append({
                    "experiment": name, "row": row, "column": column,
                    "seeds": len(result[metric]), "metric": metric, "statistic": statistic,
                    "ours": round(_statistic(result[metric], statistic), 2),
                    "published": paper,
                })
    return rows


def markdown_table(name, records):
    """Return markdown tables in the paper's layout, one per metric."""
    if name == "disk-annulus":
        return _disk_annulus_markdown(records)
    if name == "table8":
        return _tracking_markdown(records)
    row_key, column_key, statistics = LAYOUT[name]
    rows = summary_rows(name, records)
    columns = sorted({r["column"] for r in rows})
    blocks = []
    for metric, title in METRICS.items():
        lines = [f"**{title}**, % — ours (paper)", "",
                 "| " + " | ".join([row_key or "model", "stat"] + [str(c) for c in columns])
                 + " |", "|" + "---|" * (len(columns) + 2)]
        labels = list(dict.fromkeys(r["row"] for r in rows))
        for label in labels:
            for statistic in statistics:
                cells = []
                for column in columns:
                    match = [r for r in rows if r["row"] == label and r["column"] == column
                             and r["metric"] == metric and r["statistic"] == statistic]
                    cells.append(_format(match[0]) if match else "")
                lines.append(f"| {label} | {statistic} | " + " | ".join(cells) + " |")
        blocks.append("\n".join(lines))
    seeds = sorted({r["seeds"] for r in rows})
    blocks.append(f"Seeds per cell: {', '.join(map(str, seeds))}.")
    return "\n\n".join(blocks) + "\n"


def _format(row):
    text = f"{row['ours']:.1f}"
    return f"{text} ({row['published']:.1f})" if row["published"] is not None else text


def _disk_annulus_markdown(records):
    lines = ["| seed | test acc % | best val acc % | fold rel. error | amplitude α | "
             "block | angle ° | folds |", "|---|---|---|---|---|---|---|---|"]
    for record in records:
        result = record["result"]
        for i, seed in enumerate(result["seeds"]):
            fold = result["folds"][i]
            lines.append(
                f"| {seed} | {100 * result['test_accuracy'][i]:.1f} | "
                f"{100 * result['best_val_accuracy'][i]:.1f} | {fold['relative_error']:.3f} | "
                f"{fold['amplitude']:.2f} | {fold['block']} | {fold['angle_degrees']:.0f} | "
                f"{'yes' if fold['folds'] else 'no'} |"
            )
    errors = [f["relative_error"] for r in records for f in r["result"]["folds"]]
    lines += ["", f"Median relative error to the nearest fold 2·ReLU(τ − ⟨w, x⟩)·w: "
              f"{float(np.median(errors)):.3f} (0 is an exact fold)."]
    return "\n".join(lines) + "\n"


def _tracking_markdown(records):
    lines = []
    for record in records:
        model = record["cell"]["model"]
        for track in record["result"]["tracking"]:
            layers = track["layers"]
            if not lines:
                header = ["in"] + [f"L{i}" for i in range(1, len(layers))]
                lines = ["| model | row | " + " | ".join(header) + " |",
                         "|" + "---|" * (len(header) + 2)]
            links = ["undefined" if e["link"] is None else str(e["link"]) for e in layers]
            lines.append(f"| {model} | link | " + " | ".join(links) + " |")
            lines.append(f"| {model} | d_min | "
                         + " | ".join(f"{e['d_min']:.3g}" for e in layers) + " |")
    return "\n".join(lines) + "\n"


def write_csv(path, name, records):
    """Write :func:`summary_rows` (or per-seed rows for the analysis experiments) as CSV."""
    if name in ("disk-annulus", "table8"):
        rows = [{"experiment": name, "cell": str(r["cell"].get("model", r["cell"].get("blocks"))),
                 "seed": seed, "best_val_accuracy": r["result"]["best_val_accuracy"][i],
                 "test_accuracy": r["result"]["test_accuracy"][i]}
                for r in records for i, seed in enumerate(r["result"]["seeds"])]
    else:
        rows = summary_rows(name, records)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["experiment"])
        writer.writeheader()
        writer.writerows(rows)


def write_plot(path, name, records):
    """Plot ours against the published values (matplotlib, Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    if name in LAYOUT:
        _plot_grid(axes, name, records)
    else:
        values = [100 * a for r in records for a in r["result"]["test_accuracy"]]
        axes.bar(range(len(values)), values)
        axes.set_xlabel("seed")
        axes.set_ylabel("test accuracy (%)")
    axes.set_title(name)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _plot_grid(axes, name, records):
    rows = summary_rows(name, records)
    statistic = "max" if name == "table4" else "mean"
    published = PUBLISHED[name]
    for label in dict.fromkeys(r["row"] for r in rows):
        for metric, style in (("best_val_accuracy", "o-"), ("test_accuracy", "s:")):
            points = sorted((r["column"], r["ours"]) for r in rows if r["row"] == label
                            and r["metric"] == metric and r["statistic"] == statistic)
            if points:
                columns, values = zip(*points, strict=True)
                axes.plot(columns, values, style, label=f"{label} {metric} ({statistic})")
        if (label, statistic) in published:
            axes.plot(published["columns"], published[(label, statistic)], "x--",
                      label=f"{label} paper")
    axes.set_xlabel(LAYOUT[name][1])
    axes.set_ylabel("accuracy (%)")
    if name == "table4":
        axes.set_xscale("log")
    axes.legend(fontsize=6)
    axes.set_ylim(40, 101)


def write_outputs(out_dir, name, records, note=""):
    """Write ``report.md``, ``results.csv`` and ``plot.png`` into ``out_dir``; return the paths.

    ``note`` goes above the tables, for example to say that the run was reduced.
    """
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"markdown": out / "report.md", "csv": out / "results.csv", "plot": out / "plot.png"}
    header = f"# {name}\n\n" + (f"{note}\n\n" if note else "")
    paths["markdown"].write_text(header + markdown_table(name, records))
    write_csv(paths["csv"], name, records)
    write_plot(paths["plot"], name, records)
    return {k: str(v) for k, v in paths.items()}
