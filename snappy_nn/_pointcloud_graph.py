"""Neighbour graphs and fundamental cycle bases of one class of points.

A cycle basis is stored as flat arrays so that thousands of cycles cost no
Python objects: ``vertices[offsets[c]:offsets[c + 1]]`` lists cycle ``c`` in
order, and the polygon closes from its last vertex back to its first.

Orientation rule: every cycle comes from one non-tree edge ``(u, v)`` with
``u < v``. It starts at ``u``, crosses the non-tree edge to ``v``, climbs the
BFS tree from ``v`` to the lowest common ancestor, and descends to ``u``.
The BFS visits components in order of their smallest vertex index, starts at
that vertex, and visits neighbours in increasing index, so the same points
always give the same cycles with the same orientation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class CycleBasis:
    """Fundamental cycles of a graph, with their incidence on the graph's edges.

    Attributes
    ----------
    vertices, offsets : numpy.ndarray of int64
        Cycle ``c`` is ``vertices[offsets[c]:offsets[c + 1]]``.
    edges : numpy.ndarray of int64, shape (E, 2)
        Oriented edges used by the kept cycles: the tree edges, child to
        parent, then the kept non-tree edges, ``u`` to ``v``.
    incidence : scipy.sparse.csc_matrix, shape (E, C)
        Entry +1 or −1 when cycle ``c`` runs along edge ``e`` with or
        against its orientation.
    total : int
        Number of fundamental cycles before the length filter.
    """

    vertices: np.ndarray
    offsets: np.ndarray
    edges: np.ndarray
    incidence: sparse.csc_matrix
    total: int

    def __len__(self):
        return len(self.offsets) - 1

    def cycle(self, c):
        """Return the vertex indices of cycle ``c``, in order."""
        return self.vertices[self.offsets[c] : self.offsets[c + 1]]

    def lengths(self):
        """Return the number of vertices of every cycle."""
        return np.diff(self.offsets)


def knn_edges(points, k, *, epsilon=None, mutual=False):
    """Return the undirected edges ``(i, j)``, ``i < j``, of an ε-filtered k-NN graph."""
    n = len(points)
    k = min(int(k), n - 1)
    if k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    distances, neighbours = cKDTree(points).query(points, k=k + 1)
    rows = np.repeat(np.arange(n), k)
    cols = neighbours[:, 1:].ravel()
    keep = cols != rows
    if epsilon is not None:
        keep &= distances[:, 1:].ravel() <= epsilon
    rows, cols = rows[keep], cols[keep]

    low = np.minimum(rows, cols).astype(np.int64)
    high = np.maximum(rows, cols).astype(np.int64)
    pairs, counts = np.unique(low * n + high, return_counts=True)
    if mutual:
        # A pair appears twice exactly when each end is among the other's neighbours.
        pairs = pairs[counts == 2]
    return np.stack([pairs // n, pairs % n], axis=1)


def bfs_forest(n, edges):
    """Return the parent (−1 at roots) and depth of every vertex in a BFS forest."""
    # A virtual vertex n joined to the smallest vertex of every component turns
    # the forest into one BFS tree, so one C-level call visits everything.
    graph = sparse.coo_matrix(
        (np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)
    ).tocsr()
    _, component = csgraph.connected_components(graph, directed=False)
    _, roots = np.unique(component, return_index=True)
    rows = np.concatenate([edges[:, 0], edges[:, 1], np.full(len(roots), n)])
    cols = np.concatenate([edges[:, 1], edges[:, 0], roots])
    full = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    full.sum_duplicates()
    full.sort_indices()
    order, predecessors = csgraph.breadth_first_order(full, n, directed=True)

    parent = predecessors[:n].astype(np.int64)
    parent[parent == n] = -1
    depth = np.zeros(n, dtype=np.int64)
    for v in order[1:]:
        p = parent[v]
        depth[v] = 0 if p < 0 else depth[p] + 1
    return parent, depth


def cycle_basis(n, edges, *, min_length=4, max_cycles=None):
    """Return the fundamental cycles of the graph on ``n`` vertices with ``edges``.

    Cycles with fewer than ``min_length`` vertices are dropped; with
    ``max_cycles`` only that many of the longest remain (ties keep edge order).
    """
    parent, depth = bfs_forest(n, edges)
    is_tree = (parent[edges[:, 0]] == edges[:, 1]) | (parent[edges[:, 1]] == edges[:, 0])
    chords = edges[~is_tree]
    total = len(chords)

    lca = _lowest_common_ancestors(parent, depth, chords[:, 0], chords[:, 1])
    lengths = depth[chords[:, 0]] + depth[chords[:, 1]] - 2 * depth[lca] + 1
    keep = np.flatnonzero(lengths >= min_length)
    if max_cycles is not None and len(keep) > max_cycles:
        ranked = np.argsort(-lengths[keep], kind="stable")[: int(max_cycles)]
        keep = np.sort(keep[ranked])
    chords, lca = chords[keep], lca[keep]
    return _assemble(n, parent, chords, lca, total)


def _lowest_common_ancestors(parent, depth, u, v):
    """Return the lowest common ancestor of every pair ``(u[i], v[i])``, vectorised."""
    a, b = u.copy(), v.copy()
    while True:
        deeper_a = depth[a] > depth[b]
        deeper_b = depth[b] > depth[a]
        level = (depth[a] == depth[b]) & (a != b)
        if not (deeper_a.any() or deeper_b.any() or level.any()):
            return a
        a = np.where(deeper_a | level, parent[a], a)
        b = np.where(deeper_b | level, parent[b], b)


def _tree_path(parent, start, stop):
    """Return the tree paths from every ``start[i]`` up to ``stop[i]``, both included.

    The result is flat: ``(owner, vertex)`` rows sorted by owner, then by step.
    """
    owners, steps, path = [], [], []
    current = start.copy()
    active = np.arange(len(start))
    step = 0
    while len(active):
        owners.append(active)
        steps.append(np.full(len(active), step))
        path.append(current[active])
        moving = current[active] != stop[active]
        active = active[moving]
        current[active] = parent[current[active]]
        step += 1
    if not owners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    owners = np.concatenate(owners)
    order = np.lexsort((np.concatenate(steps), owners))
    return owners[order], np.concatenate(path)[order]


def _assemble(n, parent, chords, lca, total):
    """Build the flat cycle arrays and the signed edge incidence of the kept cycles."""
    count = len(chords)
    u, v = chords[:, 0], chords[:, 1]

    # Cycle c is u, then v up to the ancestor, then the ancestor's child down to u's parent.
    owner_v, path_v = _tree_path(parent, v, lca)
    owner_u, path_u = _tree_path(parent, u, lca)
    not_top = path_u != lca[owner_u]
    not_start = path_u != u[owner_u]
    down = not_top & not_start
    owner_down, path_down = owner_u[down][::-1], path_u[down][::-1]

    owner_all = np.concatenate([np.arange(count), owner_v, owner_down])
    vertex_all = np.concatenate([u, path_v, path_down])
    part = np.concatenate([np.zeros(count), np.ones(len(owner_v)), np.full(len(owner_down), 2)])
    order = np.lexsort((np.arange(len(owner_all)), part, owner_all))
    vertices = vertex_all[order].astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(owner_all, minlength=count))])

    # Edge ids: tree edge (x -> parent x) has id x; chord c has id n + c.
    climb_v = path_v != lca[owner_v]
    climb_u = path_u != lca[owner_u]
    rows = np.concatenate([np.arange(count) + n, path_v[climb_v], path_u[climb_u]])
    cols = np.concatenate([np.arange(count), owner_v[climb_v], owner_u[climb_u]])
    signs = np.concatenate([np.ones(count), np.ones(climb_v.sum()), -np.ones(climb_u.sum())])
    used, rows = np.unique(rows, return_inverse=True)
    incidence = sparse.csc_matrix((signs, (rows, cols)), shape=(len(used), count))

    tree = used[used < n]
    edge_list = np.concatenate(
        [np.stack([tree, parent[tree]], axis=1), chords[used[used >= n] - n]]
    ).astype(np.int64)
    return CycleBasis(vertices, offsets.astype(np.int64), edge_list, incidence, int(total))


def flag_cycle_rank(n, edges, *, max_triangles=200_000):
    """Return the rank of H1 (over GF(2)) of the flag complex of the graph.

    A cycle of the graph that is a sum of its triangles bounds inside the
    class's own 2-complex and so does not count as essential. Returns None
    when the graph has more than ``max_triangles`` triangles, where the
    reduction would be too slow.
    """
    cycles = len(edges) - n + _component_count(n, edges)
    if cycles == 0:
        return 0
    triangles = _triangles(n, edges, max_triangles)
    if triangles is None:
        return None
    edge_id = {(int(a), int(b)): i for i, (a, b) in enumerate(edges)}
    pivots = {}
    rank = 0
    for a, b, c in triangles:
        column = {edge_id[(a, b)], edge_id[(a, c)], edge_id[(b, c)]}
        while column:
            low = max(column)
            if low not in pivots:
                pivots[low] = column
                rank += 1
                break
            column = column ^ pivots[low]
    return cycles - rank


def _component_count(n, edges):
    graph = sparse.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return int(csgraph.connected_components(graph, directed=False)[0])


def _triangles(n, edges, limit):
    """Return the triangles (a < b < c) of the graph, or None above ``limit``."""
    higher = [set() for _ in range(n)]
    for a, b in edges.tolist():
        higher[a].add(b)
    found = []
    for a, b in edges.tolist():
        for c in higher[a] & higher[b]:
            found.append((a, b, c))
        if len(found) > limit:
            return None
    return found
