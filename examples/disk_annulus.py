"""Disk against annulus in R^2 with a width-2 ResNet of three blocks.

Runs the ``disk-annulus`` protocol of snappy_nn.experiments and prints our numbers next
to the published ones; writes report.md, results.csv and plot.png to --out.

Usage: python examples/disk_annulus.py [--quick | --full] [--workers N] [--out DIR]
"""

from _experiment_example import run_table

if __name__ == "__main__":
    run_table("disk-annulus", __doc__.splitlines()[0])
