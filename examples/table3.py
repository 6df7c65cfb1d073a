"""Table 3: plain ReLU networks against ResNet blocks on the Hopf data, by depth.

Runs the ``table3`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/table3.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("table3", __doc__.splitlines()[0])
