"""Table 4: k copies of linked S^2 and S^2 in R^5, width 5, four activations.

Runs the ``table4`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/table4.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("table4", __doc__.splitlines()[0])
