/*
 * msort.h - a stable merge sort with the comparison inlined.
 *
 * qsort calls its comparison through a pointer and moves elements byte
 * by byte through a generic copy; for arrays of small structs sorted in
 * a hot path (a post segment's rows and keys, sorted at every write)
 * that call is most of the sort.  BF_MSORT_DEFINE(name, type, less)
 * defines
 *
 *     static void name(type *a, type *tmp, size_t n);
 *
 * which sorts a[0..n) so that less(&x, &y) holds of no later x before an
 * earlier y, keeping the input order of equal elements (stable, as
 * glibc's qsort is when it can allocate, which is what the callers'
 * files were written with).  tmp holds n elements; less is a function or
 * macro taking two const type pointers.  Runs of 16 are sorted by
 * insertion, then merged bottom-up, going back and forth between a and
 * tmp; the result is copied back when it ends in tmp.
 */
#ifndef BF_BASE_MSORT_H
#define BF_BASE_MSORT_H

#include <stddef.h>
#include <string.h>

#define BF_MSORT_RUN 16

#define BF_MSORT_DEFINE(name, type, less)                                    \
    static void name(type *a, type *tmp, size_t n)                           \
    {                                                                        \
        type *src = a, *dst = tmp, *sw;                                      \
        size_t i, j, w, lo;                                                  \
                                                                             \
        for (lo = 0; lo < n; lo += BF_MSORT_RUN) {                           \
            size_t hi = n - lo < BF_MSORT_RUN ? n : lo + BF_MSORT_RUN;       \
                                                                             \
            for (i = lo + 1; i < hi; i++) {                                  \
                type x = a[i];                                               \
                                                                             \
                for (j = i; j > lo && less(&x, &a[j - 1]); j--)              \
                    a[j] = a[j - 1];                                         \
                a[j] = x;                                                    \
            }                                                                \
        }                                                                    \
        for (w = BF_MSORT_RUN; w < n; w *= 2) {                              \
            for (lo = 0; lo < n; lo += 2 * w) {                              \
                size_t mid = n - lo < w ? n : lo + w;                        \
                size_t hi = n - mid < w ? n : mid + w;                       \
                size_t k = lo;                                               \
                                                                             \
                i = lo;                                                      \
                j = mid;                                                     \
                /* The right one only when strictly less: stable. */         \
                while (i < mid && j < hi)                                    \
                    dst[k++] = less(&src[j], &src[i]) ? src[j++] : src[i++]; \
                while (i < mid)                                              \
                    dst[k++] = src[i++];                                     \
                while (j < hi)                                               \
                    dst[k++] = src[j++];                                     \
            }                                                                \
            sw = src;                                                        \
            src = dst;                                                       \
            dst = sw;                                                        \
        }                                                                    \
        if (src != a)                                                        \
            memcpy(a, src, n * sizeof *a);                                   \
    }

#endif
