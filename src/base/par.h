/*
 * par.h - a few threads for one bulk step.
 *
 * The graph file's build sorts, lays out and checksums arrays of hundreds
 * of megabytes in steps that split into independent parts: a slice of
 * the keys, a run of buckets, a stretch of lists.  bf_par_run runs such a
 * step's parts on as many threads as the process may use and returns
 * when all are done.  Each part writes only its own part of the output,
 * so the bytes that come out are the same on one thread or on several;
 * the unit tests compare them.  A thread that cannot be started leaves
 * its part to the caller, which then runs it after its own: fewer
 * threads, never a wrong result.
 */
#ifndef BF_BASE_PAR_H
#define BF_BASE_PAR_H

#include <stddef.h>
#include <stdint.h>

/* The most threads one step runs on. */
#define BF_PAR_MAX 8

/*
 * bf_par_threads is how many threads a bulk step should run on: the
 * processors this process may run on (its affinity mask, so a run under
 * `taskset -c 0` gets 1), at most BF_PAR_MAX.  $BONAFIDE_THREADS, a
 * number from 1 to BF_PAR_MAX, overrides it.  At least 1.
 */
unsigned bf_par_threads(void);

/*
 * bf_par_parts is how many parts a step of `work` items should take on
 * nt threads: 1 below min_work items (a thread would cost more than it
 * saves), else nt held within 1 and BF_PAR_MAX.
 */
unsigned bf_par_parts(unsigned nt, size_t work, size_t min_work);

/* A part of a step: part t of nt, reading and writing through ctx. */
typedef void (*bf_par_fn)(void *ctx, unsigned t, unsigned nt);

/*
 * bf_par_run calls fn(ctx, t, nt) for every t below nt (capped at
 * BF_PAR_MAX, at least 1), part 0 on the calling thread, the others on
 * threads of their own, and returns when every part has returned.
 */
void bf_par_run(unsigned nt, bf_par_fn fn, void *ctx);

/*
 * bf_par_split is the first index of part t of nt when len items are cut
 * into nt slices of about the same length: 0 for t = 0, len for t = nt.
 */
size_t bf_par_split(size_t len, unsigned t, unsigned nt);

/*
 * bf_par_crc32 is zlib's crc32 of the n bytes at p, the same value,
 * computed in nt slices (joined by crc32_combine64) when n is large
 * enough for threads to pay.
 */
uint32_t bf_par_crc32(const void *p, size_t n, unsigned nt);

#endif
