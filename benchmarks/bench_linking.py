"""Time the crossing-count and solid-angle linking paths on the same polygons.

Run by hand, for example::

    python benchmarks/bench_linking.py --max-n 1000000 --out bench_linking.json

Each size N times ``linking_matrix(link, method=...)`` on the Hopf circles of
``snappy_nn.embedding.hopf_link(N)`` (2 components × N vertices, known
linking number −1), best of ``--repeat`` runs for the crossing count and one
run for the others. A quadratic path is no longer run once a run took longer
than ``--limit`` seconds, or when extrapolating its last time by (N/N')^2
predicts that. Topoly's
``gln`` is timed through ``--topoly-python`` (an interpreter of a separate
virtual environment with topoly installed) and pyknotid when it imports; a
tool that is missing is reported as such. The last case is a chain of 100 rings.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from snappy_nn.curves import PolygonalLink
from snappy_nn.embedding import hopf_link
from snappy_nn.linking import linking_matrix

SIZES = (100, 300, 1_000, 3_000, 5_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)


def best_time(function, repeat):
    """Return the smallest wall time of ``repeat`` calls and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ring_chain(count, vertices):
    """Return ``count`` rings, each linking the next once, alternately in two planes."""
    t = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    rings = []
    for i in range(count):
        a, b = np.cos(t), np.sin(t)
        ring = np.stack([a, b, 0 * t], 1) if i % 2 == 0 else np.stack([a, 0 * t, b], 1)
        rings.append(ring + [1.5 * i, 0, 0])
    return PolygonalLink(rings)


TOPOLY_SCRIPT = """
import sys, time, numpy as np
from topoly import gln
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
start = time.perf_counter()
value = gln(a.tolist(), b.tolist())
print(time.perf_counter() - start, value)
"""


def third_party_tools(topoly_python):
    """Return the third-party linking routines to time, or why each is unavailable.

    Topoly runs in the interpreter ``topoly_python`` (a separate virtual
    environment), so its install cannot disturb this one; only the time of
    its ``gln`` call is counted. pyknotid is imported here when present.
    """
    tools = {}
    if topoly_python:
        tools["topoly.gln"] = lambda a, b: _run_topoly(topoly_python, a, b)
    else:
        tools["topoly.gln"] = "not run: pass --topoly-python"
    try:
        from pyknotid.spacecurves import Link

        tools["pyknotid"] = lambda a, b: (0.0, Link([a, b], verbose=False).linking_number())
    except ImportError as exc:
        tools["pyknotid"] = f"not importable: {exc}"
    return tools


def _run_topoly(python, a, b):
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / name) for name in ("a.npy", "b.npy")]
        np.save(paths[0], a)
        np.save(paths[1], b)
        output = subprocess.run([python, "-c", TOPOLY_SCRIPT, *paths], check=True,
                                capture_output=True, text=True).stdout.split()
    return float(output[0]), float(output[1])


def run(sizes, limit, repeat, topoly_python=None):
    rows = []
    stopped = {}
    previous = {}
    tools = third_party_tools(topoly_python)
    for n in sizes:
        X, Y = hopf_link(n)
        link = PolygonalLink([X, Y])
        row = {"n": n}
        paths = {
            "crossings": lambda link=link: int(linking_matrix(link, method="crossings")[0, 1]),
            "solid-angle": lambda link=link: int(linking_matrix(link, method="solid-angle")[0, 1]),
        }
        for name, tool in tools.items():
            paths[name] = tool if isinstance(tool, str) else (lambda t=tool, X=X, Y=Y: t(X, Y))
        for name, function in paths.items():
            if isinstance(function, str):
                row[name] = {"status": function}
                continue
            if name in stopped:
                row[name] = {"status": stopped[name]}
                continue
            if name != "crossings" and name in previous:
                predicted = previous[name][1] * (n / previous[name][0]) ** 2
                if predicted > limit:
                    row[name] = {"status": f"skipped: quadratic extrapolation predicts "
                                           f"{predicted:.0f} s"}
                    stopped[name] = f"skipped: predicted over {limit:.0f} s at N = {n}"
                    continue
            if name in tools:
                # Third-party tools report their own call time and an unrounded value.
                seconds, value = function()
                row[name] = {"seconds": seconds, "value": value,
                             "correct": bool(round(value) == -1 and abs(value + 1) < 1e-6)}
            else:
                seconds, value = best_time(function, 1 if name != "crossings" else repeat)
                row[name] = {"seconds": seconds, "value": value, "correct": value == -1}
            previous[name] = (n, seconds)
            if seconds > limit:
                stopped[name] = f"skipped: N = {n} took {seconds:.0f} s"
        rows.append(row)
        print(json.dumps(row), flush=True)

    chain = ring_chain(100, 64)
    seconds, matrix = best_time(lambda: linking_matrix(chain, method="crossings"), repeat)
    chain_row = {"case": "100-ring chain, 64 vertices each", "crossings_seconds": seconds,
                 "correct": bool(np.abs(np.diag(matrix, 1)).tolist() == [1] * 99
                                 and np.abs(matrix).sum() == 2 * 99)}
    print(json.dumps(chain_row), flush=True)
    return {"machine": platform.platform(), "rows": rows, "chain": chain_row}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=SIZES[-1], help="Largest N to time.")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="Seconds after which a path is not run at larger N.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of the fast path per N.")
    parser.add_argument("--topoly-python",
                        help="Python interpreter of a virtual environment with topoly installed.")
    parser.add_argument("--out", help="Write the results here as JSON.")
    args = parser.parse_args()
    result = run([n for n in SIZES if n <= args.max_n], args.limit, args.repeat,
                 args.topoly_python)
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(result, handle, indent=2)


if __name__ == "__main__":
    main()
