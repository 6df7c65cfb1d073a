"""Benchmark: point-cloud linking detection against a per-pair quadrature loop.

Data: the two circles of the Hopf link, sampled at uniformly random angles,
with Gaussian noise, ``--points`` points per class (10^4 by default).

Two measurements:

1. Head to head, both measured. Both pipelines build the same k-NN graphs
   and cycle bases, keep the ``--max-cycles`` longest cycles per class and
   evaluate every cross-class pair. The baseline is the straightforward loop
   that Ren and Lim (arXiv:2606.31856) describe. It takes one pair at a
   time and applies midpoint quadrature to the Gauss integral, with every
   edge cut into 4 sub-segments. It accepts a value within 0.1 of a nonzero
   integer.
   The snappy_nn pipeline is :func:`snappy_nn.pointcloud.detect_linking`
   from the raw points on.
2. Every pair of the full cycle bases with snappy_nn, measured. The
   baseline's time for the same pairs is an estimate. Its cost per pair
   grows with the product of the two cycle lengths, so its CPU time per
   vertex pair in step 1 is multiplied by the sum over all pairs of that
   product.

Run: ``python benchmarks/bench_pointcloud.py [--points N] [--max-cycles K]``.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from snappy_nn.pointcloud import detect_linking, fundamental_cycles

SUBSEGMENTS = 4
ACCEPT = 0.1


def hopf_cloud(n, noise, seed):
    rng = np.random.default_rng(seed)
    t, s = rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 2 * np.pi, n)
    x = np.stack([np.cos(t), np.sin(t), 0 * t], axis=1)
    y = np.stack([0 * s, 1 + np.cos(s), np.sin(s)], axis=1)
    points = np.concatenate([x, y]) + rng.normal(scale=noise, size=(2 * n, 3))
    return points, np.repeat([0, 1], n)


def quadrature_nodes(polygon):
    """Return the midpoints and vectors of every edge cut into SUBSEGMENTS pieces."""
    start = polygon
    step = (np.roll(polygon, -1, axis=0) - polygon) / SUBSEGMENTS
    fractions = (np.arange(SUBSEGMENTS) + 0.5)[None, :, None]
    midpoints = (start[:, None, :] + fractions * step[:, None, :]).reshape(-1, 3)
    vectors = np.repeat(step, SUBSEGMENTS, axis=0)
    return midpoints, vectors


def quadrature_gauss(a, b, rows=256):
    """Return the midpoint-rule Gauss integral (1/4π) ∮∮ (x − y)·(dx × dy)/|x − y|^3."""
    ma, da = quadrature_nodes(a)
    mb, db = quadrature_nodes(b)
    total = 0.0
    for start in range(0, len(ma), rows):
        diff = ma[start : start + rows, None, :] - mb[None, :, :]
        cross = np.cross(da[start : start + rows, None, :], db[None, :, :])
        distance = np.linalg.norm(diff, axis=-1)
        total += float((np.einsum("ijk,ijk->ij", diff, cross) / distance**3).sum())
    return total / (4 * np.pi)


def clock():
    """Return (wall, CPU) seconds; CPU time is robust to other jobs on a shared machine."""
    return np.array([time.perf_counter(), time.process_time()])


def baseline(points, labels, k, max_cycles):
    """Return the linking numbers the per-pair quadrature loop accepts, and its times."""
    started = clock()
    clouds = [points[labels == c] for c in (0, 1)]
    bases = [fundamental_cycles(c, k, max_cycles=max_cycles) for c in clouds]
    found = {}
    for a in range(len(bases[0])):
        polygon_a = clouds[0][bases[0].cycle(a)]
        for b in range(len(bases[1])):
            value = quadrature_gauss(polygon_a, clouds[1][bases[1].cycle(b)])
            rounded = round(value)
            if rounded and abs(value - rounded) < ACCEPT:
                found[(a, b)] = rounded
    return found, clock() - started, len(bases[0]) * len(bases[1])


def ours(points, labels, k, max_cycles):
    started = clock()
    result = detect_linking(points, labels, k=k, max_cycles=max_cycles)
    seconds = clock() - started
    clouds = [np.flatnonzero(labels == c) for c in (0, 1)]
    found = {}
    for w in result.witnesses:
        # Map input indices back to positions inside each class for comparison.
        a = tuple(np.searchsorted(clouds[0], w.cycles[0]).tolist())
        b = tuple(np.searchsorted(clouds[1], w.cycles[1]).tolist())
        found[(a, b)] = w.linking_number
    return found, seconds, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000, help="points per class")
    parser.add_argument("--noise", type=float, default=0.01)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--max-cycles", type=int, default=12,
                        help="number of longest cycles per class kept in the head-to-head run")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    points, labels = hopf_cloud(args.points, args.noise, args.seed)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}, numpy {np.__version__}")
    print(f"data: Hopf circles, {args.points} points per class, noise {args.noise}, "
          f"k={args.k}, seed {args.seed}")

    # 1. Head to head on the longest cycles.
    fast, fast_seconds, result = ours(points, labels, args.k, args.max_cycles)
    slow, slow_seconds, pairs = baseline(points, labels, args.k, args.max_cycles)
    clouds = [points[labels == c] for c in (0, 1)]
    bases = [fundamental_cycles(c, args.k, max_cycles=args.max_cycles) for c in clouds]
    slow_by_vertices = {
        (tuple(bases[0].cycle(a).tolist()), tuple(bases[1].cycle(b).tolist())): v
        for (a, b), v in slow.items()
    }
    lengths = [int(b.lengths().mean()) for b in bases]
    print(f"\n1. top {args.max_cycles} cycles per class (mean length {lengths}), {pairs} pairs")
    print("   times: wall / CPU seconds")
    print(f"   snappy_nn pipeline: {fast_seconds[0]:8.2f} / {fast_seconds[1]:8.2f}, "
          f"{len(fast)} linked pairs")
    print(f"   quadrature loop:    {slow_seconds[0]:8.2f} / {slow_seconds[1]:8.2f}, "
          f"{len(slow)} linked pairs")
    print(f"   same linked pairs and numbers: {fast == slow_by_vertices}")
    ratio = slow_seconds / fast_seconds
    print(f"   speed-up: {ratio[0]:.1f}x wall, {ratio[1]:.1f}x CPU")

    # 2. Every pair of the full bases.
    started = clock()
    full = detect_linking(points, labels, k=args.k)
    full_seconds = clock() - started
    # Quadrature cost grows with the product of the two cycle lengths, so the
    # measured CPU time per vertex pair scales to the lengths of the full bases.
    per_vertex_pair = slow_seconds[1] / np.outer(bases[0].lengths(), bases[1].lengths()).sum()
    full_lengths = [fundamental_cycles(c, args.k).lengths().sum() for c in clouds]
    estimate = per_vertex_pair * float(full_lengths[0]) * float(full_lengths[1])
    print(f"\n2. full bases: {full.cycles[0]} x {full.cycles[1]} cycles = {full.pairs:.3e} pairs")
    print(f"   snappy_nn pipeline: {full_seconds[0]:.2f} s wall, {full_seconds[1]:.2f} s CPU, "
          f"{len(full.witnesses)} linked pairs, {full.pairs_undefined} undefined")
    print(f"   quadrature loop (estimate, {per_vertex_pair * 1e6:.2f} µs CPU per vertex "
          f"pair, cycle lengths summing to {full_lengths[0]} and {full_lengths[1]}): "
          f"{estimate:.3e} s CPU")
    print(f"   estimated speed-up: {estimate / full_seconds[1]:.2e}x CPU")

if __name__ == "__main__":
    main()
