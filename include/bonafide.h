/*
 * bonafide.h - the public interface of libbonafide.
 *
 * bonafide answers one question: is this social media account the real
 * thing?  It reads platform data into a store (a directory holding a SQLite
 * database and binary follow-graph files), measures an account's audience,
 * engagement and influence, and renders a verdict with its evidence.
 *
 * This header is the whole public surface.  Everything else under src/ is
 * internal and may change between versions.
 *
 * Conventions:
 *   - Every fallible call returns a bf_err; BF_OK is zero.  Results come back
 *     through out_ pointers, which are left untouched on failure.
 *   - Opaque objects are made by _open/_new and ended by _close/_free;
 *     passing NULL to those is a no-op.
 *   - Strings passed in are borrowed; strings handed out are owned by the
 *     object they came from unless the prototype says otherwise.
 *
 * Example:
 *
 *     bf_store *st;
 *     if (bf_store_open("bonafide-data", &st) == BF_OK) {
 *         bf_audit_print(st, "twitter:braddd", stdout, NULL);
 *         bf_store_close(st);
 *     }
 */
#ifndef BONAFIDE_H
#define BONAFIDE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BF_VERSION "0.1.0"

/*
 * One error type for the whole library.  The values are stable; new ones
 * are only ever appended.
 */
typedef enum bf_err {
    BF_OK = 0,
    BF_ENOMEM,    /* an allocation failed */
    BF_EIO,       /* reading or writing a file failed */
    BF_EPARSE,    /* input is not in the expected format */
    BF_ECORRUPT,  /* a file of ours failed validation */
    BF_EINVAL,    /* a bad argument */
    BF_ENOTFOUND, /* no such account, file or record */
    BF_ELIMIT,    /* an input-sized limit was reached */
    BF_ESQL,      /* SQLite reported an error */
    BF_ENET,      /* a network transfer failed */
    BF_ENOSPC,    /* the disk (or the quota) is full */
    BF_EACCES,    /* no permission, or a read-only file system */
    BF_ENOTDIR,   /* a path that must be a directory is something else */
    BF_ENOLIB     /* a shared library a command needs is not installed */
} bf_err;

/* bf_strerror returns a static English description of err. */
const char *bf_strerror(bf_err err);

/* The store: a directory with bonafide.sqlite and graph files. */
typedef struct bf_store bf_store;

/*
 * bf_store_open opens the store in dir, creating the directory and the
 * database when missing and migrating an older schema forward.
 */
bf_err bf_store_open(const char *dir, bf_store **out_store);

/*
 * bf_store_open_existing is bf_store_open for a store that must already
 * be there: BF_ENOTFOUND, and nothing created, when dir holds no
 * bonafide.sqlite.  For callers that only read, so that a mistyped
 * directory is an error rather than a new, empty store.
 */
bf_err bf_store_open_existing(const char *dir, bf_store **out_store);

/* bf_store_close closes the store; NULL is a no-op. */
void bf_store_close(bf_store *store);

#endif /* BONAFIDE_H */
