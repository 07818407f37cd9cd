/*
 * cmd_verdicts.c - bonafide verdicts: how often the audit's verdict is
 * right about audiences whose share of fake followers is known.
 */
static const char usage_en[] =
        "usage: bonafide verdicts [--store DIR] [--model MODEL |\n"
        "                         --leave-one-set-out] [--size N]\n"
        "                         [--repeats R] [--seed S] [--json]\n"
        "\n"
        "Composes audiences from the labelled accounts of the store (genuine\n"
        "against fake or bot): R audiences (default 4) of N followers\n"
        "(default 200) at each of 0, 10, 25, 50, 75 and 100% fake, each the\n"
        "whole follower list of an account made for it, in a temporary\n"
        "store.  Each account is audited as `bonafide audit` would, with\n"
        "MODEL (default: the shipped model), and the command prints the\n"
        "verdict confusion table: one row per true share, one column per\n"
        "verdict, the mean estimate of the fake share and the means of its\n"
        "95% interval's bounds, the share of audits whose interval held\n"
        "the true share, and how often the verdict was the expected one\n"
        "(genuine up to 10%, questionable at 25%, inflated from 50%).  The\n"
        "same store and seed (default 1) give the same table.\n"
        "\n"
        "--leave-one-set-out groups the accounts by the labelled set they\n"
        "were ingested with (ingest --label-set): for each set, a model is\n"
        "trained on the other sets (as eval --leave-one-set-out does) and\n"
        "audits audiences composed of that set's accounts alone, so the\n"
        "table says what the verdict does with kinds of accounts the model\n"
        "never saw.  A set with fewer than N accounts of either class is\n"
        "skipped, and says so.\n";

static const char usage_fr[] =
        "usage : bonafide verdicts [--store DIR] [--model MODÈLE |\n"
        "                          --leave-one-set-out] [--size N]\n"
        "                          [--repeats R] [--seed S] [--json]\n"
        "\n"
        "Compose des audiences à partir des comptes étiquetés de la base\n"
        "(authentiques contre faux ou robots) : R audiences (4 par défaut)\n"
        "de N abonnés (200 par défaut) pour chacune des parts 0, 10, 25, 50,\n"
        "75 et 100 % de faux, chacune liste complète des abonnés d'un compte\n"
        "créé pour elle, dans une base temporaire.  Chaque compte est audité\n"
        "comme le ferait « bonafide audit », avec MODÈLE (par défaut : le\n"
        "modèle fourni), et la commande affiche la table de confusion des\n"
        "verdicts : une ligne par part réelle, une colonne par verdict,\n"
        "l'estimation moyenne de la part de faux et les moyennes des bornes\n"
        "de son intervalle à 95 %, la part des audits dont l'intervalle\n"
        "contenait la part réelle, et la fréquence du verdict attendu\n"
        "(authentique jusqu'à 10 %, douteux à 25 %, audience gonflée dès\n"
        "50 %).  La même base et la même graine (1 par défaut) donnent la\n"
        "même table.\n"
        "\n"
        "--leave-one-set-out regroupe les comptes par jeu étiqueté (ingest\n"
        "--label-set) : pour chaque jeu, un modèle est entraîné sur les\n"
        "autres (comme le fait eval --leave-one-set-out) et audite des\n"
        "audiences composées des seuls comptes de ce jeu : la table dit ce\n"
        "que devient le verdict devant des comptes d'un genre que le modèle\n"
        "n'a jamais vu.  Un jeu qui a moins de N comptes de l'une des deux\n"
        "classes est laissé de côté, et la commande le dit.\n";

/*
 * How it works: the labelled accounts are read once
 * (bf_dataset_from_store gives their dense ids and classes) and copied,
 * profiles and labels, into a temporary store.  For every share and
 * repeat, an account "verdicts-SHARE-R" declaring exactly N followers is
 * written with N follow edges from accounts drawn without replacement
 * (a seeded partial Fisher-Yates shuffle of each class): round(N x
 * share) fake ones, the rest genuine.  The audit then sees the whole
 * follower list, as it would for an account whose followers were all
 * collected.  Each audit's verdict and estimated share are tallied; the
 * temporary store is removed at the end.  Cost: the copy, then one audit
 * per audience, O(shares x R x N) account reads.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "cli/cli.h"
#include "report/report.h"
#include "score/features.h"
#include "score/model.h"
#include "store/store.h"

/* The true shares of fake followers, in percent. */
static const int shares[] = { 0, 10, 25, 50, 75, 100 };
#define NSHARES  (sizeof shares / sizeof shares[0])
#define NVERDICT (BF_VERDICT_NOT_ENOUGH + 1)

/* The verdict an audit should reach for a true share (docs/verdict.md). */
static bf_verdict expected(int share)
{
    return share <= 10  ? BF_VERDICT_GENUINE
           : share < 40 ? BF_VERDICT_QUESTIONABLE
                        : BF_VERDICT_INFLATED;
}

/* splitmix64, for the seeded draws. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/*
 * draw moves k distinct members of a[0..n) to its front (partial
 * Fisher-Yates), uniformly at random.  O(k).
 */
static void draw(uint32_t *a, size_t n, size_t k, uint64_t *rng)
{
    size_t i;

    for (i = 0; i < k && i < n; i++) {
        size_t j = i + (size_t)(next(rng) % (n - i));
        uint32_t t = a[i];

        a[i] = a[j];
        a[j] = t;
    }
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* One account of the source store, as copied: its native id. */
typedef struct member {
    char *native_id;
    char *platform;
} member;

/* copy_accounts copies the labelled accounts into dst. */
static bf_err copy_accounts(bf_store *src, bf_store *dst, const bf_dataset *d,
                            member *out)
{
    size_t i;
    bf_err err = BF_OK;

    for (i = 0; !err && i < d->n; i++) {
        bf_account_row row;
        uint32_t dense;

        memset(&row, 0, sizeof row);
        err = bf_store_account(src, d->ids[i], &row);
        if (!err)
            err = bf_store_put_account(dst, &row.a, &dense);
        if (!err) {
            out[i].native_id = strdup(row.a.native_id ? row.a.native_id : "");
            out[i].platform = strdup(row.a.platform ? row.a.platform : "");
            if (!out[i].native_id || !out[i].platform)
                err = BF_ENOMEM;
        }
        bf_account_row_release(&row);
    }
    return err;
}

/*
 * put_audience writes account "PREFIX-SHARE-R" on platform and its n
 * followers: members idx[0..n).
 */
static bf_err put_audience(bf_store *st, const char *platform,
                           const char *prefix, int share, int rep,
                           const member *mem, const uint32_t *idx, size_t n,
                           int64_t now)
{
    char name[96];
    bf_account a;
    uint32_t dense;
    size_t i;
    bf_err err;

    snprintf(name, sizeof name, "%s-%d-%d", prefix, share, rep);
    bf_account_clear(&a);
    a.platform = platform;
    a.native_id = name;
    a.handle = name;
    a.followers = (int64_t)n;
    a.observed_at = now;
    err = bf_store_put_account(st, &a, &dense);
    for (i = 0; !err && i < n; i++) {
        bf_follow f;

        f.platform = platform;
        f.follower = mem[idx[i]].native_id;
        f.followee = name;
        f.observed_at = now;
        f.position = -1;
        err = bf_store_put_follow(st, &f);
    }
    return err;
}

/* Why a group is skipped: too few accounts of a class for the audiences,
 * or no model could be trained without it (the other sets lack a class). */
#define SKIP_FEW   1
#define SKIP_TRAIN 2

/*
 * One group of audiences: the accounts they are drawn from (rows of the
 * dataset, fake or bot in pos, genuine in neg), the model that audits
 * them, and the tallies of its verdicts.
 */
typedef struct group {
    const char *name;     /* the labelled set, NULL for every account */
    char prefix[32];      /* the audiences' names begin with it */
    const char *platform; /* of the group's first account */
    uint32_t *pos, *neg;
    size_t npos, nneg;
    int skipped;       /* SKIP_FEW, SKIP_TRAIN, or 0 */
    const bf_model *m; /* NULL: the shipped model */
    unsigned table[NSHARES][NVERDICT], held[NSHARES], right, total;
    double est[NSHARES], lo[NSHARES], hi[NSHARES];
} group;

/*
 * split fills g with the rows of set (-1: every row), fake or bot in pos
 * and genuine in neg (arrays of d->n entries).
 */
static bf_err split(const bf_dataset *d, int set, const member *mem, group *g)
{
    size_t i;

    g->pos = calloc(d->n ? d->n : 1, sizeof *g->pos);
    g->neg = calloc(d->n ? d->n : 1, sizeof *g->neg);
    if (!g->pos || !g->neg)
        return BF_ENOMEM;
    for (i = 0; i < d->n; i++) {
        if (set >= 0 && d->set[i] != set)
            continue;
        if (!g->platform)
            g->platform = mem[i].platform;
        if (d->y[i])
            g->pos[g->npos++] = (uint32_t)i;
        else
            g->neg[g->nneg++] = (uint32_t)i;
    }
    return BF_OK;
}

/* compose writes g's audiences: every share, every repeat, drawn by rng. */
static bf_err compose(bf_store *ts, group *g, const member *mem, uint32_t *idx,
                      long size, long reps, uint64_t *rng, int64_t now)
{
    unsigned s, r;
    bf_err err = BF_OK;

    for (s = 0; !err && s < NSHARES; s++) {
        for (r = 0; !err && r < (unsigned)reps; r++) {
            size_t k = (size_t)lround(size * shares[s] / 100.0);

            draw(g->pos, g->npos, k, rng);
            draw(g->neg, g->nneg, (size_t)size - k, rng);
            memcpy(idx, g->pos, k * sizeof *idx);
            memcpy(idx + k, g->neg, ((size_t)size - k) * sizeof *idx);
            err = put_audience(ts, g->platform, g->prefix, shares[s], (int)r,
                               mem, idx, (size_t)size, now);
        }
    }
    return err;
}

/* audit_group audits g's audiences with g's model and tallies them. */
static bf_err audit_group(bf_store *ts, group *g, long reps, int64_t now)
{
    unsigned s, r;
    bf_err err = BF_OK;

    for (s = 0; !err && s < NSHARES; s++) {
        for (r = 0; !err && r < (unsigned)reps; r++) {
            char spec[160];
            uint32_t id;
            bf_audit_opts o;
            bf_report rep;
            double truth = shares[s] / 100.0;

            snprintf(spec, sizeof spec, "%s:%s-%d-%u", g->platform, g->prefix,
                     shares[s], r);
            err = bf_store_resolve(ts, spec, &id);
            if (err)
                break;
            memset(&o, 0, sizeof o);
            o.now = now;
            o.model = g->m;
            bf_report_init(&rep);
            err = bf_audit_build(ts, id, &o, &rep);
            if (!err) {
                g->table[s][rep.verdict]++;
                g->held[s] += rep.audience.fake.n > 0 &&
                              rep.audience.fake.lo <= truth + 1e-9 &&
                              truth <= rep.audience.fake.hi + 1e-9;
                g->est[s] += rep.audience.fake.p >= 0 ? rep.audience.fake.p : 0;
                g->lo[s] += rep.audience.fake.p >= 0 ? rep.audience.fake.lo : 0;
                g->hi[s] += rep.audience.fake.p >= 0 ? rep.audience.fake.hi : 0;
                g->right += rep.verdict == expected(shares[s]);
                g->total++;
            }
            bf_report_release(&rep);
        }
    }
    return err;
}

/* print_rows_json prints g's table as the members of a JSON object. */
static void print_rows_json(const group *g, long reps)
{
    unsigned s, v;

    printf("\"rows\":[");
    for (s = 0; s < NSHARES; s++) {
        printf("%s{\"true_share\":%.2f,\"expected\":\"%s\",\"verdicts\":{",
               s ? "," : "", shares[s] / 100.0,
               bf_verdict_key(expected(shares[s])));
        for (v = 0; v < NVERDICT; v++)
            printf("%s\"%s\":%u", v ? "," : "", bf_verdict_key((bf_verdict)v),
                   g->table[s][v]);
        printf("},\"mean_estimate\":%.4f,\"mean_low\":%.4f,"
               "\"mean_high\":%.4f,\"interval_held\":%u}",
               g->total ? g->est[s] / (double)reps : 0.0,
               g->total ? g->lo[s] / (double)reps : 0.0,
               g->total ? g->hi[s] / (double)reps : 0.0, g->held[s]);
    }
    printf("],\"expected_verdicts\":%u,\"audits\":%u", g->right, g->total);
}

/* print_rows prints g's table as text. */
static void print_rows(const group *g, long reps)
{
    unsigned s, v;

    printf("%-6s %-13s", "fake", "expected");
    for (v = 0; v < NVERDICT; v++)
        printf(" %13s", bf_verdict_key((bf_verdict)v));
    printf(" %9s %15s %7s\n", "estimate", "interval", "held");
    for (s = 0; s < NSHARES; s++) {
        printf("%5d%% %-13s", shares[s], bf_verdict_key(expected(shares[s])));
        for (v = 0; v < NVERDICT; v++)
            printf(" %13u", g->table[s][v]);
        printf(" %8.1f%% %6.1f%%-%5.1f%% %3u/%-3ld\n",
               100 * g->est[s] / (double)reps, 100 * g->lo[s] / (double)reps,
               100 * g->hi[s] / (double)reps, g->held[s], reps);
    }
}

/*
 * train_groups trains, for each set g of d that is not skipped, the model
 * that never saw it (bf_model_train_without, the shipped settings); a set
 * without which no model can be trained (BF_EINVAL: the other sets lack
 * genuine or fake accounts) is skipped.
 */
static bf_err train_groups(const bf_dataset *d, group *gs, bf_model **ms)
{
    bf_train_opts o;
    size_t g;
    bf_err err = BF_OK;

    bf_train_opts_init(&o);
    for (g = 0; !err && g < d->nsets; g++) {
        if (gs[g].skipped)
            continue;
        err = bf_model_train_without(d->X, d->y, d->set, d->nsets, d->n, (int)g,
                                     &o, &ms[g]);
        if (err == BF_EINVAL) {
            gs[g].skipped = SKIP_TRAIN;
            err = BF_OK;
        }
        gs[g].m = ms[g];
    }
    return err;
}

int cmd_verdicts(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "model", required_argument, NULL, 'm' },
        { "leave-one-set-out", no_argument, NULL, 'g' },
        { "size", required_argument, NULL, 'n' },
        { "repeats", required_argument, NULL, 'r' },
        { "seed", required_argument, NULL, 'S' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir(), *model_path = NULL;
    char tmp[] = "/tmp/bonafide-verdicts-XXXXXX";
    int made_tmp = 0;
    bf_store *st = NULL, *ts = NULL;
    bf_model *m = NULL, **ms = NULL;
    bf_dataset d = { 0 };
    member *mem = NULL;
    group *gs = NULL;
    uint32_t *idx = NULL;
    size_t ng = 0, i;
    long size = 200, reps = 4;
    uint64_t seed = 1, rng;
    unsigned right = 0, total = 0;
    int64_t now = bf_time_now();
    int c, json = 0, loso = 0, status = BF_EXIT_OK;
    char *end;
    bf_err err;

    while ((c = getopt_long(argc, argv, "s:m:gn:r:S:jh", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'm':
            model_path = optarg;
            break;
        case 'g':
            loso = 1;
            break;
        case 'n':
            size = strtol(optarg, &end, 10);
            if (*end || end == optarg || size < 30 || size > 100000)
                return bf__cli_bad("verdicts", optarg,
                                   "--size takes a number from 30 to 100000",
                                   "--size prend un nombre de 30 à 100000");
            break;
        case 'r':
            reps = strtol(optarg, &end, 10);
            if (*end || end == optarg || reps < 1 || reps > 1000)
                return bf__cli_bad("verdicts", optarg,
                                   "--repeats takes a number from 1 to 1000",
                                   "--repeats prend un nombre de 1 à 1000");
            break;
        case 'S':
            seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg)
                return bf__cli_bad("verdicts", optarg, "--seed takes a number",
                                   "--seed prend un nombre");
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc || (loso && model_path))
        return bf__cli_usage(usage);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    if (model_path) {
        err = bf_model_load(model_path, &m);
        if (err) {
            status = bf__cli_fail(model_path, err);
            goto out;
        }
    }
    err = bf_dataset_from_store(st, now, &d);
    if (err == BF_ENOTFOUND) {
        fprintf(stderr, "bonafide verdicts: no labelled account in %s\n", dir);
        status = BF_EXIT_FAIL;
        goto out;
    }
    if (!err && loso && d.nsets < 2) {
        fprintf(stderr,
                "bonafide verdicts: --leave-one-set-out needs labelled "
                "accounts of at least two sets (ingest --label-set); %s "
                "has %zu\n",
                dir, d.nsets);
        status = BF_EXIT_FAIL;
        goto out;
    }
    ng = loso ? d.nsets : 1;
    if (!err) {
        mem = calloc(d.n, sizeof *mem);
        gs = calloc(ng, sizeof *gs);
        ms = calloc(ng, sizeof *ms);
        idx = calloc((size_t)size, sizeof *idx);
        if (!mem || !gs || !ms || !idx)
            err = BF_ENOMEM;
    }
    if (err) {
        status = bf__cli_fail(dir, err);
        goto out;
    }
    if (!mkdtemp(tmp)) {
        status = bf__cli_fail(tmp, BF_EIO);
        goto out;
    }
    made_tmp = 1;
    err = bf_store_open(tmp, &ts);
    if (!err)
        err = bf_store_begin(ts);
    if (!err)
        err = copy_accounts(st, ts, &d, mem);
    for (i = 0; !err && i < ng; i++) {
        group *g = &gs[i];

        g->name = loso ? d.sets[i] : NULL;
        g->m = m;
        if (loso)
            snprintf(g->prefix, sizeof g->prefix, "verdicts-g%zu", i);
        else
            snprintf(g->prefix, sizeof g->prefix, "verdicts");
        err = split(&d, loso ? (int)i : -1, mem, g);
        g->skipped =
                g->npos < (size_t)size || g->nneg < (size_t)size ? SKIP_FEW : 0;
    }
    if (!err && !loso && gs[0].skipped) {
        fprintf(stderr,
                "bonafide verdicts: %zu fake and %zu genuine labelled "
                "accounts; --size %ld needs that many of each\n",
                gs[0].npos, gs[0].nneg, size);
        status = BF_EXIT_FAIL;
        goto out;
    }
    /* The audiences: every group, share and repeat, from one seeded
     * stream; then the models, which the draws do not depend on. */
    rng = seed;
    for (i = 0; !err && i < ng; i++)
        if (!gs[i].skipped)
            err = compose(ts, &gs[i], mem, idx, size, reps, &rng, now);
    if (!err)
        err = bf_store_commit(ts);
    if (!err && loso)
        err = train_groups(&d, gs, ms);
    for (i = 0; !err && i < ng; i++) {
        if (gs[i].skipped)
            continue;
        err = audit_group(ts, &gs[i], reps, now);
        right += gs[i].right;
        total += gs[i].total;
    }
    if (err) {
        status = bf__cli_fail(tmp, err);
        goto out;
    }
    if (json && !loso) {
        printf("{\"size\":%ld,\"repeats\":%ld,\"seed\":%llu,", size, reps,
               (unsigned long long)seed);
        print_rows_json(&gs[0], reps);
        printf("}\n");
    } else if (json) {
        printf("{\"mode\":\"leave-one-set-out\",\"size\":%ld,\"repeats\":%ld,"
               "\"seed\":%llu,\"sets\":[",
               size, reps, (unsigned long long)seed);
        for (i = 0; i < ng; i++) {
            bf_buf name;

            bf_buf_init(&name, 4096);
            if (bf_buf_json_string(&name, gs[i].name, strlen(gs[i].name)))
                bf_buf_puts(&name, "null");
            printf("%s{\"set\":%s", i ? "," : "",
                   name.data ? name.data : "null");
            bf_buf_release(&name);
            printf(",\"genuine\":%zu,\"positive\":%zu,\"skipped\":%s",
                   gs[i].nneg, gs[i].npos, gs[i].skipped ? "true" : "false");
            if (gs[i].skipped)
                printf(",\"why\":\"%s\"",
                       gs[i].skipped == SKIP_FEW ? "too_few" : "no_model");
            if (!gs[i].skipped) {
                putchar(',');
                print_rows_json(&gs[i], reps);
            }
            putchar('}');
        }
        printf("],\"expected_verdicts\":%u,\"audits\":%u}\n", right, total);
    } else {
        for (i = 0; i < ng; i++) {
            if (loso)
                printf("%sset left out: %s (%zu genuine, %zu fake or bot)\n",
                       i ? "\n" : "", gs[i].name, gs[i].nneg, gs[i].npos);
            if (gs[i].skipped == SKIP_FEW) {
                printf("skipped: --size %ld needs that many of each class\n",
                       size);
                continue;
            }
            if (gs[i].skipped) {
                printf("skipped: the other sets lack genuine or fake "
                       "accounts to train a model on\n");
                continue;
            }
            print_rows(&gs[i], reps);
            if (loso)
                printf("expected verdict: %u of %u audits (%.1f%%)\n",
                       gs[i].right, gs[i].total,
                       gs[i].total ? 100.0 * gs[i].right / gs[i].total : 0.0);
        }
        printf("%sexpected verdict: %u of %u audits (%.1f%%); audiences of "
               "%ld followers, %ld per share, seed %llu\n",
               loso ? "\nevery set left out: " : "", right, total,
               total ? 100.0 * right / total : 0.0, size, reps,
               (unsigned long long)seed);
    }
out:
    if (mem)
        for (i = 0; i < d.n; i++) {
            free(mem[i].native_id);
            free(mem[i].platform);
        }
    for (i = 0; gs && i < ng; i++) {
        free(gs[i].pos);
        free(gs[i].neg);
        bf_model_free(ms[i]);
    }
    free(gs);
    free(ms);
    free(mem);
    free(idx);
    bf_dataset_release(&d);
    bf_model_free(m);
    bf_store_close(ts);
    bf_store_close(st);
    if (made_tmp)
        nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}
