"""Run an experiment's cells, locally or on a Dask cluster, resuming from a JSON lines file.

Every finished cell is appended to ``trials.jsonl`` in the output directory as
soon as it completes, so an interrupted run picks up where it stopped: cells
whose configuration is already in the file are skipped.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from snappy_nn.experiments.errors import ExperimentError, TrialStoreError
from snappy_nn.experiments.protocols import make_cells, run_cell

log = logging.getLogger(__name__)

TRIALS_FILE = "trials.jsonl"


def cell_key(cell):
    """Return the canonical JSON text of a cell, which identifies it in the store."""
    return json.dumps(cell, sort_keys=True, separators=(",", ":"))


class TrialStore:
    """Finished cells of one experiment, kept as JSON lines in ``directory/trials.jsonl``.

    Examples
    --------
    >>> import tempfile
    >>> store = TrialStore(tempfile.mkdtemp(), "table2")
    >>> store.append({"experiment": "table2", "depth": 3}, {"seeds": [0]}, 1.5)
    >>> len(store.load())
    1
    """

    def __init__(self, directory, experiment):
        self.path = Path(directory) / TRIALS_FILE
        self.experiment = experiment

    def load(self):
        """Return the stored records; a torn last line from an interrupted write is skipped."""
        if not self.path.exists():
            return []
        records = []
        lines = self.path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                if number == len(lines):
                    log.warning("skipping the incomplete last line of %s", self.path)
                    continue
                raise TrialStoreError(
                    f"line {number} of {self.path} is not valid JSON ({exc}); "
                    "delete that line or the file to rerun those cells"
                ) from exc
            if record.get("experiment") != self.experiment:
                raise TrialStoreError(
                    f"{self.path} holds results of experiment {record.get('experiment')!r}, "
                    f"not {self.experiment!r}; choose another --out directory"
                )
            records.append(record)
        return records

    def finished_keys(self):
        """Return the keys of the cells already stored."""
        return {cell_key(r["cell"]) for r in self.load()}

    def append(self, cell, result, seconds):
        """Append one finished cell and flush it to disk."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._drop_torn_tail()
        record = {"experiment": self.experiment, "cell": cell, "result": result,
                  "seconds": float(seconds)}
        with self.path.open("a") as handle:
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


    def _drop_torn_tail(self):
        """Cut a last line without its newline, left by a write that was interrupted."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            log.warning("removing an incomplete last line (%d bytes) from %s",
                        len(data) - keep, self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(keep)


def import_distributed():
    """Import ``dask.distributed`` although SnapPy owns the module name ``snappy``.

    Returns
    -------
    module
        The ``distributed`` package.
    """
    # NOTE: distributed probes for the python-snappy compressor with `import snappy`
    # and only catches ImportError. Here that name is SnapPy, which has no `compress`,
    # so the probe raises AttributeError and the import fails. Hiding SnapPy during
    # the import turns the probe into an ImportError; SnapPy is put back afterwards.
    saved = sys.modules.get("snappy")
    sys.modules["snappy"] = None
    try:
        import distributed
    except ImportError as exc:
        raise ExperimentError(
            "running on a Dask cluster needs dask.distributed; install it with "
            "`pip install 'snappy-nn[cluster]'`"
        ) from exc
    finally:
        if saved is None:
            sys.modules.pop("snappy", None)
        else:
            sys.modules["snappy"] = saved
    return distributed


def _timed_run(cell):
    import torch

    # A cell is a long chain of tiny tensor operations: extra intra-op threads only
    # add synchronisation, which costs 10-25 times the run time on a busy machine.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        started = time.perf_counter()
        result = run_cell(cell)
        return result, time.perf_counter() - started
    finally:
        torch.set_num_threads(threads)


def run_experiment(name, out_dir, *, seeds=None, first_seed=None, quick=False, epochs=None,
                   points=None, only=None, scheduler=None, workers=None, executor=None,
                   progress=None):
    """Run the cells of an experiment that are not yet stored, and return every record.

    Parameters
    ----------
    name : str
        A protocol name of :data:`~snappy_nn.experiments.protocols.PROTOCOLS`.
    out_dir : str or Path
        Directory of ``trials.jsonl``; created if missing.
    seeds, first_seed, quick, epochs, points, only
        Passed to :func:`~snappy_nn.experiments.protocols.make_cells`.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``); cells then run on
        that cluster through ``distributed.Client(address).get_executor()``.
    workers : int, optional
        Processes of the local pool; defaults to the number of CPUs, at most
        the number of cells. ``workers=1`` runs in this process.
    executor : concurrent.futures.Executor, optional
        Use this executor instead (its owner shuts it down).
    progress : callable, optional
        Called with ``(done, total, cell)`` after each finished cell.

    Returns
    -------
    list of dict
        The stored records, one per finished cell, including earlier runs.
    """
    store = TrialStore(out_dir, name)
    cells = make_cells(name, seeds=seeds, first_seed=first_seed, quick=quick, epochs=epochs,
                       points=points, only=only)
    finished = store.finished_keys()
    pending = [c for c in cells if cell_key(c) not in finished]
    log.info("%s: %d cells, %d already stored in %s", name, len(cells),
             len(cells) - len(pending), store.path)
    with contextlib.ExitStack() as stack:
        if executor is None and pending:
            executor = stack.enter_context(_make_executor(scheduler, workers, len(pending)))
        _run_pending(store, pending, executor, progress, len(cells) - len(pending), len(cells))
    keys = {cell_key(c) for c in cells}
    return [r for r in store.load() if cell_key(r["cell"]) in keys]


def _run_pending(store, pending, executor, progress, done, total):
    if executor is None:
        for cell in pending:
            result, seconds = _timed_run(cell)
            store.append(cell, result, seconds)
            done += 1
            if progress:
                progress(done, total, cell)
        return
    futures = {executor.submit(_timed_run, cell): cell for cell in pending}
    for future in concurrent.futures.as_completed(futures):
        cell = futures[future]
        result, seconds = future.result()
        store.append(cell, result, seconds)
        done += 1
        log.info("finished %s in %.1f s", cell_key(cell), seconds)
        if progress:
            progress(done, total, cell)


@contextlib.contextmanager
def _make_executor(scheduler, workers, cells):
    if scheduler:
        distributed = import_distributed()
        with distributed.Client(scheduler) as client:
            yield client.get_executor()
        return
    count = min(cells, os.cpu_count() or 1) if workers is None else int(workers)
    if count < 1:
        raise ExperimentError(f"workers must be >= 1; got {workers!r}")
    if count == 1:
        yield None
        return
    with concurrent.futures.ProcessPoolExecutor(count) as pool:
        yield pool
