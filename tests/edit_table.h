/*
 * edit_table.h - the Levenshtein distance by its full table (Wagner and
 * Fischer 1974), the definition bf_edit_distance is checked against by
 * tests/unit/test_base.c and fuzz/fuzz_timeline.c.  Strings of at most
 * EDIT_TABLE_MAX bytes.
 */
#ifndef BF_TESTS_EDIT_TABLE_H
#define BF_TESTS_EDIT_TABLE_H

#include <stddef.h>

#define EDIT_TABLE_MAX 150

static size_t edit_table(const char *a, size_t na, const char *b, size_t nb)
{
    static size_t d[EDIT_TABLE_MAX + 1][EDIT_TABLE_MAX + 1];
    size_t i, j;

    for (i = 0; i <= na; i++)
        d[i][0] = i;
    for (j = 0; j <= nb; j++)
        d[0][j] = j;
    for (i = 1; i <= na; i++)
        for (j = 1; j <= nb; j++) {
            size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            d[i][j] = v;
        }
    return d[na][nb];
}

#endif
