"""Table 7: ten copies of linked S^3 and S^3 in R^7, ReLU depth 5, by width.

Runs the ``table7`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/table7.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("table7", __doc__.splitlines()[0])
