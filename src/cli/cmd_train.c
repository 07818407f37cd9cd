/*
 * cmd_train.c - bonafide train: fit the authenticity model on the store's
 * labelled accounts.
 */
static const char usage_en[] =
        "usage: bonafide train [--store DIR] [-o MODEL] [--seed S]\n"
        "\n"
        "Trains the authenticity model on every account of the store whose\n"
        "label is genuine, fake or bot (fake and bot are the positive class;\n"
        "a second stage tells them apart) and writes it to MODEL (default:\n"
        "bonafide.model).  Labelled sets (ingest --label-set) weigh the same,\n"
        "and the operating threshold calls at most 0.5% of the genuine\n"
        "accounts of every set held out in turn fake (half the 1% target, a\n"
        "margin for sets never seen), once for profiles with a known bio and\n"
        "once for tables of counts without one.  The same store and seed\n"
        "(default 42) give the same file, byte for byte.\n";

static const char usage_fr[] =
        "usage : bonafide train [--store DIR] [-o MODÈLE] [--seed S]\n"
        "\n"
        "Entraîne le modèle d'authenticité sur chaque compte de la base dont\n"
        "l'étiquette est genuine, fake ou bot (fake et bot forment la classe\n"
        "positive ; un second étage les distingue) et l'écrit dans MODÈLE\n"
        "(bonafide.model par défaut).  Les jeux étiquetés (ingest\n"
        "--label-set) pèsent autant les uns que les autres, et le seuil de\n"
        "décision juge faux au plus 0,5 % des comptes authentiques de chaque\n"
        "jeu mis de côté à tour de rôle (la moitié de la cible de 1 %, une\n"
        "marge pour les jeux jamais vus), une fois pour les profils dont la\n"
        "biographie est connue, une fois pour les tableaux de compteurs qui\n"
        "n'en ont pas.  La même base et la même graine (42 par défaut)\n"
        "donnent le même fichier, octet pour octet.\n";

/*
 * How it works: bf_dataset_from_store reads the features, kinds and
 * labelled sets of the labelled accounts, bf_model_train_sets fits both
 * stages, their calibration and the operating threshold (score/model.h),
 * with a provenance sentence (sets and sizes, seed, features, xgboost
 * version) recorded in the file; bf_model_save writes xgboost's JSON
 * model through a temp file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/time.h"
#include "cli/cli.h"
#include "score/model.h"
#include "score/xgbfn.h"
#include "store/store.h"

/*
 * provenance writes what the model is trained on into b: each labelled
 * set with its genuine, fake and bot counts, the seed, the number of
 * features and the xgboost version.
 */
static bf_err provenance(const bf_dataset *d, const bf_train_opts *o, bf_buf *b)
{
    size_t g, i;
    int major = 0, minor = 0, patch = 0;
    bf_err err = bf_buf_puts(b, "trained on");

    for (g = 0; !err && g < d->nsets; g++) {
        size_t c[3] = { 0, 0, 0 };

        for (i = 0; i < d->n; i++)
            if ((size_t)d->set[i] == g && d->y[i] >= 0 && d->y[i] < 3)
                c[d->y[i]]++;
        err = bf_buf_appendf(b, "%s %s (%zu genuine, %zu fake, %zu bot)",
                             g ? ";" : "", d->sets[g][0] ? d->sets[g] : "-",
                             c[0], c[1], c[2]);
    }
    if (!err)
        err = bf__xgb_load();
    if (!err)
        bf__xgb.version(&major, &minor, &patch);
    if (!err)
        err = bf_buf_appendf(b,
                             "; seed %llu; %d features; %d rounds, depth %d; "
                             "xgboost %d.%d.%d",
                             (unsigned long long)o->seed, BF_FEAT__COUNT,
                             o->rounds, o->max_depth, major, minor, patch);
    return err;
}

int cmd_train(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "output", required_argument, NULL, 'o' },
        { "seed", required_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir(), *path = "bonafide.model";
    bf_train_opts o;
    bf_store *st = NULL;
    bf_model *m = NULL;
    bf_dataset d = { 0 };
    bf_model_rates r, tr[BF_TIER__COUNT];
    bf_model_kind_rates kr;
    bf_buf prov;
    size_t i, pos = 0;
    int c, tiered, status = BF_EXIT_OK;
    char *end;
    bf_err err;

    bf_train_opts_init(&o);
    bf_buf_init(&prov, 1 << 16);
    while ((c = getopt_long(argc, argv, "s:o:S:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'o':
            path = optarg;
            break;
        case 'S':
            o.seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg)
                return bf__cli_bad("train", optarg, "--seed takes a number",
                                   "--seed prend un nombre");
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc)
        return bf__cli_usage(usage);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    err = bf_dataset_from_store(st, bf_time_now(), &d);
    if (err == BF_ENOTFOUND) {
        fprintf(stderr, "bonafide train: no labelled account in %s\n", dir);
        status = BF_EXIT_FAIL;
        goto out;
    }
    if (err) {
        status = bf__cli_fail(dir, err);
        goto out;
    }
    for (i = 0; i < d.n; i++)
        pos += d.y[i] != 0;
    err = provenance(&d, &o, &prov);
    if (err) {
        status = bf__cli_fail("train", err);
        goto out;
    }
    o.provenance = prov.data;
    err = bf_model_train_sets(d.X, d.y, d.set, d.nsets, d.n, &o, &m);
    if (err) {
        if (pos == 0 || pos == d.n)
            fprintf(stderr, "bonafide train: both genuine and fake or bot "
                            "accounts are needed\n");
        status = bf__cli_fail(bf__cli_text("training", "entraînement"), err);
        goto out;
    }
    err = bf_model_save(m, path);
    if (err) {
        status = bf__cli_fail(path, err);
        goto out;
    }
    printf("trained on %zu accounts (%zu fake or bot, %zu genuine): "
           "%zu trees, seed %llu -> %s\n",
           d.n, pos, d.n - pos, bf_model_trees(m), (unsigned long long)o.seed,
           path);
    if (bf_model_get_rates(m, &r) == BF_OK)
        printf("operating threshold %.4f: on held-out rows %.2f%% of %u "
               "fake or automated called so, %.2f%% of %u genuine called "
               "fake\n",
               r.threshold, 100 * r.tpr, r.n_pos, 100 * r.fpr, r.n_neg);
    printf("operating threshold by tier: %.4f with a known bio (full), "
           "%.4f without (sparse: counts and dates)\n",
           bf_model_tier_threshold(m, BF_TIER_FULL),
           bf_model_tier_threshold(m, BF_TIER_SPARSE));
    /* The rates an audit corrects its count of followers with. */
    if (bf_model_get_quant_rates(m, &r) == BF_OK &&
        bf_model_get_quant_tier_rates(m, tr, &tiered) == BF_OK && tiered) {
        printf("quantification cut %.4f: tpr %.4f, fpr %.4f (spread across "
               "sets %.4f, %.4f)\n",
               r.threshold, r.tpr, r.fpr, r.tpr_sd, r.fpr_sd);
        printf("quantification by tier: with a known bio tpr %.4f, fpr %.4f "
               "(%.4f, %.4f); as a table of counts tpr %.4f, fpr %.4f "
               "(%.4f, %.4f)\n",
               tr[BF_TIER_FULL].tpr, tr[BF_TIER_FULL].fpr,
               tr[BF_TIER_FULL].tpr_sd, tr[BF_TIER_FULL].fpr_sd,
               tr[BF_TIER_SPARSE].tpr, tr[BF_TIER_SPARSE].fpr,
               tr[BF_TIER_SPARSE].tpr_sd, tr[BF_TIER_SPARSE].fpr_sd);
    }
    if (bf_model_get_kind_rates(m, &kr) == BF_OK) {
        int t, k;

        printf("kinds on held-out rows (true: called real / fake follower / "
               "spam):\n");
        for (t = 0; t < BF_KIND__COUNT; t++) {
            printf("  %-14s %6u:", bf_kind_key((bf_kind)t), kr.n[t]);
            for (k = 0; k < BF_KIND__COUNT; k++)
                if (kr.rate[t][k] >= 0)
                    printf(" %6.2f%%", 100 * kr.rate[t][k]);
                else
                    printf(" %7s", "-");
            printf("\n");
        }
    }
    printf("%s\n", bf_model_provenance(m));
out:
    bf_buf_release(&prov);
    bf_model_free(m);
    bf_dataset_release(&d);
    bf_store_close(st);
    return status;
}
