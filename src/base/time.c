/*
 * time.c - date parsing without the C library's locale.
 *
 * strptime depends on the locale for month and day names and is not in C11,
 * so the two layouts that matter are read by hand.  Calendar arithmetic uses
 * the days-from-civil algorithm (Howard Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms"), which is exact for the proleptic Gregorian calendar and
 * needs neither timegm nor the TZ environment.
 *
 * bf_time_now honours $BONAFIDE_NOW so tests and the simulated world can fix
 * "today" and get the same report every run.
 */
#include "base/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* num reads exactly w digits at s; -1 when they are not all digits. */
static int num(const char *s, int w)
{
    int v = 0, i;

    for (i = 0; i < w; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int month_of(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;

    for (i = 0; i < 12; i++)
        if (memcmp(s, names + 3 * i, 3) == 0)
            return i + 1;
    return -1;
}

static int valid(int y, int mo, int d, int h, int mi, int se)
{
    return y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 &&
           h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 60;
}

static int64_t compose(int y, int mo, int d, int h, int mi, int se)
{
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
           mi * 60 + se;
}

/* zone reads "+hhmm", "+hh:mm" or "Z" and returns its offset in seconds. */
static int zone(const char *s, size_t n, int *out)
{
    int h, m, sign;

    if (n == 0 || (n == 1 && (*s == 'Z' || *s == 'z'))) {
        *out = 0;
        return 0;
    }
    if (*s != '+' && *s != '-')
        return -1;
    sign = *s == '-' ? -1 : 1;
    if (n == 5) {
        h = num(s + 1, 2);
        m = num(s + 3, 2);
    } else if (n == 6 && s[3] == ':') {
        h = num(s + 1, 2);
        m = num(s + 4, 2);
    } else {
        return -1;
    }
    if (h < 0 || m < 0)
        return -1;
    *out = sign * (h * 3600 + m * 60);
    return 0;
}

/* "Fri Apr 06 10:58:22 +0000 2007" */
static bf_err parse_twitter(const char *s, size_t n, int64_t *out_t)
{
    int mo, d, h, mi, se, y, off;

    if (n != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[13] != ':' ||
        s[16] != ':' || s[19] != ' ' || s[25] != ' ')
        return BF_EPARSE;
    mo = month_of(s + 4);
    d = num(s + 8, 2);
    h = num(s + 11, 2);
    mi = num(s + 14, 2);
    se = num(s + 17, 2);
    y = num(s + 26, 4);
    if (!valid(y, mo, d, h, mi, se) || zone(s + 20, 5, &off))
        return BF_EPARSE;
    *out_t = compose(y, mo, d, h, mi, se) - off;
    return BF_OK;
}

/* "2007-04-06", "2007-04-06T10:58:22.000Z", "2007-04-06 10:58:22+02:00" */
static bf_err parse_iso(const char *s, size_t n, int64_t *out_t)
{
    int y, mo, d, h = 0, mi = 0, se = 0, off = 0;
    size_t i = 19;

    if (n < 10 || s[4] != '-' || s[7] != '-')
        return BF_EPARSE;
    y = num(s, 4);
    mo = num(s + 5, 2);
    d = num(s + 8, 2);
    if (n > 10) {
        if (n < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
            s[16] != ':')
            return BF_EPARSE;
        h = num(s + 11, 2);
        mi = num(s + 14, 2);
        se = num(s + 17, 2);
        if (i < n && s[i] == '.')
            for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
                ;
        if (zone(s + i, n - i, &off))
            return BF_EPARSE;
    }
    if (!valid(y, mo, d, h, mi, se))
        return BF_EPARSE;
    *out_t = compose(y, mo, d, h, mi, se) - off;
    return BF_OK;
}

static bf_err parse_epoch(const char *s, size_t n, int64_t *out_t)
{
    int64_t v = 0;
    size_t i;

    if (n == 0 || n > 12)
        return BF_EPARSE;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return BF_EPARSE;
        v = v * 10 + (s[i] - '0');
    }
    *out_t = v;
    return BF_OK;
}

bf_err bf_time_parse(const char *s, size_t n, int64_t *out_t)
{
    if (n >= 4 && s[0] >= 'A' && s[0] <= 'Z')
        return parse_twitter(s, n, out_t);
    if (n >= 10 && s[4] == '-')
        return parse_iso(s, n, out_t);
    return parse_epoch(s, n, out_t);
}

int bf_time_plausible(int64_t t, int64_t seen)
{
    if (seen <= 0)
        seen = bf_time_now();
    return t >= BF_TIME_EARLIEST && t <= seen + BF_TIME_MARGIN;
}

void bf_time_civil(int64_t t, int64_t *out_y, unsigned *out_m, unsigned *out_d)
{
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468, era;
    unsigned doe, yoe, doy, mp, m;

    /* civil_from_days, the inverse of days_from_civil above. */
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    m = mp < 10 ? mp + 3 : mp - 9;
    *out_y = (int64_t)yoe + era * 400 + (m <= 2);
    *out_m = m;
    *out_d = doy - (153 * mp + 2) / 5 + 1;
}

int bf_time_month(int64_t t)
{
    int64_t y;
    unsigned m, d;

    bf_time_civil(t, &y, &m, &d);
    return (int)(12 * y + m - 1);
}

void bf_time_iso(int64_t t, char out[21])
{
    int64_t z = (t >= 0 ? t : t - 86399) / 86400, secs = t - z * 86400, y;
    unsigned m, d;
    char tmp[64];

    bf_time_civil(t, &y, &m, &d);
    /* Formatted into a roomy buffer: the compiler cannot prove the field
     * ranges, and a year past 9999 must truncate, not overflow. */
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    memcpy(out, tmp, 20);
    out[20] = '\0';
}

int64_t bf_time_now(void)
{
    const char *env = getenv("BONAFIDE_NOW");
    int64_t t;

    if (env && *env && bf_time_parse(env, strlen(env), &t) == BF_OK)
        return t;
    return (int64_t)time(NULL);
}

double bf_time_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
