/*
 * edit.c - the Levenshtein distance: bit-parallel when one string fits a
 * machine word (Myers 1999, in the form of Hyyrö 2003 for the distance
 * between two whole strings), else one row at a time (Wagner and Fischer
 * 1974).  Both give the same number; test_base compares them on random
 * strings.  Scoring a store computes one per account (the name against
 * the handle), where the row-at-a-time loop was 3% of the pass.
 */
#include "base/edit.h"

#include <stdint.h>
#include <string.h>

/*
 * bitpar: the distance between p (np bytes, 1 to 64) and t (nt bytes).
 * Bit i of the vertical deltas stands for row i + 1 of the dynamic
 * programme over p; one step per byte of t updates all 64 rows at once.
 */
static size_t bitpar(const unsigned char *p, size_t np, const unsigned char *t,
                     size_t nt)
{
    uint64_t peq[256], vp = ~(uint64_t)0, vn = 0;
    const uint64_t last = (uint64_t)1 << (np - 1);
    size_t d = np, i;

    memset(peq, 0, sizeof peq);
    for (i = 0; i < np; i++)
        peq[p[i]] |= (uint64_t)1 << i;
    for (i = 0; i < nt; i++) {
        uint64_t x = peq[t[i]];
        uint64_t d0 = (((x & vp) + vp) ^ vp) | x | vn;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;

        d += (hp & last) != 0;
        d -= (hn & last) != 0;
        /* Row 0 grows by one per byte of t: a carry of +1 comes in. */
        hp = hp << 1 | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
    }
    return d;
}

size_t bf_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                        size_t limit)
{
    size_t row[BF_EDIT_MAX + 1], i, j;

    if (nb > BF_EDIT_MAX || (na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    if (na == 0 || nb == 0)
        return na + nb > limit ? limit + 1 : na + nb;
    if (na <= 64 || nb <= 64) {
        size_t d = na <= nb ? bitpar((const unsigned char *)a, na,
                                     (const unsigned char *)b, nb)
                            : bitpar((const unsigned char *)b, nb,
                                     (const unsigned char *)a, na);

        return d > limit ? limit + 1 : d;
    }
    for (j = 0; j <= nb; j++)
        row[j] = j;
    for (i = 1; i <= na; i++) {
        size_t diag = row[0], least;

        row[0] = i;
        least = i;
        for (j = 1; j <= nb; j++) {
            size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);

            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < least)
                least = v;
        }
        /* Every later row is at least this row's least. */
        if (least > limit)
            return limit + 1;
    }
    return row[nb] > limit ? limit + 1 : row[nb];
}
