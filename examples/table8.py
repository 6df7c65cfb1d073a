"""Table 8: layer tracking of the stereographic Hopf pair, width 3, depth 5.

Runs the ``table8`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/table8.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("table8", __doc__.splitlines()[0])
