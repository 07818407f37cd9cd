/*
 * pending.c - the keys of a batch awaiting their rowids.
 *
 * Keys live in an array in the order they were first met (that order
 * decides the rowids new accounts get, as it does when each account is
 * inserted on sight), with their native ids copied into an arena, and are
 * found again through a small open-addressing table of key indices.  The
 * table holds only what is pending since the last resolution, a few
 * hundred thousand keys at most, so it stays in the CPU caches where the
 * store's id cache, holding millions, does not.
 *
 * Sorting is for locality, not correctness: SQLite answers each lookup in
 * any order, but in index order consecutive keys fall on the same or the
 * next leaf page of the accounts index, so a pass reads each page once
 * for all of its keys instead of once each, and the interior pages stay
 * hot.  The comparison loads the first 16 bytes of each id as two
 * big-endian words, which orders them as memcmp would and settles nearly
 * every comparison (simulated and X ids are at most 20 digits) without
 * touching the arena.
 */
#include "store/pending.h"

#include <stdlib.h>
#include <string.h>

/* The arena's limit: BF__PEND_MAX ids of 64 bytes on average. */
#define ARENA_LIMIT ((size_t)BF__PEND_MAX * 64)

void bf__pend_init(bf__pend *p)
{
    memset(p, 0, sizeof *p);
    bf_buf_init(&p->arena, ARENA_LIMIT);
}

void bf__pend_release(bf__pend *p)
{
    free(p->keys);
    free(p->slots);
    free(p->order);
    free(p->refs);
    bf_buf_release(&p->arena);
    bf__pend_init(p);
}

void bf__pend_reset(bf__pend *p)
{
    if (p->n && p->slots)
        memset(p->slots, 0, p->nslots * sizeof *p->slots);
    p->n = 0;
    p->nrefs = 0;
    bf_buf_reset(&p->arena);
}

/* grow_slots doubles the table (at least 4096 slots) and reinserts. */
static bf_err grow_slots(bf__pend *p)
{
    size_t cap = p->nslots ? p->nslots * 2 : 4096, i, j;
    uint32_t *s = calloc(cap, sizeof *s);

    if (!s)
        return BF_ENOMEM;
    for (i = 0; i < p->n; i++) {
        for (j = p->keys[i].h & (cap - 1); s[j]; j = (j + 1) & (cap - 1))
            ;
        s[j] = (uint32_t)i + 1;
    }
    free(p->slots);
    p->slots = s;
    p->nslots = cap;
    return BF_OK;
}

bf_err bf__pend_add(bf__pend *p, uint32_t plat, const char *s, size_t n,
                    uint64_t h, uint32_t *out_k)
{
    bf__pend_key *k;
    size_t i;
    bf_err err;

    if (p->nslots) {
        for (i = h & (p->nslots - 1); p->slots[i];
             i = (i + 1) & (p->nslots - 1)) {
            k = &p->keys[p->slots[i] - 1];
            if (k->h == h && k->plat == plat && k->len == n &&
                memcmp(p->arena.data + k->off, s, n) == 0) {
                *out_k = p->slots[i] - 1;
                return BF_OK;
            }
        }
    }
    if (p->n >= BF__PEND_MAX || n >= UINT32_MAX ||
        p->arena.len + n + 1 > p->arena.limit)
        return BF_ELIMIT;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4096;
        bf__pend_key *keys = realloc(p->keys, cap * sizeof *keys);

        if (!keys)
            return BF_ENOMEM;
        p->keys = keys;
        p->cap = cap;
    }
    /* At most half full, so that probes stay short. */
    if ((p->n + 1) * 2 > p->nslots && (err = grow_slots(p)) != BF_OK)
        return err;
    k = &p->keys[p->n];
    k->h = h;
    k->plat = plat;
    k->off = (uint32_t)p->arena.len;
    k->len = (uint32_t)n;
    k->rowid = 0;
    err = bf_buf_append(&p->arena, s, n);
    if (!err)
        err = bf_buf_putc(&p->arena, '\0');
    if (err)
        return err;
    for (i = h & (p->nslots - 1); p->slots[i]; i = (i + 1) & (p->nslots - 1))
        ;
    p->slots[i] = (uint32_t)p->n + 1;
    *out_k = (uint32_t)p->n++;
    return BF_OK;
}

const char *bf__pend_native(const bf__pend *p, uint32_t k)
{
    return p->arena.data + p->keys[k].off;
}

bf_err bf__pend_ref(bf__pend *p, uint32_t r, int side)
{
    if (p->nrefs == p->refcap) {
        size_t cap = p->refcap ? p->refcap * 2 : 8192;
        uint32_t *refs = realloc(p->refs, cap * sizeof *refs);

        if (!refs)
            return BF_ENOMEM;
        p->refs = refs;
        p->refcap = cap;
    }
    p->refs[p->nrefs++] = r << 1 | (uint32_t)(side != 0);
    return BF_OK;
}

/* What the sort compares: the platform, then the id's bytes. */
typedef struct item {
    uint64_t w0, w1; /* bytes 0-7 and 8-15, big-endian, zero padded */
    const char *s;
    uint32_t plat;
    uint32_t len;
    uint32_t k;
} item;

/* be_word reads up to 8 bytes of s as a big-endian word, zero padded. */
static uint64_t be_word(const char *s, size_t n)
{
    uint64_t w = 0;
    size_t i;

    for (i = 0; i < 8; i++)
        w = w << 8 | (i < n ? (unsigned char)s[i] : 0u);
    return w;
}

static int cmp_item(const void *va, const void *vb)
{
    const item *a = va, *b = vb;
    size_t n;
    int c;

    if (a->plat != b->plat)
        return a->plat < b->plat ? -1 : 1;
    if (a->w0 != b->w0)
        return a->w0 < b->w0 ? -1 : 1;
    if (a->w1 != b->w1)
        return a->w1 < b->w1 ? -1 : 1;
    /* The first 16 bytes agree (ids hold no NUL, so the padding does not
     * blur a shorter id with a longer one): the rest decides, then the
     * length, as SQLite's BINARY collation does. */
    n = a->len < b->len ? a->len : b->len;
    if (n > 16) {
        c = memcmp(a->s + 16, b->s + 16, n - 16);
        if (c)
            return c;
    }
    return a->len < b->len ? -1 : a->len > b->len;
}

bf_err bf__pend_sort(bf__pend *p)
{
    item *it;
    uint32_t *order;
    size_t i;

    if (!p->n)
        return BF_OK;
    it = malloc(p->n * sizeof *it);
    order = realloc(p->order, p->n * sizeof *order);
    if (!it || !order) {
        free(it);
        if (order)
            p->order = order;
        return BF_ENOMEM;
    }
    p->order = order;
    for (i = 0; i < p->n; i++) {
        const bf__pend_key *k = &p->keys[i];
        const char *s = p->arena.data + k->off;

        it[i].w0 = be_word(s, k->len);
        it[i].w1 = be_word(s + 8 * (k->len > 8), k->len > 8 ? k->len - 8 : 0);
        it[i].s = s;
        it[i].plat = k->plat;
        it[i].len = k->len;
        it[i].k = (uint32_t)i;
    }
    qsort(it, p->n, sizeof *it, cmp_item);
    for (i = 0; i < p->n; i++)
        order[i] = it[i].k;
    free(it);
    return BF_OK;
}
