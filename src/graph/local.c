/*
 * local.c - the graph in its local order, for the whole-graph metrics.
 *
 * A large graph file carries a second numbering of its vertices, chosen
 * for memory locality, and the graph relabelled in it (store/csr.h,
 * docs/graph-format.md "Local order").  The metrics that gather from
 * per-vertex arrays at random along every edge (PageRank, k-core) run
 * over that copy and write each result back under its dense id through
 * order[], so their callers never see the local ids.  This file only
 * assembles the view: the arrays are the mapped sections themselves.
 */
#include <string.h>

#include "graph/graph.h"

int bf__graph_local(const bf_csr *g, bf_csr *out)
{
    if (!g || !g->order || !g->lo_out_off || !g->lo_out_adj || !g->lo_in_off ||
        !g->lo_in_adj)
        return 0;
    memset(out, 0, sizeof *out);
    out->n = g->n;
    out->m = g->m;
    out->out_off = g->lo_out_off;
    out->out_adj = g->lo_out_adj;
    out->in_off = g->lo_in_off;
    out->in_adj = g->lo_in_adj;
    return 1;
}
