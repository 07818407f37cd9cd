/*
 * edit.h - the edit distance between two short strings.
 *
 * Used where bonafide compares handles: how far an account's name is from
 * its handle (score/features.c) and which stored handles are close to one
 * that was not found (bf_store_suggest).  Written here rather than taken
 * from a library: SQLite has none built in, its spellfix1 extension is in
 * no Debian package, and the whole of it is two short loops (edit.c).
 */
#ifndef BF_BASE_EDIT_H
#define BF_BASE_EDIT_H

#include <stddef.h>

/* The longest second string bf_edit_distance takes. */
#define BF_EDIT_MAX 256

/*
 * bf_edit_distance is the Levenshtein distance between a (na bytes) and b
 * (nb bytes, at most BF_EDIT_MAX): the fewest insertions, deletions and
 * substitutions of single bytes that turn one into the other, bytes
 * compared as they are.  When it is above limit it returns limit + 1, as
 * soon as that is certain (SIZE_MAX - 1 for no limit).  O(na + nb) time
 * when either string has at most 64 bytes (one bit per byte of it), else
 * O(na nb) with one row of nb + 1 counts on the stack.
 */
size_t bf_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                        size_t limit);

#endif /* BF_BASE_EDIT_H */
