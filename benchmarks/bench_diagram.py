"""Time link diagrams of random polygons with up to about 10^4 crossings.

Run by hand, for example::

    python benchmarks/bench_diagram.py --out bench_diagram.json

Each case is one or more seeded closed polygons through random points of
the unit cube. The timings split into finding the crossings
of one regular projection, and the whole ``project_link`` call (crossings,
PD code, ``spherogram.Link`` construction with its planarity check). The
diagram's linking matrix is compared with the crossing count of
``linking_matrix(..., method="crossings")``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from snappy_nn._crossings import SegmentTable, find_crossings, random_direction
from snappy_nn.curves import PolygonalLink
from snappy_nn.diagram import project_link
from snappy_nn.linking import linking_matrix

CASES = ((1, 150), (4, 60), (1, 300), (1, 450))


def random_loops(components, vertices, seed):
    """Return ``components`` closed polygons through ``vertices`` random points of the unit cube."""
    rng = np.random.default_rng(seed)
    return PolygonalLink([rng.random((vertices, 3)) for _ in range(components)])


def run(cases, seed):
    rows = []
    for components, vertices in cases:
        link = random_loops(components, vertices, seed)
        table = SegmentTable.from_components(link.components)
        limit = 1e-9 * table.diameter()
        direction = random_direction(np.random.default_rng(seed))
        start = time.perf_counter()
        crossings = find_crossings(table, direction, touch_limit=limit, regularity=limit)
        find_seconds = time.perf_counter() - start

        start = time.perf_counter()
        diagram = project_link(link, seed=seed)
        diagram_seconds = time.perf_counter() - start
        fast = linking_matrix(link, method="crossings")
        row = {
            "components": components,
            "vertices": vertices * components,
            "crossings": diagram.crossing_count,
            "find_crossings_seconds": find_seconds,
            "find_crossings_count": len(crossings),
            "project_link_seconds": diagram_seconds,
            "tries": diagram.tries,
            "linking_matches": diagram.linking_matrix().tolist() == fast.tolist(),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="Seed of the random polygons.")
    parser.add_argument("--out", help="Write the results here as JSON.")
    args = parser.parse_args()
    rows = run(CASES, args.seed)
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(rows, handle, indent=2)


if __name__ == "__main__":
    main()
