/*
 * edit.c - the Levenshtein distance, one row at a time (Wagner and
 * Fischer 1974).
 */
#include "base/edit.h"

size_t bf_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                        size_t limit)
{
    size_t row[BF_EDIT_MAX + 1], i, j;

    if (nb > BF_EDIT_MAX || (na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
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
