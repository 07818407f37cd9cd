/*
 * mem.h - large arrays read at random.
 *
 * A table or vector of tens of megabytes read at random indices misses the
 * TLB on nearly every read with 4 KiB pages: the id cache of the store is
 * probed by hash, and PageRank gathers one contribution per in-edge from
 * an array of n entries.  With 2 MiB transparent huge pages the same array
 * takes 512 times fewer TLB entries.  Both functions only give the kernel
 * advice: one without THP, or with it off, ignores it and the memory
 * behaves as any other.
 *
 * bf_memory_share sizes the memory budgets that grow with the machine.
 */
#ifndef BF_BASE_MEM_H
#define BF_BASE_MEM_H

#include <stddef.h>

/*
 * bf_want_huge_pages asks for huge pages over the 2 MiB-aligned interior
 * of the len bytes at p, which should not have been touched yet.
 */
void bf_want_huge_pages(void *p, size_t len);

/*
 * bf_alloc_huge is malloc(len) for arrays read at random: from 2 MiB on,
 * the block is 2 MiB-aligned and advised to use huge pages throughout.
 * Release it with free().  NULL when out of memory.
 */
void *bf_alloc_huge(size_t len);

/*
 * glibc's malloc asks for huge pages for its heap and its large blocks
 * only when the GLIBC_TUNABLES variable it reads as a program starts says
 * glibc.malloc.hugetlb=1 (glibc 2.35 and later).  A program that wants
 * it runs itself again with the variable set (src/cli/main.c), and the
 * new image puts the user's value back for what it starts in turn:
 *
 *     if (!bf_malloc_huge_restore() && bf_thp_on_request() &&
 *         bf_malloc_huge_arm()) {
 *         execv("/proc/self/exe", argv);
 *         bf_malloc_huge_restore(); -- the exec failed
 *     }
 *
 * bf_thp_on_request: the kernel lends transparent huge pages to memory
 * that asks for them (its setting is "madvise" or "always").
 *
 * bf_malloc_huge_arm adds glibc.malloc.hugetlb=1 to GLIBC_TUNABLES and
 * notes the user's value in BF_MALLOC_MARK; 1 when it did, 0 when the
 * user already set that tunable (either way: theirs stands) or memory
 * ran out, the environment then unchanged.
 *
 * bf_malloc_huge_restore, when BF_MALLOC_MARK is set, puts GLIBC_TUNABLES
 * back as the mark noted it, removes the mark and returns 1; otherwise 0,
 * and nothing changes.
 */
#define BF_MALLOC_MARK "BONAFIDE_MALLOC_TUNED"
int bf_thp_on_request(void);
int bf_malloc_huge_arm(void);
int bf_malloc_huge_restore(void);

/*
 * bf_memory_share is the machine's physical memory divided by div, held
 * within lo and hi (lo when the size cannot be read): the default of a
 * budget that a bigger machine should spend more on.
 */
size_t bf_memory_share(unsigned div, size_t lo, size_t hi);

#endif
