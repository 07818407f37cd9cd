/*
 * brief.c - the rules' verdicts on many accounts, read in one pass
 * (brief.h).
 */
#include "score/brief.h"

#include <stdlib.h>
#include <string.h>

#include "score/rules.h"
#include "store/scan.h"

/* by_key: uint64_t, ascending. */
static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* judge: out from the brief row of one account. */
static void judge(const bf_account *a, int64_t unseen, bf_brief *out)
{
    bf_rules_out r;

    memset(out, 0, sizeof *out);
    out->found = 1;
    out->followers = a->followers;
    out->created_at = a->created_at;
    out->counted = (unsigned char)bf_account_counts_known(a);
    bf_rules_eval(a, a->observed_at > 0 ? a->observed_at : unseen, &r);
    out->cc_fake = r.cc_fake != 0;
    out->cc_weak = r.cc_weak != 0;
    out->sb_fake = out->sb_fake_undated = r.sb_fake != 0;
    /* Only the Socialbakers age criterion reads the time. */
    if (a->observed_at <= 0 && unseen) {
        bf_rules_eval(a, 0, &r);
        out->sb_fake_undated = r.sb_fake != 0;
    }
}

/* one: account id into out, or found 0 when the store has none. */
static bf_err one(bf_store_scan *sc, uint32_t id, int64_t unseen, bf_brief *out)
{
    bf_account_row *row;
    bf_err err = bf_store_scan_get(sc, id, &row);

    if (err == BF_ENOTFOUND) {
        memset(out, 0, sizeof *out);
        return BF_OK;
    }
    if (!err)
        judge(&row->a, unseen, out);
    return err;
}

bf_err bf_brief_judge(bf_store *st, const uint32_t *ids, size_t n,
                      int64_t unseen, bf_brief *out)
{
    static const bf_scan_filter brief = { .brief = 1 };
    bf_store_scan *sc = NULL;
    uint64_t *key = NULL;
    size_t i, sorted = 1;
    bf_err err;

    if (!n)
        return BF_OK;
    if (n > UINT32_MAX)
        return BF_EINVAL;
    for (i = 1; i < n && sorted; i++)
        sorted = ids[i - 1] <= ids[i];
    if (!sorted) {
        /* The id above, the index below: one sort gives both. */
        key = malloc(n * sizeof *key);
        if (!key)
            return BF_ENOMEM;
        for (i = 0; i < n; i++)
            key[i] = (uint64_t)ids[i] << 32 | i;
        qsort(key, n, sizeof *key, by_key);
    }
    err = bf_store_scan_open(st, &brief, &sc);
    for (i = 0; !err && i < n; i++) {
        size_t at = key ? (size_t)(key[i] & UINT32_MAX) : i;
        size_t prev = i && key ? (size_t)(key[i - 1] & UINT32_MAX) : i - 1;

        /* A repeat is read once. */
        if (i && ids[prev] == ids[at])
            out[at] = out[prev];
        else
            err = one(sc, ids[at], unseen, &out[at]);
    }
    bf_store_scan_close(sc);
    free(key);
    return err;
}
