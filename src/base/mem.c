/*
 * mem.c - huge-page advice for large arrays read at random (mem.h).
 */
#include "base/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((size_t)2 << 20)

void bf_want_huge_pages(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + len) & ~(uintptr_t)(HUGE_PAGE - 1);

    if (e > a)
        (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

void *bf_alloc_huge(size_t len)
{
    size_t whole;
    void *p;

    if (len < HUGE_PAGE)
        return malloc(len);
    if (len > SIZE_MAX - HUGE_PAGE)
        return NULL;
    /* aligned_alloc wants a multiple of the alignment. */
    whole = (len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    p = aligned_alloc(HUGE_PAGE, whole);
    if (p)
        bf_want_huge_pages(p, whole);
    return p;
}

size_t bf_memory_share(unsigned div, size_t lo, size_t hi)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t b;

    if (pages <= 0 || page <= 0 || div == 0)
        return lo;
    b = (uint64_t)pages / div * (uint64_t)page;
    if (b < lo)
        return lo;
    return b > hi ? hi : (size_t)b;
}
