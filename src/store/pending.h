/*
 * pending.h - account keys met in a batch and not yet given a rowid.
 *
 * The bulk path for new accounts (store.c) does not look each account
 * that the id cache does not know up in SQLite as the follow naming it
 * arrives: it files the key here and writes the follow with a
 * placeholder, and when enough keys are pending (or the batch must be
 * written) it resolves them all at once, in index order.  This module is
 * the bookkeeping of that, with no SQL in it: a set of distinct keys
 * (platform, native id) numbered in the order they were first met, the
 * placeholders to patch in the batch's follow buffer, and the order in
 * which to visit the keys so that the accounts index is read and written
 * front to back.
 *
 * Invariants: keys are distinct; key k is the k-th distinct key met since
 * the last reset; every reference names a key that exists.  Capped: at
 * most BF__PEND_MAX keys, and the caller resolves before that.
 *
 * Ownership: the set owns copies of the native ids; pointers returned into
 * it are valid until the next add or reset.
 *
 *     bf__pend p;
 *     bf__pend_init(&p);
 *     bf__pend_add(&p, plat, "42", 2, hash, &k);   ... k = 0 ...
 *     bf__pend_sort(&p);                            ... p.order ...
 *     bf__pend_release(&p);
 */
#ifndef BF_STORE_PENDING_H
#define BF_STORE_PENDING_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The most keys a set holds; far above what store.c lets pend. */
#define BF__PEND_MAX (1u << 24)

/* One pending key. */
typedef struct bf__pend_key {
    uint64_t h;     /* the caller's hash of (plat, native id) */
    uint32_t plat;  /* platform id */
    uint32_t off;   /* native id in the arena */
    uint32_t len;   /* its length */
    uint32_t rowid; /* the account's rowid once resolved, else 0 */
} bf__pend_key;

typedef struct bf__pend {
    bf__pend_key *keys; /* n keys, in the order first met */
    size_t n, cap;
    uint32_t *slots; /* open addressing: key index + 1, 0 empty */
    size_t nslots;   /* a power of two, or 0 */
    bf_buf arena;    /* native ids, each NUL-terminated */
    uint32_t *order; /* after bf__pend_sort: key indices in index order */
    uint32_t *refs;  /* placeholders to patch: record << 1 | side */
    size_t nrefs, refcap;
} bf__pend;

/* bf__pend_init makes p empty; nothing to release yet. */
void bf__pend_init(bf__pend *p);

/* bf__pend_release frees everything p holds (p may be empty). */
void bf__pend_release(bf__pend *p);

/* bf__pend_reset empties p, keeping its memory. */
void bf__pend_reset(bf__pend *p);

/*
 * bf__pend_add finds the key (plat, s[0..n)) whose hash is h, adding it
 * when new; *out_k gets its index.  BF_ELIMIT beyond BF__PEND_MAX keys or
 * the arena's limit, BF_ENOMEM.  Amortised O(1).
 */
bf_err bf__pend_add(bf__pend *p, uint32_t plat, const char *s, size_t n,
                    uint64_t h, uint32_t *out_k);

/* bf__pend_native is key k's native id, NUL-terminated. */
const char *bf__pend_native(const bf__pend *p, uint32_t k);

/* bf__pend_ref records a placeholder to patch: record r's side (0: the
 * follower, 1: the followee) holds key k's index.  BF_ENOMEM. */
bf_err bf__pend_ref(bf__pend *p, uint32_t r, int side);

/*
 * bf__pend_sort fills p->order with the key indices ordered as SQLite's
 * UNIQUE(platform, native_id) index orders them: platform, then the
 * native id's bytes (memcmp, a prefix first).  O(n log n), with the first
 * 16 bytes compared as two integers.  BF_ENOMEM.
 */
bf_err bf__pend_sort(bf__pend *p);

#endif
