/*
 * table.c - the top-k table of `bonafide graph`, text or JSON.
 *
 * The k ids come from bf_graph_top (a heap of k over the n values); each
 * row is formatted into one buffer and written, so only k accounts are
 * ever read from SQLite, whatever the size of the graph.
 */
#include "graph/table.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"

/* put_row appends the row of one account, JSON or text, to b. */
static bf_err put_row(bf_buf *b, const bf_account_row *row, double value,
                      int is_int, int json, uint32_t rank)
{
    const bf_account *a = &row->a;
    const char *platform = a->platform ? a->platform : "";
    const char *id = a->native_id ? a->native_id : "";
    bf_err err;

    if (!json) {
        bf_buf sid, shandle;
        const char *h = a->handle ? a->handle : "-";

        /* Ids and handles come from input: control bytes (ESC, BEL) are
         * shown escaped, never sent to the terminal. */
        bf_buf_init(&sid, 4096);
        bf_buf_init(&shandle, 4096);
        err = bf_diag_escape(&sid, id, strlen(id), 1024);
        if (!err)
            err = bf_diag_escape(&shandle, h, strlen(h), 1024);
        if (!err && is_int)
            err = bf_buf_appendf(b, "%6u  %-10s %-20s %-20s %12.0f\n",
                                 (unsigned)rank, platform, sid.data,
                                 shandle.data, value);
        else if (!err)
            err = bf_buf_appendf(b, "%6u  %-10s %-20s %-20s %12.6g\n",
                                 (unsigned)rank, platform, sid.data,
                                 shandle.data, value);
        bf_buf_release(&sid);
        bf_buf_release(&shandle);
        return err;
    }
    /* One object per line, a comma before every row but the first. */
    err = bf_buf_puts(b, rank > 1 ? ",\n {\"platform\":" : "\n {\"platform\":");
    if (!err)
        err = bf_buf_json_string(b, platform, strlen(platform));
    if (!err)
        err = bf_buf_puts(b, ",\"id\":");
    if (!err)
        err = bf_buf_json_string(b, id, strlen(id));
    if (!err)
        err = bf_buf_puts(b, ",\"handle\":");
    if (!err && a->handle)
        err = bf_buf_json_string(b, a->handle, strlen(a->handle));
    else if (!err)
        err = bf_buf_puts(b, "null");
    /* %.17g round-trips a double; integers print without a fraction. */
    if (!err)
        err = bf_buf_appendf(
                b, is_int ? ",\"value\":%.0f}" : ",\"value\":%.17g}", value);
    return err;
}

bf_err bf_graph_print_top(FILE *out, bf_store *st, const char *name,
                          const double *value, uint32_t n, uint32_t k,
                          int is_int, int json, const bf_degree_pct *pct)
{
    uint32_t *ids = NULL, i;
    bf_buf b;
    bf_err err;

    bf_buf_init(&b, 1 << 20);
    ids = malloc((k ? k : 1) * sizeof *ids);
    if (!ids)
        return BF_ENOMEM;
    err = bf_graph_top(value, n, k, ids);
    if (err)
        goto out;
    if (json)
        fputs("[", out);
    else
        fprintf(out, "%6s  %-10s %-20s %-20s %12s\n", "rank", "platform", "id",
                "handle", name);
    for (i = 0; i < k; i++) {
        bf_account_row row;

        err = bf_store_account(st, ids[i], &row);
        if (!err)
            err = put_row(&b, &row, value[ids[i]], is_int, json, i + 1);
        bf_account_row_release(&row);
        if (err)
            goto out;
        fputs(b.data, out);
        bf_buf_reset(&b);
    }
    if (json)
        fputs(k ? "\n]\n" : "]\n", out);
    else if (pct)
        fprintf(out,
                "followers over %u accounts: mean %.2f, median %u, p90 %u, "
                "p99 %u, max %u\n",
                (unsigned)pct->n, pct->mean, (unsigned)pct->p50,
                (unsigned)pct->p90, (unsigned)pct->p99, (unsigned)pct->max);
out:
    free(ids);
    bf_buf_release(&b);
    return err;
}
