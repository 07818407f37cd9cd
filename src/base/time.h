/*
 * time.h - reading the dates platforms write.
 *
 * Every time inside bonafide is a signed count of seconds since 1970-01-01
 * UTC (int64_t), with 0 meaning "unknown": no platform existed in 1970.
 */
#ifndef BF_BASE_TIME_H
#define BF_BASE_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/*
 * bf_time_parse reads s (n bytes) in any of the forms found in platform
 * data: Twitter v1.1 "Fri Apr 06 10:58:22 +0000 2007", ISO 8601
 * "2007-04-06T10:58:22.000Z" or "2007-04-06 10:58:22" (with an optional
 * numeric zone), a bare date "2007-04-06", or decimal epoch seconds.
 * Returns BF_EPARSE when s is none of these.
 */
bf_err bf_time_parse(const char *s, size_t n, int64_t *out_t);

/*
 * The earliest date a platform record can carry: 2003-01-01, before the
 * oldest platform bonafide reads was opened.  Anything earlier is a
 * placeholder or an error.
 */
#define BF_TIME_EARLIEST ((int64_t)1041379200)

/* How far past the observation time a date may fall: clocks and time
 * zones disagree by hours, not days. */
#define BF_TIME_MARGIN ((int64_t)2 * 86400)

/*
 * bf_time_plausible is 1 when t can be the date of a record observed at
 * seen (0: bf_time_now()): from BF_TIME_EARLIEST to seen + BF_TIME_MARGIN;
 * else 0.  A creation date in year 9999 is not, and neither is one of
 * 1970 (a zero written as a date).
 */
int bf_time_plausible(int64_t t, int64_t seen);

/*
 * bf_time_civil gives the UTC calendar date of t: year, month (1-12) and
 * day of the month (1-31).
 */
void bf_time_civil(int64_t t, int64_t *out_y, unsigned *out_m, unsigned *out_d);

/*
 * bf_time_month is the month of t (UTC) as one number, 12 x year + month
 * - 1, so that months subtract: charts count their bins with it.
 */
int bf_time_month(int64_t t);

/* bf_time_iso writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void bf_time_iso(int64_t t, char out[21]);

/* bf_time_now is the current time, or $BONAFIDE_NOW when it is set. */
int64_t bf_time_now(void);

/*
 * bf_time_mono is a monotonic clock in seconds, for rates and progress
 * lines: it never jumps with the wall clock and ignores BONAFIDE_NOW.
 */
double bf_time_mono(void);

#endif
