/*
 * cmd_score.c - bonafide score: the model's probability, class and reasons
 * for some accounts of the store, or for all of them.
 */
static const char usage_en[] =
        "usage: bonafide score [--store DIR] [--model MODEL] [--lang LANG]\n"
        "                      [--json | --jsonl] [--reasons]\n"
        "                      [--from FILE] [ACCOUNT... | -]\n"
        "       bonafide score --all [--platform P] [--label-set S] ...\n"
        "\n"
        "For each ACCOUNT ([platform:]handle or [platform:]#id) prints the\n"
        "calibrated probability that it is fake or automated, the call at\n"
        "the model's threshold, its class (real person, mass follower,\n"
        "inactive, fake follower, spam or automated account), the\n"
        "probability of each kind (real person, bought or fake follower,\n"
        "spam or automated account) and the three to five features that\n"
        "weigh most, as sentences.  It makes no call, and says why, on a\n"
        "profile whose counts are all unknown or on YouTube, Facebook and\n"
        "LinkedIn, whose counters mean other things (JSON: probability\n"
        "null, not_judged).  MODEL defaults to $BONAFIDE_MODEL, else\n"
        "../models/default.model next to the binary.  --json gives the\n"
        "reasons in English and French.\n"
        "\n"
        "Many accounts: --from FILE reads them from FILE, one a line (blank\n"
        "lines and lines starting with # are skipped), \"-\" from standard\n"
        "input; --all scores every account of the store, or those of\n"
        "platform P (--platform) or of labelled set S (--label-set).  These\n"
        "stream one JSON object per line, as --jsonl does, in batches, in\n"
        "the order given (--all: by the store's account number); the\n"
        "reasons, which cost several times the score, only with --reasons.\n"
        "Exit status: 0 done, 3 some accounts are not in the store (each is\n"
        "named on standard error; the others are scored), 1 error.\n";

static const char usage_fr[] =
        "usage : bonafide score [--store DIR] [--model MODÈLE] [--lang "
        "LANGUE]\n"
        "                       [--json | --jsonl] [--reasons]\n"
        "                       [--from FICHIER] [COMPTE... | -]\n"
        "        bonafide score --all [--platform P] [--label-set J] ...\n"
        "\n"
        "Pour chaque COMPTE ([plateforme:]identifiant ou [plateforme:]#id),\n"
        "affiche la probabilité calibrée qu'il soit faux ou automatisé,\n"
        "l'avis au seuil du modèle, sa classe (personne réelle, abonné en\n"
        "masse, inactif, faux abonné, compte de spam ou automatisé), la\n"
        "probabilité de chaque nature (personne réelle, faux abonné ou\n"
        "abonné acheté, compte de spam ou automatisé) et les trois à cinq\n"
        "caractéristiques qui pèsent le plus, rédigées en phrases.  Il ne se\n"
        "prononce pas, et dit pourquoi, sur un profil dont tous les\n"
        "compteurs sont inconnus ni sur YouTube, Facebook et LinkedIn, dont\n"
        "les compteurs disent autre chose (JSON : probability null,\n"
        "not_judged).  MODÈLE vaut par défaut $BONAFIDE_MODEL, sinon\n"
        "../models/default.model à côté de l'exécutable.  --json donne les\n"
        "raisons en anglais et en français.\n"
        "\n"
        "Beaucoup de comptes : --from FICHIER les lit dans FICHIER, un par\n"
        "ligne (les lignes vides et celles qui commencent par # sont\n"
        "ignorées), \"-\" sur l'entrée standard ; --all note tous les comptes\n"
        "de la base, ou ceux de la plateforme P (--platform) ou du jeu\n"
        "étiqueté J (--label-set).  Ces formes écrivent un objet JSON par\n"
        "ligne, comme --jsonl, par lots, dans l'ordre donné (--all : selon\n"
        "le numéro des comptes dans la base) ; les raisons, qui coûtent\n"
        "plusieurs fois la note, seulement avec --reasons.\n"
        "Code de sortie : 0 fait, 3 des comptes ne sont pas dans la base\n"
        "(chacun est nommé sur la sortie d'erreur ; les autres sont notés),\n"
        "1 erreur.\n";

/*
 * How it works: accounts are scored in batches of BATCH.  A batch's
 * features come from one bulk reader (score/bulk.h: one read transaction,
 * forward cursors over the accounts and their posts, each neighbour judged
 * once), in ascending dense id so that the posts stream; the flat trees
 * give every probability of the batch at once (bf_model_predict_batch),
 * and when reasons are wanted the same trees give each row's
 * contributions (bf_model_reasons_batch, TreeSHAP).  The batch is then
 * written in the order
 * the accounts were given and flushed, so the output streams and memory
 * does not grow with the number of accounts.  reasons.c turns reasons
 * into sentences.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "report/catalog.h"
#include "report/report.h"
#include "score/bulk.h"
#include "score/model.h"
#include "store/store.h"

/* Accounts scored together. */
#define BATCH 4096
/* The longest line read from --from or standard input. */
#define LINE_MAX_BYTES 4096

/* Output forms. */
enum { OUT_TEXT, OUT_ARRAY, OUT_LINES };

/* One account of a batch; its strings live in the batch's arena. */
typedef struct item {
    uint32_t id;
    size_t spec;   /* what the user wrote, or platform:handle for --all */
    size_t plat;   /* its platform */
    size_t name;   /* its handle, else #native_id */
    size_t native; /* its native id */
    int skip;      /* 0, or why the model makes no call: BF_MODEL_NOT_* */
} item;

typedef struct job {
    bf_store *st;
    const bf_model *m;
    bf_bulk *bulk;
    const char *dir;
    int out;     /* OUT_* */
    int reasons; /* compute the reasons */
    int suggest; /* name close handles of a missing account */
    bf_lang lang;
    int status;
    size_t written; /* accounts written so far */
    /* The batch. */
    size_t n;
    item *it;
    uint32_t *order; /* indices of it, by dense id */
    float *X;
    double *prob, *kinds;
    bf_reason *r;
    size_t *nr;
    bf_buf arena;
    bf_buf buf; /* the batch's output */
} job;

/* job_init allocates the batch arrays. */
static bf_err job_init(job *j)
{
    j->it = malloc(BATCH * sizeof *j->it);
    j->order = malloc(BATCH * sizeof *j->order);
    j->X = malloc((size_t)BATCH * BF_FEAT__COUNT * sizeof *j->X);
    j->prob = malloc(BATCH * sizeof *j->prob);
    j->kinds = malloc((size_t)BATCH * BF_KIND__COUNT * sizeof *j->kinds);
    j->r = malloc((size_t)BATCH * BF_MODEL_REASONS_MAX * sizeof *j->r);
    j->nr = malloc(BATCH * sizeof *j->nr);
    bf_buf_init(&j->arena, (size_t)1 << 30);
    bf_buf_init(&j->buf, (size_t)1 << 30);
    return j->it && j->order && j->X && j->prob && j->kinds && j->r && j->nr
                   ? BF_OK
                   : BF_ENOMEM;
}

static void job_release(job *j)
{
    free(j->it);
    free(j->order);
    free(j->X);
    free(j->prob);
    free(j->kinds);
    free(j->r);
    free(j->nr);
    bf_buf_release(&j->arena);
    bf_buf_release(&j->buf);
}

/* put: s (may be NULL: "") into the arena; *out its offset. */
static bf_err put(job *j, const char *s, size_t *out)
{
    *out = j->arena.len;
    if (!s)
        s = "";
    return bf_buf_append(&j->arena, s, strlen(s) + 1);
}

/* str: the arena string at off. */
static const char *str(const job *j, size_t off)
{
    return j->arena.data + off;
}

/* take_row: records row's names in item k and computes its features. */
static bf_err take_row(job *j, size_t k, const bf_account_row *row)
{
    item *t = &j->it[k];
    bf_features f;
    bf_err err = put(j, row->a.platform, &t->plat);

    /* Its handle, else #native_id, as the account would be named. */
    if (!err && row->a.handle) {
        err = put(j, row->a.handle, &t->name);
    } else if (!err) {
        size_t rest;

        t->name = j->arena.len;
        err = bf_buf_putc(&j->arena, '#');
        if (!err)
            err = put(j, row->a.native_id, &rest);
    }
    if (!err)
        err = put(j, row->a.native_id, &t->native);
    /* What the audit declines, score declines (report/audit.c). */
    t->skip = !bf_account_counts_known(&row->a) ? BF_MODEL_NOT_COUNTS
              : !bf_model_reads_platform(row->a.platform)
                      ? BF_MODEL_NOT_PLATFORM
                      : 0;
    if (!err)
        err = bf_bulk_features(j->bulk, row, &f, NULL);
    if (!err)
        memcpy(j->X + k * BF_FEAT__COUNT, f.v, sizeof f.v);
    return err;
}

/* by_id: batch indices by dense id (ties by position). */
static const item *sort_items;

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    uint32_t ix = sort_items[x].id, iy = sort_items[y].id;

    if (ix != iy)
        return ix < iy ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* why_not is the sentence saying why the model makes no call on t. */
static const char *why_not(const item *t, bf_lang lang)
{
    return bf_msg(lang, t->skip == BF_MODEL_NOT_COUNTS
                                ? BF_MSG_EV_MODEL_NOT_COUNTS
                                : BF_MSG_EV_MODEL_NOT_PLATFORM);
}

/* text_one appends the text result of item k to b (the original form). */
static bf_err text_one(job *j, size_t k, bf_buf *b)
{
    const item *t = &j->it[k];
    const bf_reason *r = j->r + k * BF_MODEL_REASONS_MAX;
    const double *kinds = j->kinds + k * BF_KIND__COUNT;
    const char *fr = j->lang == BF_LANG_FR ? "fr" : NULL;
    double p = j->prob[k], th;
    bf_features f;
    bf_class cls;
    size_t i, at;
    int l;
    bf_err err;

    memcpy(f.v, j->X + k * BF_FEAT__COUNT, sizeof f.v);
    cls = bf_model_class_kinds(&f, p, kinds);
    th = bf_model_threshold_row(j->m, f.v);
    err = bf_buf_appendf(b, "%s%s:%s\n", j->written ? "\n" : "",
                         str(j, t->plat), str(j, t->name));
    if (!err && t->skip)
        return bf_buf_appendf(b, "  %s\n", why_not(t, j->lang));
    at = b->len;
    if (!err)
        err = bf_buf_appendf(b, "  %s %.3f\n",
                             fr ? "probabilité faux ou automatisé :"
                                : "probability fake or automated:",
                             p);
    /*
     * The decision at the tier's threshold, and the threshold: a
     * probability of 0.99 under a threshold of 0.994 is no call of fake.
     * (Not named "call": the audit's "model's call" is the class; the
     * reasons below explain the way the probability leans, as it does.)
     */
    if (!err)
        err = bf_buf_appendf(
                b, "  %s %.3f)\n",
                p >= th ? (fr ? "à son seuil : faux ou automatisé (à partir "
                                "de"
                              : "at its threshold: fake or automated (from")
                        : (fr ? "à son seuil : pas déclaré faux (il déclare "
                                "faux à partir de"
                              : "at its threshold: not called fake (it calls "
                                "fake from"),
                th);
    for (i = at; !err && fr && i < b->len; i++)
        /* French numbers take a decimal comma. */
        if (b->data[i] == '.' && i + 1 < b->len && b->data[i + 1] >= '0' &&
            b->data[i + 1] <= '9')
            b->data[i] = ',';
    if (!err)
        err = bf_buf_appendf(b, "  %s %s\n  %s", fr ? "classe :" : "class:",
                             bf_class_name(cls, j->lang),
                             fr ? "nature :" : "kinds:");
    for (l = 0; !err && l < BF_KIND__COUNT; l++)
        err = bf_buf_appendf(b, "%s %s %.0f%s", l ? "," : "",
                             bf_kind_name((bf_kind)l, j->lang), 100 * kinds[l],
                             fr ? " %" : "%");
    if (!err)
        err = bf_buf_appendf(b, "\n  %s\n", fr ? "raisons :" : "reasons:");
    for (i = 0; !err && i < j->nr[k]; i++) {
        err = bf_buf_puts(b, "  - ");
        if (!err)
            err = bf_reason_format(&r[i], j->lang, b);
        if (!err)
            err = bf_buf_puts(b, "\n");
    }
    return err;
}

/* reasons_json appends item k's reasons as a JSON array to b. */
static bf_err reasons_json(job *j, size_t k, bf_buf *b)
{
    const bf_reason *r = j->r + k * BF_MODEL_REASONS_MAX;
    bf_err err = bf_buf_puts(b, "[");
    size_t i;
    int l;

    for (i = 0; !err && i < j->nr[k]; i++) {
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
                err = bf_buf_appendf(b,
                                     ",\"%s\":", l == BF_LANG_FR ? "fr" : "en");
            if (!err)
                err = bf_buf_json_string(b, s.data, s.len);
            bf_buf_release(&s);
        }
        if (!err)
            err = bf_buf_puts(b, "}");
    }
    if (!err)
        err = bf_buf_puts(b, "]");
    return err;
}

/*
 * put6 appends x as "%.6f" would, without printf for x in [0, 1] (a
 * probability): printf's cost was a tenth of a pass over a store.  Where
 * x * 10^6 lies too near a half for one multiplication to round it as
 * printf does (from the exact binary value), printf does it.
 */
static bf_err put6(bf_buf *b, double x)
{
    char o[32];
    double y = x * 1e6, fl = floor(y), fr = y - fl;
    uint32_t k, i;

    if (!(x >= 0 && x <= 1) || fabs(fr - 0.5) < 1e-6)
        return bf_buf_appendf(b, "%.6f", x);
    k = (uint32_t)fl + (fr > 0.5);
    o[0] = (char)('0' + k / 1000000);
    o[1] = '.';
    k %= 1000000;
    for (i = 7; i > 1; i--, k /= 10)
        o[i] = (char)('0' + k % 10);
    return bf_buf_append(b, o, 8);
}

/* json_one appends the JSON object of item k to b: the array's element
 * (class names and reasons) or a line (native id, reasons on demand). */
static bf_err json_one(job *j, size_t k, bf_buf *b)
{
    const item *t = &j->it[k];
    const double *kinds = j->kinds + k * BF_KIND__COUNT;
    double p = j->prob[k];
    bf_features f;
    bf_class cls;
    bf_err err;
    int l;

    memcpy(f.v, j->X + k * BF_FEAT__COUNT, sizeof f.v);
    cls = bf_model_class_kinds(&f, p, kinds);
    err = bf_buf_puts(b, j->out == OUT_ARRAY && j->written ? ",{\"account\":"
                                                           : "{\"account\":");
    if (!err)
        err = bf_buf_json_string(b, str(j, t->spec), strlen(str(j, t->spec)));
    if (!err)
        err = bf_buf_puts(b, ",\"platform\":");
    if (!err)
        err = bf_buf_json_string(b, str(j, t->plat), strlen(str(j, t->plat)));
    if (!err && j->out == OUT_LINES) {
        err = bf_buf_puts(b, ",\"native_id\":");
        if (!err)
            err = bf_buf_json_string(b, str(j, t->native),
                                     strlen(str(j, t->native)));
    }
    if (!err && t->skip) {
        /* No call, and no number that would read as one. */
        err = bf_buf_puts(b, t->skip == BF_MODEL_NOT_COUNTS
                                     ? ",\"probability\":null,\"fake\":null,"
                                       "\"class\":null,\"kinds\":null,"
                                       "\"not_judged\":\"counts_unknown\""
                                     : ",\"probability\":null,\"fake\":null,"
                                       "\"class\":null,\"kinds\":null,"
                                       "\"not_judged\":\"platform\"");
        for (l = 0; !err && j->out == OUT_ARRAY && l < BF_LANG__COUNT; l++) {
            const char *why = why_not(t, (bf_lang)l);

            err = bf_buf_appendf(b, "%s\"%s\":", l ? "," : ",\"why\":{",
                                 l == BF_LANG_FR ? "fr" : "en");
            if (!err)
                err = bf_buf_json_string(b, why, strlen(why));
        }
        if (!err && j->out == OUT_ARRAY)
            err = bf_buf_puts(b, "}");
        if (!err && j->reasons)
            err = bf_buf_puts(b, ",\"reasons\":[]");
        if (!err)
            err = bf_buf_puts(b, j->out == OUT_LINES ? "}\n" : "}");
        return err;
    }
    if (!err)
        err = bf_buf_puts(b, ",\"probability\":");
    if (!err)
        err = put6(b, p);
    /* No printf per line: four calls a line were a twentieth of a pass
     * over a store. */
    if (!err)
        err = bf_buf_puts(b, p >= bf_model_threshold_row(j->m, f.v)
                                     ? ",\"fake\":true,\"class\":\""
                                     : ",\"fake\":false,\"class\":\"");
    if (!err)
        err = bf_buf_puts(b, bf_class_key(cls));
    if (!err)
        err = bf_buf_putc(b, '"');
    if (!err && j->out == OUT_ARRAY) {
        err = bf_buf_puts(b, ",\"class_name\":{");
        for (l = 0; !err && l < BF_LANG__COUNT; l++) {
            const char *cn = bf_class_name(cls, (bf_lang)l);

            err = bf_buf_appendf(b, "%s\"%s\":", l ? "," : "",
                                 l == BF_LANG_FR ? "fr" : "en");
            if (!err)
                err = bf_buf_json_string(b, cn, strlen(cn));
        }
        if (!err)
            err = bf_buf_puts(b, "}");
    }
    if (!err)
        err = bf_buf_puts(b, ",\"kinds\":{");
    for (l = 0; !err && l < BF_KIND__COUNT; l++) {
        err = bf_buf_puts(b, l ? ",\"" : "\"");
        if (!err)
            err = bf_buf_puts(b, bf_kind_key((bf_kind)l));
        if (!err)
            err = bf_buf_puts(b, "\":");
        if (!err)
            err = put6(b, kinds[l]);
    }
    if (!err)
        err = bf_buf_puts(b, "}");
    if (!err && j->reasons) {
        err = bf_buf_puts(b, ",\"reasons\":");
        if (!err)
            err = reasons_json(j, k, b);
    }
    if (!err)
        err = bf_buf_puts(b, j->out == OUT_LINES ? "}\n" : "}");
    return err;
}

/*
 * flush scores the batch and writes it out.  ready: the features are in
 * X already (--all); otherwise they are read here, by dense id.
 */
static bf_err flush(job *j, int ready)
{
    size_t k;
    bf_err err = BF_OK;

    if (j->n == 0)
        return BF_OK;
    if (!ready) {
        for (k = 0; k < j->n; k++)
            j->order[k] = (uint32_t)k;
        sort_items = j->it;
        qsort(j->order, j->n, sizeof *j->order, by_id);
        for (k = 0; !err && k < j->n; k++) {
            uint32_t i = j->order[k];
            const bf_account_row *row;

            err = bf_bulk_get(j->bulk, j->it[i].id, &row);
            if (!err)
                err = take_row(j, i, row);
        }
        if (err)
            return err;
    }
    bf_model_predict_batch(j->m, j->X, j->n, j->prob, j->kinds);
    if (j->reasons)
        err = bf_model_reasons_batch(j->m, j->X, j->n, j->r, j->nr);
    j->buf.len = 0;
    for (k = 0; !err && k < j->n; k++) {
        err = j->out == OUT_TEXT ? text_one(j, k, &j->buf)
                                 : json_one(j, k, &j->buf);
        j->written++;
    }
    if (!err && j->buf.len &&
        (fwrite(j->buf.data, 1, j->buf.len, stdout) != j->buf.len ||
         fflush(stdout) != 0))
        err = BF_EIO;
    j->n = 0;
    j->arena.len = 0;
    return err;
}

/* add_spec resolves spec and queues it; a missing account is named. */
static bf_err add_spec(job *j, const char *spec)
{
    uint32_t id;
    bf_err err = bf_store_resolve(j->st, spec, &id);

    if (err == BF_ENOTFOUND) {
        if (j->suggest)
            bf__cli_not_found(j->st, "score", spec, j->dir);
        else if (j->lang == BF_LANG_FR)
            fprintf(stderr,
                    "bonafide score : %s : aucun compte de ce nom dans %s\n",
                    spec, j->dir);
        else
            fprintf(stderr, "bonafide score: %s: no such account in %s\n", spec,
                    j->dir);
        j->status = BF_EXIT_NOTFOUND;
        return BF_OK;
    }
    if (!err)
        err = put(j, spec, &j->it[j->n].spec);
    if (err)
        return err;
    j->it[j->n++].id = id;
    return j->n == BATCH ? flush(j, 0) : BF_OK;
}

/* add_file queues the accounts of path, one a line ("-": stdin). */
static bf_err add_file(job *j, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bf_err err = BF_OK;

    if (!f) {
        bf__cli_fail(path, errno == ENOENT ? BF_ENOTFOUND : BF_EIO);
        return BF_EIO;
    }
    while (!err && (len = getline(&line, &cap, f)) >= 0) {
        char *s = line;

        /* Trailing white space and carriage returns are no part of it. */
        while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' ||
                           s[len - 1] == ' ' || s[len - 1] == '\t'))
            s[--len] = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        if (len > LINE_MAX_BYTES) {
            fprintf(stderr,
                    j->lang == BF_LANG_FR
                            ? "bonafide score : %s : une ligne de plus de %d "
                              "octets est ignorée\n"
                            : "bonafide score: %s: a line longer than %d "
                              "bytes is skipped\n",
                    path, LINE_MAX_BYTES);
            j->status = BF_EXIT_NOTFOUND;
            continue;
        }
        err = add_spec(j, s);
    }
    if (!err && ferror(f)) {
        bf__cli_fail(path, BF_EIO);
        err = BF_EIO;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return err;
}

/* add_all queues every account of the bulk reader's filter. */
static bf_err add_all(job *j)
{
    const bf_account_row *row;
    bf_err err;

    while ((err = bf_bulk_next(j->bulk, &row)) == BF_OK) {
        item *t = &j->it[j->n];
        const char *h = row->a.handle;

        /* The account as a spec: platform:handle, else platform:#id
         * (appended, not formatted: this runs for every account). */
        t->id = row->id;
        t->spec = j->arena.len;
        err = bf_buf_puts(&j->arena, row->a.platform);
        if (!err)
            err = bf_buf_puts(&j->arena, h ? ":" : ":#");
        if (!err)
            err = bf_buf_append(&j->arena, h ? h : row->a.native_id,
                                strlen(h ? h : row->a.native_id) + 1);
        if (!err)
            err = take_row(j, j->n, row);
        if (err)
            return err;
        if (++j->n == BATCH && (err = flush(j, 1)) != BF_OK)
            return err;
    }
    return err == BF_ENOTFOUND ? flush(j, 1) : err;
}

int cmd_score(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "model", required_argument, NULL, 'm' },
        { "lang", required_argument, NULL, 'l' },
        { "json", no_argument, NULL, 'j' },
        { "jsonl", no_argument, NULL, 'J' },
        { "reasons", no_argument, NULL, 'r' },
        { "from", required_argument, NULL, 'f' },
        { "all", no_argument, NULL, 'a' },
        { "platform", required_argument, NULL, 'p' },
        { "label-set", required_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *model_path = NULL, *from = NULL;
    char pathbuf[4096];
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    bf_scan_filter filt = { 0 };
    bf_model *m = NULL;
    job j;
    int c, i, n, json = 0, jsonl = 0, reasons = 0, all = 0, dash = 0;
    bf_err err;

    memset(&j, 0, sizeof j);
    j.dir = bf__cli_store_dir();
    while ((c = getopt_long(argc, argv, "s:m:l:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            j.dir = optarg;
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
        case 'J':
            jsonl = 1;
            break;
        case 'r':
            reasons = 1;
            break;
        case 'f':
            from = optarg;
            break;
        case 'a':
            all = 1;
            break;
        case 'p':
            filt.platform = optarg;
            break;
        case 'S':
            filt.label_set = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    n = argc - optind;
    for (i = optind; i < argc; i++)
        dash += strcmp(argv[i], "-") == 0;
    /* One source of accounts at least; --all alone; filters with it. */
    if ((n < 1 && !from && !all) || (all && (n || from)) ||
        (!all && (filt.platform || filt.label_set)) || (json && jsonl) ||
        dash > 1 || (dash && from && strcmp(from, "-") == 0))
        return bf__cli_usage(usage);
    j.lang = lang;
    /* Arguments alone keep their forms; the bulk inputs stream lines. */
    j.out = jsonl || all || from || dash ? OUT_LINES
            : json                       ? OUT_ARRAY
                                         : OUT_TEXT;
    j.reasons = j.out != OUT_LINES || reasons;
    j.suggest = !all && !from && !dash;
    if (!model_path)
        model_path = bf_model_default_path(pathbuf, sizeof pathbuf);
    err = bf_model_load(model_path, &m);
    if (err)
        return bf__cli_fail(model_path, err);
    j.m = m;
    if (bf__cli_open_store(j.dir, &j.st) != BF_EXIT_OK) {
        bf_model_free(m);
        return BF_EXIT_FAIL;
    }
    /* Accounts named on the command line are a few rows, read where
     * they lie; a list or the whole store is read in passes. */
    if (!all && !from && !dash)
        (void)bf_store_read_scattered(j.st);
    err = job_init(&j);
    if (!err)
        /* A list's length is not known ahead: its neighbours are judged
         * as they come, which costs a pass over the store at worst. */
        err = bf_bulk_open(j.st, bf_time_now(), &filt,
                           all ? UINT32_MAX : (uint32_t)n, &j.bulk);
    /* A profile the source does not date has unknown ages, as in the
     * audit (report/audit.c, set_clock), so both give one probability. */
    if (!err)
        err = bf_bulk_measure_undated(j.bulk, 0);
    if (!err && j.out == OUT_ARRAY && fputs("[", stdout) == EOF)
        err = BF_EIO;
    if (!err && all)
        err = add_all(&j);
    for (i = optind; !err && i < argc; i++)
        err = strcmp(argv[i], "-") == 0 ? add_file(&j, "-")
                                        : add_spec(&j, argv[i]);
    if (!err && from)
        err = add_file(&j, from);
    if (!err)
        err = flush(&j, all);
    if (!err && j.out == OUT_ARRAY && fputs("]\n", stdout) == EOF)
        err = BF_EIO;
    if (err && err != BF_EIO)
        j.status = bf__cli_fail("score", err);
    else if (err)
        j.status = BF_EXIT_FAIL;
    bf_bulk_close(j.bulk);
    job_release(&j);
    bf_store_close(j.st);
    bf_model_free(m);
    return j.status;
}
