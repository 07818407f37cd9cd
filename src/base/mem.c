/*
 * mem.c - huge-page advice for large arrays read at random (mem.h).
 */
#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int bf_thp_on_request(void)
{
    char line[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

    if (!f)
        return 0;
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    return strstr(line, "[madvise]") || strstr(line, "[always]");
}

int bf_malloc_huge_arm(void)
{
    static const char tune[] = "glibc.malloc.hugetlb=1";
    const char *old = getenv("GLIBC_TUNABLES");
    size_t olen = old ? strlen(old) : 0;
    char *both, *keep;
    int ok = 0;

    if (old && strstr(old, "glibc.malloc.hugetlb"))
        return 0;
    both = malloc(olen + 1 + sizeof tune);
    keep = malloc(olen + 2);
    if (both && keep) {
        /* The mark: "=" and the user's value, or "-" for none. */
        sprintf(both, "%s%s%s", old ? old : "", old ? ":" : "", tune);
        sprintf(keep, "%s%s", old ? "=" : "-", old ? old : "");
        ok = setenv(BF_MALLOC_MARK, keep, 1) == 0 &&
             setenv("GLIBC_TUNABLES", both, 1) == 0;
        if (!ok)
            (void)bf_malloc_huge_restore();
    }
    free(both);
    free(keep);
    return ok;
}

int bf_malloc_huge_restore(void)
{
    const char *mark = getenv(BF_MALLOC_MARK);

    if (!mark)
        return 0;
    if (mark[0] == '=')
        setenv("GLIBC_TUNABLES", mark + 1, 1);
    else
        unsetenv("GLIBC_TUNABLES");
    unsetenv(BF_MALLOC_MARK);
    return 1;
}
