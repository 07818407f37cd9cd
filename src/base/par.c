/*
 * par.c - a few threads for one bulk step (par.h).
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "base/par.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <zlib.h>

unsigned bf_par_threads(void)
{
    const char *v = getenv("BONAFIDE_THREADS");
    cpu_set_t set;
    int n = 1;

    if (v && *v >= '1' && *v <= '9' && !v[1])
        return (unsigned)(*v - '0') > BF_PAR_MAX ? BF_PAR_MAX
                                                 : (unsigned)(*v - '0');
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
    if (n < 1)
        n = 1;
    return n > BF_PAR_MAX ? BF_PAR_MAX : (unsigned)n;
}

unsigned bf_par_parts(unsigned nt, size_t work, size_t min_work)
{
    if (nt < 1 || work < min_work)
        return 1;
    return nt > BF_PAR_MAX ? BF_PAR_MAX : nt;
}

typedef struct part {
    bf_par_fn fn;
    void *ctx;
    unsigned t, nt;
} part;

static void *run_part(void *arg)
{
    part *p = arg;

    p->fn(p->ctx, p->t, p->nt);
    return NULL;
}

void bf_par_run(unsigned nt, bf_par_fn fn, void *ctx)
{
    pthread_t th[BF_PAR_MAX];
    part parts[BF_PAR_MAX];
    int started[BF_PAR_MAX] = { 0 };
    unsigned t;

    nt = bf_par_parts(nt, 1, 0);
    for (t = 1; t < nt; t++) {
        parts[t].fn = fn;
        parts[t].ctx = ctx;
        parts[t].t = t;
        parts[t].nt = nt;
        started[t] = pthread_create(&th[t], NULL, run_part, &parts[t]) == 0;
    }
    fn(ctx, 0, nt);
    for (t = 1; t < nt; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            fn(ctx, t, nt);
    }
}

size_t bf_par_split(size_t len, unsigned t, unsigned nt)
{
    if (nt <= 1 || t >= nt)
        return t == 0 ? 0 : len;
    /* len * t / nt without overflow for any size_t len. */
    return len / nt * t + len % nt * t / nt;
}

/* Below this many bytes a slice's thread costs more than it saves. */
#define CRC_SLICE_MIN ((size_t)4 << 20)

typedef struct crc_job {
    const unsigned char *p;
    size_t n;
    uLong crc[BF_PAR_MAX];
} crc_job;

static void crc_part(void *ctx, unsigned t, unsigned nt)
{
    crc_job *j = ctx;
    size_t lo = bf_par_split(j->n, t, nt), hi = bf_par_split(j->n, t + 1, nt);

    j->crc[t] = crc32_z(0L, j->p + lo, hi - lo);
}

uint32_t bf_par_crc32(const void *p, size_t n, unsigned nt)
{
    crc_job j;
    uLong crc;
    unsigned t;

    nt = bf_par_parts(nt, 1, 0);
    while (nt > 1 && n / nt < CRC_SLICE_MIN)
        nt--;
    if (nt <= 1)
        return (uint32_t)crc32_z(0L, (const Bytef *)p, n);
    j.p = p;
    j.n = n;
    bf_par_run(nt, crc_part, &j);
    crc = j.crc[0];
    for (t = 1; t < nt; t++) {
        size_t len = bf_par_split(n, t + 1, nt) - bf_par_split(n, t, nt);

        crc = crc32_combine64(crc, j.crc[t], (z_off64_t)len);
    }
    return (uint32_t)crc;
}
