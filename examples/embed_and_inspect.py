"""Embed a link from the tables, compare its linking matrix two ways, rebuild a diagram.

Steps:

1. Build the link from its Thistlethwaite name with spherogram.
2. Embed it as closed polygons in R^3 (snappy_nn.embed).
3. Compare the exact Gauss-integral linking matrix of the polygons with
   spherogram's linking matrix of the diagram.
4. Project the polygons again to a new diagram and compare once more.
5. Save the polygons (.npz and .csv) and a picture of them.

Usage: python examples/embed_and_inspect.py [--link L4a1] [--quick] [--out DIR]
"""

import argparse
import time
from pathlib import Path

import numpy as np

import snappy_nn
from snappy_nn.diagram import project_link
from snappy_nn.linking import min_distance
from snappy_nn.plotting import plot_traces
from snappy_nn.tracking import track


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--link", default="L4a1", help="link name, PD code or DT code")
    parser.add_argument("--quick", action="store_true", help="coarser polygons (for CI)")
    parser.add_argument("--out", type=Path, default=Path("example_output/embed_and_inspect"))
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    arguments.out.mkdir(parents=True, exist_ok=True)
    resolution = 60 if arguments.quick else 200
    started = time.perf_counter()

    diagram = snappy_nn.to_spherogram_link(arguments.link)
    polygons = snappy_nn.embed(diagram, resolution)
    print(f"{arguments.link}: {len(polygons)} components, {polygons.num_vertices} vertices, "
          f"minimum distance between components {min_distance(polygons):.3f}")

    exact = snappy_nn.linking_matrix(polygons)
    from_diagram = np.array(diagram.linking_matrix(), dtype=np.int64)
    print("Gauss integral linking matrix:\n", exact)
    print("spherogram linking matrix:\n", from_diagram)
    print("agree:", bool(np.array_equal(exact, from_diagram)))

    rebuilt = project_link(polygons, seed=0)
    print(f"rebuilt diagram: {rebuilt.crossing_count} crossings, PD code of "
          f"{len(rebuilt.pd_code)} crossings, linking matrix agrees: "
          f"{bool(np.array_equal(rebuilt.linking_matrix(), exact))}")

    polygons.save(arguments.out / f"{arguments.link}.npz")
    polygons.save(arguments.out / f"{arguments.link}.csv")
    picture = plot_traces([track(polygons, [], diagram=False, name=arguments.link)],
                          arguments.out / f"{arguments.link}.png")
    print(f"wrote {picture} and the polygons in {arguments.out} "
          f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
