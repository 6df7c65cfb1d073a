"""Shared command line of the table examples: run one named experiment and write its report.

Three sizes:

- ``--quick``: the protocol's reduced grid, data and epochs (seconds to a
  minute per table; what CI runs).
- default: every grid cell of the protocol with 2 seeds and the protocol's data
  and epochs, enough to see the trend of the table.
- ``--full``: the protocol as published (its seed count); this can take hours
  on a laptop, see the reproduction page of the docs.

Finished cells are stored in ``OUT/trials.jsonl``, so an interrupted run resumes.
"""

import argparse
import time
from pathlib import Path

from snappy_nn.experiments import run_experiment
from snappy_nn.experiments.report import markdown_table, write_outputs

DEFAULT_SEEDS = 2


def run_table(name, description):
    """Parse the command line, run experiment ``name`` and print its table."""
    parser = argparse.ArgumentParser(description=description)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="reduced grid and epochs (for CI)")
    size.add_argument("--full", action="store_true", help="the published protocol (slow)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes; 1 runs in this process")
    parser.add_argument("--out", type=Path, default=Path("example_output") / name)
    arguments = parser.parse_args()

    seeds = None if arguments.quick or arguments.full else DEFAULT_SEEDS
    started = time.perf_counter()
    records = run_experiment(name, arguments.out, quick=arguments.quick, seeds=seeds,
                             workers=arguments.workers)
    paths = write_outputs(arguments.out, name, records)

    print(markdown_table(name, records))
    print(f"wrote {paths['markdown']}, {paths['csv']} and {paths['plot']} "
          f"({time.perf_counter() - started:.1f} s)")
