/*
 * table.h - the table `bonafide graph` prints: the k accounts with the
 * highest value of a metric, as text columns or as a JSON array.
 *
 * The single-process command (src/cli/cmd_graph.c) and the MPI one
 * (mpi/main_mpi.c) print through this one function, so their outputs are
 * the same bytes for the same values; the MPI tests compare them.
 *
 * Text: a header line, then "rank platform id handle value" in fixed
 * columns, integers without a fraction, other values with %.6g; after a
 * degree table, one line of percentiles.  JSON: an array of objects
 * {"platform","id","handle","value"}, highest value first, the value with
 * %.17g so that it reads back as the same double.
 *
 *     bf_graph_print_top(stdout, st, "pagerank", rank, n, 10, 0, 0, NULL);
 */
#ifndef BF_GRAPH_TABLE_H
#define BF_GRAPH_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "graph/graph.h"
#include "store/store.h"

/*
 * bf_graph_print_top prints to out the k vertices of value (n entries)
 * with the highest values (ties to the lower dense id), reading only their
 * k accounts from st.  name heads the value column; is_int prints values
 * as integers; pct, when not NULL, adds the percentile line in text.
 * Errors of the store or BF_ENOMEM; nothing is printed past an error.
 */
bf_err bf_graph_print_top(FILE *out, bf_store *st, const char *name,
                          const double *value, uint32_t n, uint32_t k,
                          int is_int, int json, const bf_degree_pct *pct);

#endif
