/*
 * cmd_eval.c - bonafide eval: how well the model and the published rule
 * sets separate the store's labelled accounts.
 */
static const char usage_en[] =
        "usage: bonafide eval [--store DIR] [--folds K | --model MODEL |\n"
        "                     --leave-one-set-out] [--seed S] [--json]\n"
        "\n"
        "Compares the labelled accounts of the store (genuine against fake or\n"
        "bot, the positive class) with the decisions of the authenticity\n"
        "model and of the published rule sets (Camisani-Calzolari,\n"
        "Socialbakers, State of Search).  With --folds K the model is\n"
        "evaluated by stratified K-fold cross-validation, trained afresh on\n"
        "each fold; otherwise MODEL (default: the shipped model) is used as\n"
        "it is.  Prints accuracy, precision, recall, F1, MCC, ROC AUC and the\n"
        "confusion matrix of each, in one table, or a JSON object.\n"
        "\n"
        "--leave-one-set-out groups the accounts by the labelled set they\n"
        "were ingested with (ingest --label-set): for each set, a model is\n"
        "trained on the other sets and judged on that one.  Prints, per set,\n"
        "n, ROC AUC, F1 at the model's operating threshold, the true-positive\n"
        "rate at 1% false positives, the share of genuine accounts called\n"
        "fake and that model's thresholds (profiles with a known bio, and\n"
        "tables of counts without one), beside the same figures for the rule\n"
        "sets.\n";

static const char usage_fr[] =
        "usage : bonafide eval [--store DIR] [--folds K | --model MODÈLE |\n"
        "                      --leave-one-set-out] [--seed S] [--json]\n"
        "\n"
        "Compare les comptes étiquetés de la base (authentiques contre faux\n"
        "ou robots, la classe positive) aux décisions du modèle\n"
        "d'authenticité et des jeux de règles publiés (Camisani-Calzolari,\n"
        "Socialbakers, State of Search).  Avec --folds K, le modèle est\n"
        "évalué par validation croisée stratifiée en K blocs, réentraîné pour\n"
        "chaque bloc ; sinon MODÈLE (par défaut : le modèle fourni) est\n"
        "utilisé tel quel.  Affiche l'exactitude, la précision, le rappel, le\n"
        "F1, le MCC, l'AUC ROC et la matrice de confusion de chacun, dans un\n"
        "seul tableau, ou un objet JSON.\n"
        "\n"
        "--leave-one-set-out regroupe les comptes par jeu étiqueté (ingest\n"
        "--label-set) : pour chaque jeu, un modèle est entraîné sur les\n"
        "autres et jugé sur celui-ci.  Affiche, par jeu, n, l'AUC ROC, le F1\n"
        "au seuil de décision du modèle, le taux de vrais positifs à 1 % de\n"
        "faux positifs, la part des comptes authentiques jugés faux et les\n"
        "seuils de ce modèle (profils dont la biographie est connue, et\n"
        "tableaux de compteurs qui n'en ont pas), à côté des mêmes chiffres\n"
        "pour les jeux de règles.\n";

/*
 * How it works: the features of every labelled account are read once
 * (bf_dataset_from_store); the model's probabilities come either from
 * bf_model_cv or from a loaded model's flat trees; each account's profile
 * and timeline are read again for the rule sets (score/baselines.h).  The
 * decision is the model's own operating threshold (each fold's model's in
 * cross-validation); a rule set's AUC is that of its 0/1 decision.  With
 * --leave-one-set-out, bf_model_loso trains one model per labelled set on
 * the others, and the figures are computed set by set.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "score/baselines.h"
#include "score/bulk.h"
#include "score/model.h"
#include "store/store.h"

/* The rows of the table: the model, then each rule set. */
#define ROWS (1 + BF_BASE__COUNT)

/* baselines: decisions of each rule set for the rows of d, whose ids
 * ascend, read in one pass of the bulk reader. */
static bf_err baselines(bf_store *st, const bf_dataset *d, int64_t now,
                        int *dec[BF_BASE__COUNT])
{
    bf_bulk *bk = NULL;
    size_t i;
    int b;
    bf_err err = bf_bulk_open(st, now, NULL, UINT32_MAX, &bk);

    for (i = 0; !err && i < d->n; i++) {
        const bf_account_row *row;
        bf_features f;
        bf_timeline t;
        int fake[BF_BASE__COUNT];

        err = bf_bulk_get(bk, d->ids[i], &row);
        if (!err)
            err = bf_bulk_features(bk, row, &f, &t);
        if (!err) {
            bf_baselines_eval(&row->a, t.n ? &t : NULL, now, fake);
            for (b = 0; b < BF_BASE__COUNT; b++)
                dec[b][i] = fake[b];
        }
    }
    bf_bulk_close(bk);
    return err;
}

static void print_json(const char *const *names, const bf_metrics *mt,
                       const char *mode, int folds)
{
    int r;

    printf("{\"mode\":\"%s\",\"folds\":%d,\"model\":", mode, folds);
    for (r = 0; r < ROWS; r++) {
        const bf_metrics *x = &mt[r];

        if (r == 1)
            printf(",\"baselines\":[");
        if (r > 1)
            printf(",");
        printf("{");
        if (r > 0)
            printf("\"name\":\"%s\",\"key\":\"%s\",", names[r],
                   bf_baselines_key((bf_baseline)(r - 1)));
        printf("\"n\":%zu,\"accuracy\":%.6f,\"precision\":%.6f,"
               "\"recall\":%.6f,\"f1\":%.6f,\"mcc\":%.6f,\"auc\":%.6f,"
               "\"tp\":%zu,\"fp\":%zu,\"tn\":%zu,\"fn\":%zu,"
               "\"genuine_flagged\":%.6f}",
               x->n, x->accuracy, x->precision, x->recall, x->f1, x->mcc,
               x->auc, x->tp, x->fp, x->tn, x->fn,
               x->fp + x->tn ? (double)x->fp / (double)(x->fp + x->tn) : 0.0);
    }
    printf("]}\n");
}

static void print_table(const char *const *names, const bf_metrics *mt)
{
    int r;

    printf("%-36s %6s %6s %6s %6s %6s %6s %6s %5s %5s %5s %5s\n", "method", "n",
           "acc", "prec", "recall", "f1", "mcc", "auc", "tp", "fp", "tn", "fn");
    for (r = 0; r < ROWS; r++) {
        const bf_metrics *x = &mt[r];

        printf("%-36s %6zu %6.4f %6.4f %6.4f %6.4f %6.4f %6.4f %5zu %5zu "
               "%5zu %5zu\n",
               names[r], x->n, x->accuracy, x->precision, x->recall, x->f1,
               x->mcc, x->auc, x->tp, x->fp, x->tn, x->fn);
    }
    printf("genuine accounts called fake by the model: %zu of %zu (%.2f%%)\n",
           mt[0].fp, mt[0].fp + mt[0].tn,
           mt[0].fp + mt[0].tn
                   ? 100.0 * (double)mt[0].fp / (double)(mt[0].fp + mt[0].tn)
                   : 0.0);
}

/* by_desc: doubles, largest first. */
static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, z = *(const double *)b;

    return (x < z) - (x > z);
}

/*
 * tpr_at: the share of positive rows of set g called fake at the lowest
 * threshold that calls at most share of its genuine rows fake; -1 when
 * the set lacks a class.
 */
static double tpr_at(const bf_dataset *d, const double *prob, int g,
                     double share, double *scratch)
{
    size_t i, ng = 0, np = 0, tp = 0, k;
    double t;

    for (i = 0; i < d->n; i++)
        if (d->set[i] == g && !d->y[i])
            scratch[ng++] = prob[i];
    for (i = 0; i < d->n; i++)
        np += d->set[i] == g && d->y[i];
    if (ng == 0 || np == 0)
        return -1;
    qsort(scratch, ng, sizeof *scratch, by_desc);
    k = (size_t)floor(share * (double)ng);
    t = k >= ng ? -1 : nextafter(scratch[k], INFINITY);
    for (i = 0; i < d->n; i++)
        tp += d->set[i] == g && d->y[i] && prob[i] >= t;
    return (double)tp / (double)np;
}

/* One set's figures: the model's and each rule set's. */
typedef struct set_row {
    bf_metrics m[ROWS];
    double tpr1;               /* the model's TPR at 1% FPR, -1 undefined */
    double th[BF_TIER__COUNT]; /* the fold model's threshold per tier */
} set_row;

/* gflag: the share of genuine rows called fake. */
static double gflag(const bf_metrics *x)
{
    return x->fp + x->tn ? (double)x->fp / (double)(x->fp + x->tn) : 0.0;
}

/* loso_set: the figures of set g from the held-out predictions. */
static bf_err loso_set(const bf_dataset *d, const double *prob, const int *pred,
                       int *const dec[BF_BASE__COUNT], int g, set_row *out)
{
    size_t n = 0, i;
    int *y = malloc(d->n * sizeof *y), *pr = malloc(d->n * sizeof *pr);
    double *sc = malloc(d->n * sizeof *sc);
    int b;
    bf_err err = BF_OK;

    if (!y || !pr || !sc) {
        err = BF_ENOMEM;
        goto out;
    }
    for (b = -1; !err && b < BF_BASE__COUNT; b++) {
        for (i = 0, n = 0; i < d->n; i++) {
            if (d->set[i] != g)
                continue;
            y[n] = d->y[i] != 0;
            pr[n] = b < 0 ? pred[i] : dec[b][i];
            sc[n] = b < 0 ? prob[i] : dec[b][i];
            n++;
        }
        err = bf_metrics_compute(y, pr, sc, n, &out->m[b + 1]);
    }
    if (!err)
        out->tpr1 = tpr_at(d, prob, g, 0.01, sc);
out:
    free(y);
    free(pr);
    free(sc);
    return err;
}

/* fpgen: "fp/genuine" of x into buf. */
static const char *fpgen(const bf_metrics *x, char *buf, size_t cap)
{
    snprintf(buf, cap, "%zu/%zu", x->fp, x->fp + x->tn);
    return buf;
}

static void print_loso(const bf_dataset *d, const set_row *r, int json)
{
    char num[48];
    double f1 = 0, worst_auc = 1, worst_gf = 0;
    size_t g;
    int b;

    for (g = 0; g < d->nsets; g++) {
        f1 += r[g].m[0].f1;
        worst_auc = fmin(worst_auc, r[g].m[0].auc);
        worst_gf = fmax(worst_gf, gflag(&r[g].m[0]));
    }
    f1 /= (double)(d->nsets ? d->nsets : 1);
    if (json) {
        printf("{\"mode\":\"leave-one-set-out\",\"sets\":[");
        for (g = 0; g < d->nsets; g++) {
            const bf_metrics *x = &r[g].m[0];

            printf("%s{\"set\":\"%s\",\"n\":%zu,\"genuine\":%zu,"
                   "\"positive\":%zu,\"model\":{\"auc\":%.6f,\"f1\":%.6f,"
                   "\"tpr_at_1pct_fpr\":%.6f,\"genuine_flagged\":%.6f,"
                   "\"tp\":%zu,\"fp\":%zu,\"tn\":%zu,\"fn\":%zu,"
                   "\"threshold\":{\"full\":%.6f,\"sparse\":%.6f}},"
                   "\"baselines\":[",
                   g ? "," : "", d->sets[g], x->n, x->fp + x->tn, x->tp + x->fn,
                   x->auc, x->f1, r[g].tpr1, gflag(x), x->tp, x->fp, x->tn,
                   x->fn, r[g].th[BF_TIER_FULL], r[g].th[BF_TIER_SPARSE]);
            for (b = 0; b < BF_BASE__COUNT; b++) {
                const bf_metrics *z = &r[g].m[1 + b];

                printf("%s{\"key\":\"%s\",\"auc\":%.6f,\"f1\":%.6f,"
                       "\"genuine_flagged\":%.6f}",
                       b ? "," : "", bf_baselines_key((bf_baseline)b), z->auc,
                       z->f1, gflag(z));
            }
            printf("]}");
        }
        printf("],\"mean_f1\":%.6f,\"worst_auc\":%.6f,"
               "\"worst_genuine_flagged\":%.6f}\n",
               f1, worst_auc, worst_gf);
        return;
    }
    printf("%-30s %6s %6s %6s %6s %9s %10s %9s %9s\n", "set left out / method",
           "n", "auc", "f1", "tpr@1%", "gen.fake", "fp/gen", "th.full",
           "th.sparse");
    for (g = 0; g < d->nsets; g++) {
        const bf_metrics *x = &r[g].m[0];

        printf("%-30s %6zu %6.4f %6.4f ", d->sets[g][0] ? d->sets[g] : "-",
               x->n, x->auc, x->f1);
        if (r[g].tpr1 >= 0)
            printf("%6.4f", r[g].tpr1);
        else
            printf("%6s", "-");
        printf(" %8.2f%% %10s %9.4f %9.4f\n", 100 * gflag(x),
               fpgen(x, num, sizeof num), r[g].th[BF_TIER_FULL],
               r[g].th[BF_TIER_SPARSE]);
        for (b = 0; b < BF_BASE__COUNT; b++) {
            const bf_metrics *z = &r[g].m[1 + b];

            printf("  %-28s %6s %6.4f %6.4f %6s %8.2f%% %10s\n",
                   bf_baselines_key((bf_baseline)b), "", z->auc, z->f1, "",
                   100 * gflag(z), fpgen(z, num, sizeof num));
        }
    }
    printf("model: mean F1 %.4f, lowest AUC %.4f, highest share of genuine "
           "called fake %.2f%%\n",
           f1, worst_auc, 100 * worst_gf);
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "folds", required_argument, NULL, 'k' },
        { "model", required_argument, NULL, 'm' },
        { "seed", required_argument, NULL, 'S' },
        { "json", no_argument, NULL, 'j' },
        { "leave-one-set-out", no_argument, NULL, 'g' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir(), *model_path = NULL;
    const char *names[ROWS];
    char pathbuf[4096], label[64];
    bf_train_opts o;
    bf_store *st = NULL;
    bf_model *m = NULL;
    bf_dataset d = { 0 };
    bf_metrics mt[ROWS];
    double *prob = NULL, *bscore = NULL;
    int *pred = NULL, *dec[BF_BASE__COUNT] = { NULL };
    int64_t now = bf_time_now();
    size_t i;
    int c, b, folds = 0, json = 0, loso = 0, status = BF_EXIT_OK;
    set_row *rows = NULL;
    double *th = NULL;
    char *end;
    bf_err err;

    bf_train_opts_init(&o);
    while ((c = getopt_long(argc, argv, "s:k:m:S:jgh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'k':
            folds = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || folds < 2 || folds > 100)
                return bf__cli_bad("eval", optarg,
                                   "--folds takes a number from 2 to 100",
                                   "--folds prend un nombre de 2 à 100");
            break;
        case 'm':
            model_path = optarg;
            break;
        case 'S':
            o.seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg)
                return bf__cli_bad("eval", optarg, "--seed takes a number",
                                   "--seed prend un nombre");
            break;
        case 'j':
            json = 1;
            break;
        case 'g':
            loso = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc || (folds && model_path) ||
        (loso && (folds || model_path)))
        return bf__cli_usage(usage);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    err = bf_dataset_from_store(st, now, &d);
    if (err == BF_ENOTFOUND) {
        fprintf(stderr, "bonafide eval: no labelled account in %s\n", dir);
        status = BF_EXIT_FAIL;
        goto out;
    }
    if (err) {
        status = bf__cli_fail(dir, err);
        goto out;
    }
    prob = malloc(d.n * sizeof *prob);
    bscore = malloc(d.n * sizeof *bscore);
    pred = malloc(d.n * sizeof *pred);
    for (b = 0, c = 0; b < BF_BASE__COUNT; b++) {
        dec[b] = malloc(d.n * sizeof *dec[b]);
        c |= !dec[b];
    }
    if (!prob || !bscore || !pred || c) {
        status = bf__cli_fail("eval", BF_ENOMEM);
        goto out;
    }
    if (loso) {
        size_t g;

        if (d.nsets < 2) {
            fprintf(stderr, "bonafide eval: --leave-one-set-out needs "
                            "accounts of two labelled sets or more "
                            "(ingest --label-set)\n");
            status = BF_EXIT_FAIL;
            goto out;
        }
        rows = calloc(d.nsets, sizeof *rows);
        th = malloc(d.nsets * BF_TIER__COUNT * sizeof *th);
        err = rows && th ? bf_model_loso(d.X, d.y, d.set, d.nsets, d.n, &o,
                                         prob, pred, th)
                         : BF_ENOMEM;
        for (g = 0; !err && g < d.nsets; g++)
            memcpy(rows[g].th, th + g * BF_TIER__COUNT, sizeof rows[g].th);
        if (!err)
            err = baselines(st, &d, now, dec);
        for (g = 0; !err && g < d.nsets; g++)
            err = loso_set(&d, prob, pred, dec, (int)g, &rows[g]);
        if (err) {
            status = bf__cli_fail(
                    bf__cli_text("leave-one-set-out", "un jeu laissé de côté"),
                    err);
            goto out;
        }
        print_loso(&d, rows, json);
        goto out;
    }
    if (folds) {
        err = bf_model_cv_sets(d.X, d.y, d.set, d.nsets, d.n, folds, &o, prob,
                               pred);
        snprintf(label, sizeof label, "bonafide model (%d-fold CV)", folds);
    } else {
        if (!model_path)
            model_path = bf_model_default_path(pathbuf, sizeof pathbuf);
        err = bf_model_load(model_path, &m);
        for (i = 0; !err && i < d.n; i++)
            prob[i] = bf_model_prob(m, d.X + i * BF_FEAT__COUNT);
        snprintf(label, sizeof label, "bonafide model");
    }
    if (err) {
        status = bf__cli_fail(
                folds ? bf__cli_text("cross-validation", "validation croisée")
                      : model_path,
                err);
        goto out;
    }
    /* Cross-validation calls each row at its fold model's threshold (of
     * the row's tier, as here). */
    for (i = 0; !folds && i < d.n; i++)
        pred[i] =
                prob[i] >= bf_model_threshold_row(m, d.X + i * BF_FEAT__COUNT);
    names[0] = label;
    err = bf_metrics_compute(d.y, pred, prob, d.n, &mt[0]);
    if (!err)
        err = baselines(st, &d, now, dec);
    if (err) {
        status = bf__cli_fail(bf__cli_text("rule sets", "règles"), err);
        goto out;
    }
    for (b = 0; b < BF_BASE__COUNT; b++) {
        for (i = 0; i < d.n; i++)
            bscore[i] = dec[b][i];
        err = bf_metrics_compute(d.y, dec[b], bscore, d.n, &mt[1 + b]);
        if (err) {
            status = bf__cli_fail("eval", err);
            goto out;
        }
        names[1 + b] = bf_baselines_name((bf_baseline)b);
    }
    if (json)
        print_json(names, mt, folds ? "cv" : "model", folds);
    else
        print_table(names, mt);
out:
    for (b = 0; b < BF_BASE__COUNT; b++)
        free(dec[b]);
    free(prob);
    free(bscore);
    free(pred);
    free(rows);
    free(th);
    bf_model_free(m);
    bf_dataset_release(&d);
    bf_store_close(st);
    return status;
}
