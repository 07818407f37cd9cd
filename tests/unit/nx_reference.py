#!/usr/bin/env python3
"""Reference PageRank and core numbers from NetworkX, for test_graph.

Usage: nx_reference.py EDGE_FILE [TOL]

EDGE_FILE is a SNAP edge list ("u v" per line, '#' lines skipped) of an
undirected graph, such as facebook_combined.txt.  Each edge is added in
both directions to a DiGraph, the same graph test_graph builds as a CSR.

Prints one comment line naming the NetworkX version and the PageRank
routine used, then one line per node in ascending id order:

    id pagerank core

pagerank: nx.pagerank(G, alpha=0.85, tol=TOL) on the DiGraph (TOL defaults
to 1e-13 per node: NetworkX's default 1e-6 stops 0.011 in L1 away from
the fixed point on ego-Facebook, so it is too loose to compare against).  When SciPy is not installed,
nx.pagerank cannot run, and NetworkX's own pure-Python power iteration
(_pagerank_python, same formula and stopping rule) is used instead.

core: nx.core_number on the undirected graph.
"""
import sys

import networkx as nx


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    tol = float(sys.argv[2]) if len(sys.argv) == 3 else 1e-13
    d = nx.DiGraph()
    with open(sys.argv[1]) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            u, v = map(int, line.split()[:2])
            d.add_edge(u, v)
            d.add_edge(v, u)
    try:
        import scipy  # noqa: F401  (nx.pagerank needs it)

        how = "pagerank"
        pr = nx.pagerank(d, alpha=0.85, tol=tol, max_iter=10000)
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import (
            _pagerank_python,
        )

        how = "_pagerank_python"
        pr = _pagerank_python(d, alpha=0.85, tol=tol, max_iter=10000)
    core = nx.core_number(d.to_undirected())
    print("# networkx %s %s tol=%g" % (nx.__version__, how, tol))
    out = sys.stdout
    for v in sorted(d.nodes()):
        out.write("%d %.17g %d\n" % (v, pr[v], core[v]))


if __name__ == "__main__":
    main()
