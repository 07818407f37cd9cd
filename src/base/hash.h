/*
 * hash.h - a string's 64-bit FNV-1a hash, and a 64-bit integer mixer.
 *
 * For telling strings apart where a collision costs nothing worse than a
 * merged pair of equal-looking records: a reader recognising a row it
 * already saw (ingest/linkedin.c), an export's caption repeated from the
 * upload before (ingest/facebook.c), a seed varied by its subject
 * (fetch/fetch.c).  Not for anything an adversary chooses against.
 * Fowler, Noll and Vo's FNV-1a, 64-bit offset basis and prime.
 *
 *     if (bf_fnv1a(caption) == last) ...
 */
#ifndef BF_BASE_HASH_H
#define BF_BASE_HASH_H

#include <stdint.h>

/* bf_fnv1a is the FNV-1a hash of the NUL-terminated s; NULL hashes as "". */
uint64_t bf_fnv1a(const char *s);

/*
 * bf_mix64 is splitmix64's finalizer (Steele, Lea and Flood, OOPSLA 2014):
 * a bijection of 64-bit integers whose outputs for consecutive inputs
 * look independent: the simulated world's random draws (sim/sim.c), the
 * fetch sampler's stream (fetch/fetch_util.c), and, sorting 0..n-1 by
 * bf_mix64(i ^ seed), a fixed pseudo-random order of them
 * (report/peers.c).
 */
uint64_t bf_mix64(uint64_t x);

#endif
