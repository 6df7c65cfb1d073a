"""Table 2: width-3 ReLU and GELU networks on the released Hopf data, by depth.

Runs the ``table2`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/table2.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("table2", __doc__.splitlines()[0])
