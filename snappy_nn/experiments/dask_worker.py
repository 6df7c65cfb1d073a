"""Start a Dask worker where SnapPy is installed: ``python -m snappy_nn.experiments.dask_worker``.

It takes the arguments of ``dask worker`` (the scheduler address first). A plain
``dask worker`` fails to import ``distributed`` wherever SnapPy is installed,
because distributed's compressor probe imports ``snappy`` expecting python-snappy
(see :func:`snappy_nn.experiments.runner.import_distributed`).
"""

from snappy_nn.experiments.runner import import_distributed

# At import time on purpose: worker processes that the nanny spawns re-import this
# module as their main module, and so import distributed the safe way before
# anything else does.
import_distributed()


def main():
    """Run distributed's ``dask worker`` command line."""
    from distributed.cli.dask_worker import main as worker_main

    worker_main()


if __name__ == "__main__":
    main()
