/*
 * cmd_score.c - bonafide score: the model's probability, class and reasons
 * for some accounts of the store.
 */
static const char usage_en[] =
        "usage: bonafide score [--store DIR] [--model MODEL] [--lang LANG]\n"
        "                      [--json] ACCOUNT...\n"
        "\n"
        "For each ACCOUNT ([platform:]handle or [platform:]#id) prints the\n"
        "calibrated probability that it is fake or automated, its class (real\n"
        "person, mass follower, inactive, fake follower, spam bot), the\n"
        "probability of each kind (real person, bought or fake follower,\n"
        "spam or automated account) and the three to five features that\n"
        "weigh most, as sentences.  MODEL\n"
        "defaults to $BONAFIDE_MODEL, else ../models/default.model next to\n"
        "the binary.  --json gives the reasons in English and French.\n";

static const char usage_fr[] =
        "usage : bonafide score [--store DIR] [--model MODÈLE] [--lang "
        "LANGUE]\n"
        "                       [--json] COMPTE...\n"
        "\n"
        "Pour chaque COMPTE ([plateforme:]identifiant ou [plateforme:]#id),\n"
        "affiche la probabilité calibrée qu'il soit faux ou automatisé, sa\n"
        "classe (personne réelle, abonné en masse, inactif, faux abonné,\n"
        "robot de spam), la probabilité de chaque nature (personne réelle,\n"
        "faux abonné ou abonné acheté, compte de spam ou automatisé) et les\n"
        "trois à cinq caractéristiques qui pèsent le plus, rédigées en\n"
        "phrases.  MODÈLE vaut par défaut $BONAFIDE_MODEL,\n"
        "sinon ../models/default.model à côté de l'exécutable.  --json donne\n"
        "les raisons en anglais et en français.\n";

/*
 * How it works: bf_features_from_store reads the account's profile, posts
 * and follows; the flat trees give the margin and the Platt calibration
 * the probability; bf_model_class applies the class rules; xgboost's
 * per-feature contributions choose the reasons (score/model.h), which
 * reasons.c turns into sentences.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "score/model.h"
#include "store/store.h"

/* The most accounts scored by one command. */
#define MAX_ACCOUNTS 1000

/* score_one: appends the text or JSON result for account spec to b. */
static bf_err score_one(bf_store *st, const bf_model *m, uint32_t id,
                        const char *spec, int json, bf_lang lang, int first,
                        bf_buf *b)
{
    bf_features f;
    bf_reason r[BF_MODEL_REASONS_MAX];
    bf_account_row row;
    size_t nr = 0, i;
    double p;
    bf_class cls;
    int l;
    double kinds[BF_KIND__COUNT];
    bf_err err = bf_features_from_store(st, id, bf_time_now(), &f);

    if (!err)
        err = bf_model_predict(m, &f, &p);
    if (!err)
        err = bf_model_predict_kinds(m, &f, kinds);
    if (!err)
        err = bf_model_reasons(m, &f, r, &nr);
    if (err)
        return err;
    cls = bf_model_class(&f, p);
    err = bf_store_account(st, id, &row);
    if (err)
        return err;
    if (json) {
        err = bf_buf_puts(b, first ? "{\"account\":" : ",{\"account\":");
        if (!err)
            err = bf_buf_json_string(b, spec, strlen(spec));
        if (!err)
            err = bf_buf_puts(b, ",\"platform\":");
        if (!err)
            err = bf_buf_json_string(b, row.a.platform, strlen(row.a.platform));
        if (!err)
            err = bf_buf_appendf(b,
                                 ",\"probability\":%.6f,\"fake\":%s,"
                                 "\"class\":\"%s\",\"class_name\":{",
                                 p,
                                 p >= bf_model_threshold(m) ? "true" : "false",
                                 bf_class_key(cls));
        for (l = 0; !err && l < BF_LANG__COUNT; l++) {
            const char *cn = bf_class_name(cls, (bf_lang)l);

            err = bf_buf_appendf(b, "%s\"%s\":", l ? "," : "",
                                 l == BF_LANG_FR ? "fr" : "en");
            if (!err)
                err = bf_buf_json_string(b, cn, strlen(cn));
        }
        if (!err)
            err = bf_buf_puts(b, "},\"kinds\":{");
        for (l = 0; !err && l < BF_KIND__COUNT; l++)
            err = bf_buf_appendf(b, "%s\"%s\":%.6f", l ? "," : "",
                                 bf_kind_key((bf_kind)l), kinds[l]);
        if (!err)
            err = bf_buf_puts(b, "},\"reasons\":[");
        for (i = 0; !err && i < nr; i++) {
            err = bf_buf_appendf(b, "%s{\"feature\":\"%s\",", i ? "," : "",
                                 bf_features_name(r[i].feat));
            if (!err && r[i].value == r[i].value)
                err = bf_buf_appendf(b, "\"value\":%.6g,", (double)r[i].value);
            else if (!err)
                err = bf_buf_puts(b, "\"value\":null,");
            if (!err)
                err = bf_buf_appendf(b, "\"contribution\":%.6f", r[i].contrib);
            for (l = 0; !err && l < BF_LANG__COUNT; l++) {
                bf_buf s;

                bf_buf_init(&s, 4096);
                err = bf_reason_format(&r[i], (bf_lang)l, &s);
                if (!err)
                    err = bf_buf_appendf(
                            b, ",\"%s\":", l == BF_LANG_FR ? "fr" : "en");
                if (!err)
                    err = bf_buf_json_string(b, s.data, s.len);
                bf_buf_release(&s);
            }
            if (!err)
                err = bf_buf_puts(b, "}");
        }
        if (!err)
            err = bf_buf_puts(b, "]}");
    } else {
        const char *fr = lang == BF_LANG_FR ? "fr" : NULL;

        err = bf_buf_appendf(b, "%s%s:%s\n", first ? "" : "\n", row.a.platform,
                             row.a.handle ? row.a.handle : row.a.native_id);
        if (!err)
            err = bf_buf_appendf(b, "  %s %.3f\n",
                                 fr ? "probabilité faux ou automatisé :"
                                    : "probability fake or automated:",
                                 p);
        if (!err && fr) {
            char *dot = strrchr(b->data, '.');

            /* French numbers take a decimal comma. */
            if (dot)
                *dot = ',';
        }
        if (!err)
            err = bf_buf_appendf(b, "  %s %s\n  %s", fr ? "classe :" : "class:",
                                 bf_class_name(cls, lang),
                                 fr ? "nature :" : "kinds:");
        for (l = 0; !err && l < BF_KIND__COUNT; l++)
            err = bf_buf_appendf(b, "%s %s %.0f%s", l ? "," : "",
                                 bf_kind_name((bf_kind)l, lang), 100 * kinds[l],
                                 fr ? " %" : "%");
        if (!err)
            err = bf_buf_appendf(b, "\n  %s\n", fr ? "raisons :" : "reasons:");
        for (i = 0; !err && i < nr; i++) {
            err = bf_buf_puts(b, "  - ");
            if (!err)
                err = bf_reason_format(&r[i], lang, b);
            if (!err)
                err = bf_buf_puts(b, "\n");
        }
    }
    bf_account_row_release(&row);
    return err;
}

int cmd_score(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "model", required_argument, NULL, 'm' },
        { "lang", required_argument, NULL, 'l' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = bf__cli_store_dir(), *model_path = NULL;
    char pathbuf[4096];
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    bf_store *st = NULL;
    bf_model *m = NULL;
    bf_buf b;
    uint32_t id;
    int c, i, n, json = 0, done = 0, status = BF_EXIT_OK;
    bf_err err;

    while ((c = getopt_long(argc, argv, "s:m:l:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'm':
            model_path = optarg;
            break;
        case 'l':
            if (bf_lang_parse(optarg, &lang))
                return bf__cli_bad("score", optarg, "--lang takes fr or en",
                                   "--lang prend fr ou en");
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
    n = argc - optind;
    if (n < 1 || n > MAX_ACCOUNTS)
        return bf__cli_usage(usage);
    if (!model_path)
        model_path = bf_model_default_path(pathbuf, sizeof pathbuf);
    err = bf_model_load(model_path, &m);
    if (err)
        return bf__cli_fail(model_path, err);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK) {
        bf_model_free(m);
        return BF_EXIT_FAIL;
    }
    bf_buf_init(&b, (size_t)64 << 20);
    if (json)
        err = bf_buf_puts(&b, "[");
    for (i = 0; !err && i < n; i++) {
        const char *spec = argv[optind + i];

        err = bf_store_resolve(st, spec, &id);
        if (err == BF_ENOTFOUND) {
            status = bf__cli_not_found(st, "score", spec, dir);
            err = BF_OK;
            continue;
        }
        if (!err)
            err = score_one(st, m, id, spec, json, lang, !done, &b);
        if (err)
            status = bf__cli_fail(spec, err);
        done++;
    }
    if (!err && json)
        err = bf_buf_puts(&b, "]\n");
    if (!err && b.len)
        fwrite(b.data, 1, b.len, stdout);
    if (err && !status)
        status = bf__cli_fail("score", err);
    bf_buf_release(&b);
    bf_store_close(st);
    bf_model_free(m);
    return status;
}
