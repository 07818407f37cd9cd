/*
 * serve_team.c - the shortlist, the team's notes and the search results
 * with verdicts: what a team uses to choose between candidates.
 *
 * Pages.  GET /shortlist shows the shortlisted candidates (store/team.h)
 * side by side, one per column, with the figures a choice turns on:
 * verdict, confidence, followers, the estimated share of fake followers
 * with its interval, engagement rate, the growth finding and the team's
 * notes.  The audit page gets, after the report, a button to shortlist
 * the account and the notes with their forms (bf__audit_extras).  The
 * search page's results (bf__search_results) are paged, twenty at a
 * time, sortable by followers, verdict or handle, each with its verdict
 * and a shortlist button.  The API reads the same: /api/v1/shortlist and
 * /api/v1/accounts/{account}/notes.
 *
 * Forms.  Every change is a POST of an urlencoded form (serve.c reads
 * the body, at most BF__FORM_MAX bytes, after its Origin and
 * Sec-Fetch-Site checks) carrying the CSRF token of serve_guard.c; a
 * success answers 303 to a page (post, redirect, get), a refusal shows
 * the form again with one message per field.  A note's author gets a
 * random token as an HttpOnly, SameSite=Strict cookie when writing a
 * first note; the store keeps its SHA-256 only, and only that token may
 * edit or delete the note.  The optional e-mail field is checked for
 * form and then dropped: it is never stored, logged, written into a
 * page or an answer, not even into a form shown again after an error
 * (docs/web-shortlist.md).
 *
 * Verdicts.  A search page shows up to twenty verdicts and the shortlist
 * five, each the verdict of a full audit (bf_audit_build): there is no
 * lighter path to a verdict, since it rests on the audience sample.  So
 * their summaries are cached: a direct-mapped table keyed by account and
 * valid for one store generation (bf__generation), like the page cache
 * of serve_pages.c, so a page of results costs twenty audits once per
 * generation and table lookups after.  An audit page built by
 * serve_pages.c leaves its summary here too (bf__summary_put), which the
 * home page's list of checked accounts reads without auditing.  A sort by verdict needs every
 * match's verdict, so it is offered up to BF__VERDICT_SORT_MAX matches.
 */
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "fetch/fetch.h"
#include "report/report.h"
#include "serve/serve_int.h"
#include "serve/serve_msgs.h"
#include "store/search.h"
#include "store/team.h"

/* Results per search page. */
#define PAGE_SIZE 20
/* Matches a sort by verdict may read; beyond, the page says so. */
#define BF__VERDICT_SORT_MAX 100
/* Verdict summaries kept (direct-mapped by account). */
#define SUMMARIES 4096
/* The author token: 32 random bytes in hex. */
#define TOKEN_HEX 64

/* ---- the pages' sentences ---- */

typedef enum tmsg {
    T_SHORTLIST,
    T_ADD,
    T_ON_LIST,
    T_REMOVE,
    T_FULL,
    T_EMPTY,
    T_HOLDS,
    T_RANGE,
    T_SORT,
    T_SORT_FOLLOWERS,
    T_SORT_VERDICT,
    T_SORT_NAME,
    T_PREV,
    T_NEXT,
    T_PAGES,
    T_VERDICT_LIMIT,
    T_NOTES,
    T_NO_NOTES,
    T_ADD_NOTE,
    T_NAME,
    T_EMAIL,
    T_EMAIL_HINT,
    T_BODY,
    T_SAVE,
    T_EDIT,
    T_DELETE,
    T_ERR_NAME_MISSING,
    T_ERR_NAME_LONG,
    T_ERR_NAME_BYTES,
    T_ERR_BODY_MISSING,
    T_ERR_BODY_LONG,
    T_ERR_BODY_BYTES,
    T_ERR_EMAIL,
    T_ERR_FORM,
    T_ERR_AUTHOR,
    T_ERR_TOO_MANY_NOTES,
    T_ERR_SUMMARY,
    T_NOTE_ON,
    T_BACK,
    T_COMPARE_ALL,
    T_EDITED,
    T_VERDICT_COL,
    T_CANDIDATE,
    T_REMOVE_ONE,
    T_ADD_ONE,
    T_HOLDS_ONE,
    T_RANGE_ONE,
    T_RANGE_MORE,
    T__COUNT
} tmsg;

static const char *const tmsgs[T__COUNT][BF_LANG__COUNT] = {
    [T_SHORTLIST] = { "Shortlist", "Sélection" },
    [T_ADD] = { "Add to the shortlist", "Ajouter à la sélection" },
    [T_ON_LIST] = { "On the shortlist", "Dans la sélection" },
    [T_REMOVE] = { "Remove", "Retirer" },
    [T_FULL] = { "The shortlist already holds five candidates: remove one "
                 "before adding another.",
                 "La sélection compte déjà cinq candidats\xe2\x80\xaf: "
                 "retirez-en un avant d'en ajouter un autre." },
    [T_EMPTY] = { "No candidate yet: add them from the search results or "
                  "from a report.",
                  "Aucun candidat pour l'instant\xe2\x80\xaf: ajoutez-en "
                  "depuis les résultats de recherche ou un rapport." },
    [T_HOLDS] = { "%.0f of 5 candidates.", "%.0f candidats sur 5." },
    /* French counts 0 and 1 in the singular. */
    [T_HOLDS_ONE] = { "%.0f of 5 candidates.", "%.0f candidat sur 5." },
    [T_RANGE_ONE] = { "1 account.", "1 compte." },
    [T_RANGE] = { "%.0f\xe2\x80\x93%.0f of %.0f accounts.",
                  "%.0f\xe2\x80\x93%.0f sur %.0f comptes." },
    [T_RANGE_MORE] = { "%.0f\xe2\x80\x93%.0f of more than %.0f accounts: "
                       "the most followed are listed; refine the search to "
                       "find the others.",
                       "%.0f\xe2\x80\x93%.0f sur plus de %.0f comptes\xe2"
                       "\x80\xaf: les plus suivis sont listés\xe2\x80\xaf; "
                       "précisez la recherche pour trouver les autres." },
    [T_SORT] = { "Sort by:", "Trier par\xe2\x80\xaf:" },
    [T_SORT_FOLLOWERS] = { "followers", "abonnés" },
    [T_SORT_VERDICT] = { "verdict", "verdict" },
    [T_SORT_NAME] = { "name", "nom" },
    [T_PREV] = { "Previous", "Précédents" },
    [T_NEXT] = { "Next", "Suivants" },
    [T_PAGES] = { "Pages of results", "Pages de résultats" },
    [T_VERDICT_LIMIT] = { "Sorting by verdict works on at most 100 results: "
                          "narrow the search. Sorted by followers.",
                          "Le tri par verdict porte sur 100 résultats au "
                          "plus\xe2\x80\xaf: précisez la recherche. Tri par "
                          "abonnés." },
    [T_NOTES] = { "Team notes", "Notes de l'équipe" },
    [T_NO_NOTES] = { "No note yet.", "Aucune note pour l'instant." },
    [T_ADD_NOTE] = { "Add a note", "Ajouter une note" },
    [T_NAME] = { "Your name (required)", "Votre nom (obligatoire)" },
    [T_EMAIL] = { "E-mail (optional)", "Courriel (facultatif)" },
    [T_EMAIL_HINT] = { "Never shown and never kept.",
                       "Jamais affiché ni conservé." },
    [T_BODY] = { "Note (required)", "Note (obligatoire)" },
    [T_SAVE] = { "Save the note", "Enregistrer la note" },
    [T_EDIT] = { "Edit", "Modifier" },
    [T_DELETE] = { "Delete", "Supprimer" },
    [T_ERR_NAME_MISSING] = { "Give your name.", "Indiquez votre nom." },
    [T_ERR_NAME_LONG] = { "The name is too long (80 characters at most).",
                          "Le nom est trop long (80 caractères au plus)." },
    [T_ERR_NAME_BYTES] = { "The name holds characters that cannot be kept "
                           "(control characters or a line break).",
                           "Le nom contient des caractères impossibles à "
                           "garder (caractères de contrôle ou saut de "
                           "ligne)." },
    [T_ERR_BODY_MISSING] = { "Write the note.", "Écrivez la note." },
    [T_ERR_BODY_LONG] = { "The note is too long (4,000 characters at "
                          "most).",
                          "La note est trop longue (4\xe2\x80\xaf"
                          "000 caractères au plus)." },
    [T_ERR_BODY_BYTES] = { "The note holds control characters that cannot "
                           "be kept.",
                           "La note contient des caractères de contrôle "
                           "impossibles à garder." },
    [T_ERR_EMAIL] = { "This is not an e-mail address. It is optional: you "
                      "may leave it empty.",
                      "Ce n'est pas une adresse de courriel. Elle est "
                      "facultative\xe2\x80\xaf: vous pouvez laisser le "
                      "champ vide." },
    [T_ERR_FORM] = { "This form has expired or was sent from another site: "
                     "reload the page and try again.",
                     "Ce formulaire a expiré ou vient d'un autre site\xe2\x80"
                     "\xaf: rechargez la page et réessayez." },
    [T_ERR_AUTHOR] = { "Only the author of this note, in the browser that "
                       "wrote it, may change or delete it.",
                       "Seul l'auteur de cette note, dans le navigateur qui "
                       "l'a écrite, peut la modifier ou la supprimer." },
    [T_ERR_TOO_MANY_NOTES] = { "This account has too many notes already.",
                               "Ce compte a déjà trop de notes." },
    [T_ERR_SUMMARY] = { "not available", "indisponible" },
    [T_NOTE_ON] = { "Note on", "Note sur" },
    [T_BACK] = { "Back to the report", "Retour au rapport" },
    [T_COMPARE_ALL] = { "Compare their full reports",
                        "Comparer leurs rapports complets" },
    [T_EDITED] = { "edited", "modifiée" },
    [T_VERDICT_COL] = { "Verdict", "Verdict" },
    [T_CANDIDATE] = { "Candidate", "Candidat" },
    [T_REMOVE_ONE] = { "Remove %s from the shortlist",
                       "Retirer %s de la sélection" },
    [T_ADD_ONE] = { "Add %s to the shortlist", "Ajouter %s à la sélection" },
};

static const char *tm(bf_lang lang, tmsg id)
{
    const char *s = tmsgs[id][lang == BF_LANG_FR ? BF_LANG_FR : BF_LANG_EN];

    return s ? s : "";
}

/* reach_of is how many of total search matches pages can reach: a broad
 * query's total is counted only past BF_STORE_SEARCH_COUNT_MAX. */
static size_t reach_of(size_t total)
{
    return total < BF_STORE_SEARCH_COUNT_MAX ? total
                                             : BF_STORE_SEARCH_COUNT_MAX;
}

/* tm_numbers appends message id with its "%.0f" conversions filled. */
static bf_err tm_numbers(bf_buf *b, bf_lang lang, tmsg id, const double *v,
                         size_t n)
{
    const char *p = tm(lang, id);
    size_t used = 0;
    bf_err err = BF_OK;

    while (!err && *p) {
        const char *pct = strstr(p, "%.0f");

        if (!pct)
            return bf_buf_puts(b, p);
        err = bf_buf_append(b, p, (size_t)(pct - p));
        if (!err && used < n)
            err = bf_msg_number(b, lang, v[used++], 0);
        p = pct + 4;
    }
    return err;
}

/* tm_named appends message id (one "%s") with name HTML-escaped. */
static bf_err tm_named(bf_buf *b, bf_lang lang, tmsg id, const char *name)
{
    const char *p = tm(lang, id), *s = strstr(p, "%s");
    bf_err err;

    if (!s)
        return bf_buf_html(b, p);
    err = bf_buf_append(b, p, (size_t)(s - p));
    if (!err)
        err = bf_buf_html(b, name);
    if (!err)
        err = bf_buf_html(b, s + 2);
    return err;
}

/* The pages' own style: the comparison scrolls sideways on a phone. */
static const char team_style[] =
        "<style>"
        ".bf-team{max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "font-family:system-ui,sans-serif}"
        ".sl-scroll{overflow-x:auto;max-width:100%}"
        "table.sl{border-collapse:collapse}"
        "table.sl th,table.sl td{padding:.4rem .6rem;vertical-align:top;"
        "border-bottom:1px solid #ddd;text-align:left}"
        "table.sl td,table.sl thead th{min-width:13rem;max-width:18rem}"
        "table.sl tbody th{position:sticky;left:0;background:#fff;"
        "min-width:7rem}"
        ".note-body{white-space:pre-wrap;overflow-wrap:anywhere}"
        ".bf-field-error,.bf-error{color:#a00}"
        ".bf-team label{display:block;margin-top:.6rem}"
        ".bf-team input[type=text],.bf-team input[type=email],"
        ".bf-team textarea{width:100%;max-width:36rem;box-sizing:border-box}"
        "ol.notes{padding-left:1.2rem}"
        ".hint{color:#555;font-size:.9em}"
        "</style>\n";

/* ---- small helpers ---- */

/*
 * spec_of writes the account's "platform:handle" (or "platform:#native")
 * into out, the shown name; its "platform:#native" into exact, the name
 * forms and links use, since two accounts of a platform may share a
 * handle (an upload of an export, a renamed account) and a handle then
 * names the most followed; and its "@handle" into label.  exact and
 * label may be NULL.
 */
static bf_err spec_of(bf__handle *h, uint32_t id, bf_buf *out, bf_buf *exact,
                      bf_buf *label)
{
    bf_account_row row;
    bf_err err = bf_store_account(h->st, id, &row);

    if (err)
        return err;
    if (exact)
        err = bf_buf_appendf(exact, "%s:#%s",
                             row.a.platform ? row.a.platform : "generic",
                             row.a.native_id ? row.a.native_id : "");
    if (err) {
        bf_account_row_release(&row);
        return err;
    }
    if (out && row.a.handle && row.a.handle[0])
        err = bf_buf_appendf(out, "%s:%s",
                             row.a.platform ? row.a.platform : "generic",
                             row.a.handle);
    else if (out)
        err = bf_buf_appendf(out, "%s:#%s",
                             row.a.platform ? row.a.platform : "generic",
                             row.a.native_id ? row.a.native_id : "");
    if (!err && label)
        err = bf_buf_appendf(
                label, "@%s",
                row.a.handle && row.a.handle[0]
                        ? row.a.handle
                        : (row.a.native_id ? row.a.native_id : ""));
    bf_account_row_release(&row);
    return err;
}

/* audit_href appends "/audit?a=SPEC&amp;lang=xx" (HTML-escaped). */
static bf_err audit_href(bf_buf *b, const char *spec, bf_lang lang)
{
    bf_err err = bf_buf_puts(b, "/audit?a=");

    if (!err)
        err = bf_fetch_url_escape(b, spec);
    if (!err)
        err = bf_buf_appendf(b, "&amp;lang=%s", bf_lang_code(lang));
    return err;
}

/* csrf_field appends the hidden CSRF field of a form. */
static bf_err csrf_field(bf_server *srv, bf_buf *b)
{
    char tok[BF__CSRF_LEN + 1];

    bf__csrf_make(srv, time(NULL), tok);
    return bf_buf_appendf(b,
                          "<input type=\"hidden\" name=\"csrf\" "
                          "value=\"%s\">",
                          tok);
}

/* valid_token: tok is an author token as this server makes them. */
static int valid_token(const char *tok)
{
    return tok && strlen(tok) == TOKEN_HEX &&
           strspn(tok, "0123456789abcdef") == TOKEN_HEX;
}

/* token_hash sets h to the SHA-256 of the token's text. */
static void token_hash(const char *tok, uint8_t *h)
{
    struct sha256_ctx ctx;

    sha256_init(&ctx);
    sha256_update(&ctx, strlen(tok), (const uint8_t *)tok);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, h);
}

/* new_token writes a fresh random author token into tok. */
static bf_err new_token(char *tok)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char raw[TOKEN_HEX / 2];
    size_t got = 0, i;

    while (got < sizeof raw) {
        ssize_t r = getrandom(raw + got, sizeof raw - got, 0);

        if (r <= 0)
            return BF_EIO;
        got += (size_t)r;
    }
    for (i = 0; i < sizeof raw; i++) {
        tok[2 * i] = digits[raw[i] >> 4];
        tok[2 * i + 1] = digits[raw[i] & 15];
    }
    tok[TOKEN_HEX] = '\0';
    return BF_OK;
}

/* ---- the verdict summaries ---- */

typedef struct summary {
    int used, ok;
    uint32_t id;
    uint64_t gen;
    bf_verdict verdict;
    double confidence;
    int64_t followers;
    bf_share fake;
    double eng_rate;
    int growth_shown;
    bf_level growth_level;
    bf_sentence growth;
} summary;

struct bf__team {
    pthread_mutex_t mu;
    summary *slots;
};

bf_err bf__team_init(bf_server *srv)
{
    srv->team = calloc(1, sizeof *srv->team);
    if (!srv->team)
        return BF_ENOMEM;
    srv->team->slots = calloc(SUMMARIES, sizeof *srv->team->slots);
    if (!srv->team->slots) {
        free(srv->team);
        srv->team = NULL;
        return BF_ENOMEM;
    }
    pthread_mutex_init(&srv->team->mu, NULL);
    return BF_OK;
}

void bf__team_free(bf_server *srv)
{
    if (!srv->team)
        return;
    pthread_mutex_destroy(&srv->team->mu);
    free(srv->team->slots);
    free(srv->team);
    srv->team = NULL;
}

/*
 * fill sets *out to the summary of account id at generation gen: the
 * figures of report r, or "not available" when r is NULL (the audit
 * failed).
 */
static void fill(summary *out, uint32_t id, uint64_t gen, const bf_report *r)
{
    memset(out, 0, sizeof *out);
    out->used = 1;
    out->id = id;
    out->gen = gen;
    if (!r)
        return;
    out->ok = 1;
    out->verdict = r->verdict;
    out->confidence = r->confidence;
    out->followers = r->account.followers;
    out->fake = r->audience.fake;
    out->eng_rate = r->engagement.rate;
    out->growth_shown = r->sections[BF_SEC_GROWTH].shown;
    out->growth_level = r->sections[BF_SEC_GROWTH].level;
    out->growth = r->sections[BF_SEC_GROWTH].verdict;
}

/*
 * summarize sets *out to account id's verdict and key figures, from the
 * cache when it holds them for the current generation, else from a full
 * audit (under graph_rw, as serve_pages.c's audits).  An audit that fails
 * gives a summary with ok = 0, shown as "not available", and is cached
 * too, so a broken account does not cost an audit per page.
 */
static bf_err summarize(bf_server *srv, bf__handle *h, uint32_t id,
                        summary *out)
{
    summary *slot = &srv->team->slots[id % SUMMARIES];
    bf_report r;
    uint64_t gen = 0;
    bf_err err;

    pthread_rwlock_rdlock(&srv->graph_rw);
    err = bf__generation(srv, h, &gen);
    if (err) {
        pthread_rwlock_unlock(&srv->graph_rw);
        return err;
    }
    pthread_mutex_lock(&srv->team->mu);
    if (slot->used && slot->id == id && slot->gen == gen) {
        *out = *slot;
        pthread_mutex_unlock(&srv->team->mu);
        pthread_rwlock_unlock(&srv->graph_rw);
        return BF_OK;
    }
    pthread_mutex_unlock(&srv->team->mu);
    bf_report_init(&r);
    err = bf_audit_build(h->st, id, NULL, &r);
    pthread_rwlock_unlock(&srv->graph_rw);
    if (err == BF_ENOMEM) {
        bf_report_release(&r);
        return err;
    }
    fill(out, id, gen, err ? NULL : &r);
    bf_report_release(&r);
    pthread_mutex_lock(&srv->team->mu);
    *slot = *out;
    pthread_mutex_unlock(&srv->team->mu);
    return BF_OK;
}

void bf__summary_put(bf_server *srv, uint32_t id, uint64_t gen,
                     const bf_report *r)
{
    summary s;

    fill(&s, id, gen, r);
    pthread_mutex_lock(&srv->team->mu);
    srv->team->slots[id % SUMMARIES] = s;
    pthread_mutex_unlock(&srv->team->mu);
}

int bf__verdict_peek(bf_server *srv, uint32_t id, uint64_t gen, bf_verdict *out)
{
    const summary *slot = &srv->team->slots[id % SUMMARIES];
    int hit;

    pthread_mutex_lock(&srv->team->mu);
    hit = slot->used && slot->ok && slot->id == id && slot->gen == gen;
    if (hit)
        *out = slot->verdict;
    pthread_mutex_unlock(&srv->team->mu);
    return hit;
}

/* verdict_cell appends the verdict's name with its key as data. */
static bf_err verdict_text(bf_buf *b, bf_lang lang, const summary *s)
{
    if (!s->ok)
        return bf_buf_puts(b, tm(lang, T_ERR_SUMMARY));
    return bf_buf_html(b, bf_msg(lang, bf_verdict_msg(s->verdict)));
}

/* ---- forms: parsing ---- */

typedef struct form {
    char *mem; /* the decoded copy the fields point into */
    const char *csrf, *a, *back, *author, *email, *body, *note;
    int bad; /* a malformed escape or a field given twice */
} form;

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * decode turns s (a key or value of an urlencoded body) into its bytes in
 * place: '+' is a space, %XX a byte.  A NUL byte (%00) becomes 0x01, a
 * control byte the checks refuse, so that it cannot cut the field short
 * unseen.  -1 for a malformed escape.
 */
static int decode(char *s)
{
    char *w = s;

    for (; *s; s++) {
        if (*s == '+') {
            *w++ = ' ';
        } else if (*s == '%') {
            int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
            int byte = hi * 16 + lo;

            if (hi < 0 || lo < 0)
                return -1;
            *w++ = (char)(byte ? byte : 1);
            s += 2;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
    return 0;
}

/* form_parse reads body[0..len) into f; release with form_release. */
static bf_err form_parse(const char *body, size_t len, form *f)
{
    char *p, *next;

    memset(f, 0, sizeof *f);
    f->mem = malloc(len + 1);
    if (!f->mem)
        return BF_ENOMEM;
    memcpy(f->mem, body, len);
    f->mem[len] = '\0';
    if (strlen(f->mem) != len) {
        f->bad = 1; /* a raw NUL in the body */
        return BF_OK;
    }
    for (p = f->mem; p && *p; p = next) {
        char *eq;
        const char **slot = NULL;

        next = strchr(p, '&');
        if (next)
            *next++ = '\0';
        eq = strchr(p, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (decode(p) != 0 || decode(eq + 1) != 0) {
            f->bad = 1;
            return BF_OK;
        }
        if (strcmp(p, "csrf") == 0)
            slot = &f->csrf;
        else if (strcmp(p, "a") == 0)
            slot = &f->a;
        else if (strcmp(p, "back") == 0)
            slot = &f->back;
        else if (strcmp(p, "author") == 0)
            slot = &f->author;
        else if (strcmp(p, "email") == 0)
            slot = &f->email;
        else if (strcmp(p, "body") == 0)
            slot = &f->body;
        else if (strcmp(p, "note") == 0)
            slot = &f->note;
        if (!slot)
            continue;
        if (*slot)
            f->bad = 1;
        *slot = eq + 1;
    }
    return BF_OK;
}

static void form_release(form *f)
{
    free(f->mem);
    f->mem = NULL;
}

/*
 * email_ok: an optional address is empty, or one line of 3 to 254 bytes
 * with one '@' between a local part and a domain holding a dot.  It is
 * checked so that a mistyped field gets its message, then dropped.
 */
static int email_ok(const char *s)
{
    const char *at, *p;
    size_t n;

    if (!s)
        return 1;
    while (*s == ' ')
        s++;
    n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0)
        return 1;
    if (n > 254)
        return 0;
    for (p = s; p < s + n; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' ||
            *p == '"')
            return 0;
    }
    at = memchr(s, '@', n);
    if (!at || at == s || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
        return 0;
    return memchr(at + 1, '.', n - (size_t)(at - s) - 1) != NULL &&
           at[1] != '.' && s[n - 1] != '.';
}

/* note_id reads a note id: 1 to 18 decimal digits; 0 when invalid. */
static int64_t note_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
        return 0;
    return strtoll(s, NULL, 10);
}

/*
 * safe_back: back is a path of this site to return to (starts with one
 * '/', no control byte, no backslash, fits a Location), else NULL.
 */
static const char *safe_back(const char *back, size_t cap)
{
    const char *p;

    if (!back || back[0] != '/' || back[1] == '/' || strlen(back) >= cap)
        return NULL;
    for (p = back; *p; p++) {
        if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '\\' ||
            (unsigned char)*p >= 0x80)
            return NULL;
    }
    return back;
}

/* ---- the note form ---- */

/* The problems of a note form, one per field. */
typedef struct note_errs {
    tmsg author, body, email; /* T__COUNT when the field is fine */
} note_errs;

static int note_check(const form *f, note_errs *e)
{
    static const tmsg an[] = { T__COUNT, T_ERR_NAME_MISSING, T_ERR_NAME_LONG,
                               T_ERR_NAME_BYTES };
    static const tmsg bn[] = { T__COUNT, T_ERR_BODY_MISSING, T_ERR_BODY_LONG,
                               T_ERR_BODY_BYTES };

    e->author = an[bf_note_check(f->author, 0)];
    e->body = bn[bf_note_check(f->body, 1)];
    e->email = email_ok(f->email) ? T__COUNT : T_ERR_EMAIL;
    return e->author != T__COUNT || e->body != T__COUNT || e->email != T__COUNT;
}

/* field_error appends a field's message, when it has one. */
static bf_err field_error(bf_buf *b, bf_lang lang, const char *id, tmsg m)
{
    if (m == T__COUNT)
        return BF_OK;
    return bf_buf_appendf(b, "<p class=\"bf-field-error\" id=\"%s\">%s</p>", id,
                          tm(lang, m));
}

/*
 * note_fields appends the form's fields: name, e-mail and note, with
 * values (may be NULL) and the messages of e (may be NULL).  The e-mail
 * field is always empty: an address is never written into a page.  pre
 * makes the ids unique when a page holds several forms.
 */
static bf_err note_fields(bf_buf *b, bf_lang lang, const char *pre,
                          const char *author, const char *body,
                          const note_errs *e)
{
    tmsg ea = e ? e->author : T__COUNT, eb = e ? e->body : T__COUNT;
    tmsg ee = e ? e->email : T__COUNT;
    bf_err err;

    err = bf_buf_appendf(b,
                         "<label for=\"%s-author\">%s</label>"
                         "<input id=\"%s-author\" type=\"text\" "
                         "name=\"author\" maxlength=\"80\" "
                         "aria-required=\"true\" autocomplete=\"name\"%s "
                         "value=\"",
                         pre, tm(lang, T_NAME), pre,
                         ea != T__COUNT ? " aria-invalid=\"true\"" : "");
    if (!err)
        err = bf_buf_html(b, author ? author : "");
    if (!err)
        err = bf_buf_puts(b, "\">");
    if (!err)
        err = field_error(b, lang, "err-author", ea);
    if (!err)
        err = bf_buf_appendf(b,
                             "<label for=\"%s-email\">%s</label>"
                             "<input id=\"%s-email\" type=\"email\" "
                             "name=\"email\" maxlength=\"254\" "
                             "autocomplete=\"off\" "
                             "aria-describedby=\"%s-email-hint\"%s value=\"\">"
                             "<span class=\"hint\" id=\"%s-email-hint\">%s"
                             "</span>",
                             pre, tm(lang, T_EMAIL), pre, pre,
                             ee != T__COUNT ? " aria-invalid=\"true\"" : "",
                             pre, tm(lang, T_EMAIL_HINT));
    if (!err)
        err = field_error(b, lang, "err-email", ee);
    if (!err)
        err = bf_buf_appendf(b,
                             "<label for=\"%s-body\">%s</label>"
                             "<textarea id=\"%s-body\" name=\"body\" "
                             "rows=\"4\" maxlength=\"4000\" "
                             "aria-required=\"true\"%s>",
                             pre, tm(lang, T_BODY), pre,
                             eb != T__COUNT ? " aria-invalid=\"true\"" : "");
    if (!err)
        err = bf_buf_html(b, body ? body : "");
    if (!err)
        err = bf_buf_puts(b, "</textarea>");
    if (!err)
        err = field_error(b, lang, "err-body", eb);
    return err;
}

/*
 * note_form_page answers a refused note form (status 400) with the form
 * again: its fields (but the e-mail) and one message per field.  note is
 * 0 for a new note, else the note being edited.
 */
static void note_form_page(bf_server *srv, const bf__req *rq, const char *spec,
                           const char *label, int64_t note, const form *f,
                           const note_errs *e, bf__reply *r)
{
    bf_buf *b = &r->body;
    bf_buf self;

    /* The language switch leads back to the report: a form is not kept
     * across a language change, and the e-mail never is. */
    bf_buf_init(&self, 2048);
    bf_buf_puts(&self, "/audit?a=");
    bf_fetch_url_escape(&self, spec);
    bf_buf_reset(b);
    r->status = 400;
    bf__html_head(b, rq->lang, tm(rq->lang, T_NOTES),
                  self.data ? self.data : "/");
    bf_buf_release(&self);
    bf_buf_puts(b, team_style);
    bf_buf_appendf(b, "<main class=\"bf-team\"><h1>%s ",
                   tm(rq->lang, T_NOTE_ON));
    bf_buf_html(b, label);
    bf_buf_puts(b, "</h1>\n<p><a id=\"back-report\" href=\"");
    audit_href(b, spec, rq->lang);
    bf_buf_appendf(b, "\">%s</a></p>\n", tm(rq->lang, T_BACK));
    bf_buf_appendf(b,
                   "<form id=\"note-form\" method=\"post\" "
                   "action=\"/notes/%s?lang=%s\" novalidate>",
                   note ? "edit" : "add", bf_lang_code(rq->lang));
    csrf_field(srv, b);
    if (note)
        bf_buf_appendf(b,
                       "<input type=\"hidden\" name=\"note\" "
                       "value=\"%lld\">",
                       (long long)note);
    else {
        bf_buf_puts(b, "<input type=\"hidden\" name=\"a\" value=\"");
        bf_buf_html(b, spec);
        bf_buf_puts(b, "\">");
    }
    note_fields(b, rq->lang, "note", f->author, f->body, e);
    bf_buf_appendf(b,
                   "<p><button id=\"note-save\" type=\"submit\">%s</button>"
                   "</p></form></main>\n",
                   tm(rq->lang, T_SAVE));
    bf__html_tail(b);
}

/* message_page answers status with one sentence on a page of ours. */
static void message_page(bf__reply *r, bf_lang lang, unsigned status,
                         const char *code, tmsg m)
{
    bf_buf_reset(&r->body);
    r->status = status;
    r->ctype = "text/html; charset=utf-8";
    r->location[0] = '\0';
    bf__html_head(&r->body, lang, tm(lang, T_NOTES), "/shortlist");
    bf_buf_appendf(&r->body,
                   "<main class=\"bf-team\"><p class=\"bf-error\" id=\"error\" "
                   "role=\"alert\" data-code=\"%s\">%s</p></main>\n",
                   code, tm(lang, m));
    bf__html_tail(&r->body);
}

/* redirect answers 303 to the page at loc (its length is checked). */
static void redirect(bf__reply *r, const char *loc)
{
    r->status = 303;
    snprintf(r->location, sizeof r->location, "%s", loc);
}

/* redirect_audit answers 303 to spec's audit page, at its notes. */
static void redirect_audit(bf__reply *r, const char *spec, bf_lang lang)
{
    bf_buf loc;

    bf_buf_init(&loc, sizeof r->location);
    bf_buf_puts(&loc, "/audit?a=");
    bf_fetch_url_escape(&loc, spec);
    bf_buf_appendf(&loc, "&lang=%s#notes", bf_lang_code(lang));
    if (loc.data && loc.len < sizeof r->location)
        redirect(r, loc.data);
    else
        redirect(r, lang == BF_LANG_FR ? "/shortlist?lang=fr" : "/shortlist");
    bf_buf_release(&loc);
}

/* ---- the shortlist page ---- */

/* fake_cell appends the estimated share of fake followers, interval. */
static bf_err fake_cell(bf_buf *b, bf_lang lang, const summary *s)
{
    bf_err err;

    if (!s->ok || s->fake.n == 0 || s->fake.p < 0)
        return bf_buf_puts(b, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    err = bf_msg_percent(b, lang, s->fake.p, 0);
    if (!err)
        err = bf_buf_puts(b, " <span class=\"hint\">(");
    if (!err)
        err = bf_msg_percent(b, lang, s->fake.lo, 0);
    if (!err)
        err = bf_buf_puts(b, "\xe2\x80\x93");
    if (!err)
        err = bf_msg_percent(b, lang, s->fake.hi, 0);
    if (!err)
        err = bf_buf_puts(b, ")</span>");
    return err;
}

/* notes_list appends an account's notes, escaped, as a list. */
static bf_err notes_list(bf_buf *b, bf_lang lang, const bf_note *notes,
                         size_t n, int compact)
{
    size_t i;
    bf_err err = BF_OK;

    if (n == 0)
        return bf_buf_appendf(b, "<p class=\"no-notes\">%s</p>",
                              tm(lang, T_NO_NOTES));
    err = bf_buf_puts(b, "<ul class=\"notes\">");
    for (i = 0; !err && i < n; i++) {
        err = bf_buf_appendf(b, "<li class=\"note\" data-note=\"%lld\">%s",
                             (long long)notes[i].id, compact ? "<b>" : "");
        if (!err)
            err = bf_buf_html(b, notes[i].author);
        if (!err)
            err = bf_buf_puts(b, compact ? "</b>: <span class=\"note-body\">"
                                         : "");
        if (!err)
            err = bf_buf_html(b, notes[i].body);
        if (!err)
            err = bf_buf_puts(b, "</span></li>");
    }
    if (!err)
        err = bf_buf_puts(b, "</ul>");
    return err;
}

/*
 * shortlist_page answers GET /shortlist (and the 409 of a sixth, with
 * full set).  Each candidate is a column; the first column names the
 * rows and stays in view while the others scroll sideways.
 */
static void shortlist_page(bf_server *srv, const bf__req *rq, int full,
                           bf__reply *r)
{
    static const char *const rows[] = { "verdict", "confidence", "followers",
                                        "fake",    "engagement", "growth",
                                        "notes",   "remove" };
    uint32_t ids[BF_SHORTLIST_MAX];
    summary sums[BF_SHORTLIST_MAX];
    bf_note *notes[BF_SHORTLIST_MAX] = { 0 };
    size_t nnotes[BF_SHORTLIST_MAX] = { 0 };
    bf_buf specs[BF_SHORTLIST_MAX], labels[BF_SHORTLIST_MAX];
    bf_buf exacts[BF_SHORTLIST_MAX];
    bf__handle *h = bf__handle_get(srv);
    bf_lang lang = rq->lang;
    bf_buf *b = &r->body;
    size_t n = 0, i, k;
    double dn;
    bf_err err;

    for (i = 0; i < BF_SHORTLIST_MAX; i++) {
        bf_buf_init(&specs[i], 1024);
        bf_buf_init(&labels[i], 1024);
        bf_buf_init(&exacts[i], 1024);
    }
    err = bf_store_shortlist(h->st, ids, BF_SHORTLIST_MAX, &n);
    for (i = 0; !err && i < n; i++) {
        err = spec_of(h, ids[i], &specs[i], &exacts[i], &labels[i]);
        if (!err)
            err = summarize(srv, h, ids[i], &sums[i]);
        if (!err)
            err = bf_store_notes(h->st, ids[i], &notes[i], &nnotes[i]);
    }
    bf__handle_put(srv, h);
    if (err) {
        bf__reply_error(r, 0, lang, 500, "internal", bf_strerror(err));
        goto out;
    }
    bf_buf_reset(b);
    if (full)
        r->status = 409;
    bf__html_head(b, lang, tm(lang, T_SHORTLIST), "/shortlist");
    bf_buf_puts(b, team_style);
    bf_buf_appendf(b,
                   "<main class=\"bf-team\" id=\"shortlist-page\">"
                   "<h1>%s</h1>\n",
                   tm(lang, T_SHORTLIST));
    if (full)
        bf_buf_appendf(b,
                       "<p class=\"bf-error\" id=\"shortlist-full\" "
                       "role=\"alert\">%s</p>\n",
                       tm(lang, T_FULL));
    dn = (double)n;
    bf_buf_appendf(b, "<p id=\"shortlist-count\" data-count=\"%zu\">", n);
    tm_numbers(b, lang, n <= 1 ? T_HOLDS_ONE : T_HOLDS, &dn, 1);
    bf_buf_puts(b, "</p>\n");
    if (n == 0) {
        bf_buf_appendf(b, "<p id=\"shortlist-empty\">%s</p>\n",
                       tm(lang, T_EMPTY));
        goto done;
    }
    bf_buf_appendf(b,
                   "<div class=\"sl-scroll\" role=\"region\" tabindex=\"0\" "
                   "aria-labelledby=\"sl-caption\">"
                   "<table class=\"sl\" id=\"shortlist\">"
                   "<caption id=\"sl-caption\">%s</caption>\n"
                   "<thead><tr><th scope=\"col\">%s</th>",
                   tm(lang, T_SHORTLIST), tm(lang, T_CANDIDATE));
    for (i = 0; i < n; i++) {
        bf_buf_puts(b, "<th scope=\"col\" class=\"cand\" data-account=\"");
        bf_buf_html(b, specs[i].data);
        bf_buf_puts(b, "\"><a class=\"report-link\" href=\"");
        audit_href(b, exacts[i].data, lang);
        bf_buf_puts(b, "\">");
        bf_buf_html(b, labels[i].data);
        bf_buf_puts(b, "</a></th>");
    }
    bf_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        static const bf_msg_id lbl[] = {
            BF_MSG_SEC_VERDICT, BF_MSG_LBL_CONFIDENCE, BF_MSG_LBL_FOLLOWERS,
            BF_MSG_LBL_FAKE_EST, BF_MSG_LBL_ENG_RATE
        };

        bf_buf_appendf(b, "<tr class=\"row-%s\"><th scope=\"row\">", rows[k]);
        if (k < 5)
            bf_buf_html(b, bf_msg(lang, lbl[k]));
        else if (k == 5)
            bf_buf_html(b, bf_msg(lang, bf_section_msg(BF_SEC_GROWTH)));
        else
            bf_buf_puts(b, tm(lang, k == 6 ? T_NOTES : T_REMOVE));
        bf_buf_puts(b, "</th>");
        for (i = 0; i < n; i++) {
            const summary *s = &sums[i];

            bf_buf_appendf(b, "<td class=\"%s\"", rows[k]);
            if (k == 0)
                bf_buf_appendf(b, " data-verdict=\"%s\"",
                               s->ok ? bf_verdict_key(s->verdict) : "none");
            bf_buf_putc(b, '>');
            switch (k) {
            case 0:
                verdict_text(b, lang, s);
                break;
            case 1:
                bf_msg_percent(b, lang, s->ok ? s->confidence : -1, 0);
                break;
            case 2:
                bf_msg_number(b, lang, (double)s->followers, 0);
                break;
            case 3:
                fake_cell(b, lang, s);
                break;
            case 4:
                bf_msg_percent(b, lang, s->ok ? s->eng_rate : -1, 2);
                break;
            case 5:
                if (s->ok && s->growth_shown)
                    bf_msg_format(b, lang, s->growth.msg, s->growth.args,
                                  s->growth.nargs);
                else
                    bf_buf_puts(b, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
                break;
            case 6:
                notes_list(b, lang, notes[i], nnotes[i], 1);
                break;
            default:
                bf_buf_appendf(b,
                               "<form method=\"post\" "
                               "action=\"/shortlist/remove?lang=%s\">",
                               bf_lang_code(lang));
                csrf_field(srv, b);
                bf_buf_puts(b, "<input type=\"hidden\" name=\"a\" value=\"");
                bf_buf_html(b, exacts[i].data);
                bf_buf_puts(b, "\"><button type=\"submit\" "
                               "class=\"shortlist-remove\" aria-label=\"");
                tm_named(b, lang, T_REMOVE_ONE, labels[i].data);
                bf_buf_appendf(b, "\">%s</button></form>", tm(lang, T_REMOVE));
                break;
            }
            bf_buf_puts(b, "</td>");
        }
        bf_buf_puts(b, "</tr>\n");
    }
    bf_buf_puts(b, "</tbody></table></div>\n");
    if (n >= 2) {
        bf_buf_puts(b, "<p><a id=\"compare-all\" href=\"/compare?");
        for (i = 0; i < n; i++) {
            bf_buf_puts(b, i ? "&amp;a=" : "a=");
            bf_fetch_url_escape(b, exacts[i].data);
        }
        bf_buf_appendf(b, "&amp;lang=%s\">%s</a></p>\n", bf_lang_code(lang),
                       tm(lang, T_COMPARE_ALL));
    }
done:
    bf_buf_puts(b, "</main>\n");
    bf__html_tail(b);
out:
    for (i = 0; i < BF_SHORTLIST_MAX; i++) {
        bf_notes_free(notes[i], nnotes[i]);
        bf_buf_release(&specs[i]);
        bf_buf_release(&labels[i]);
        bf_buf_release(&exacts[i]);
    }
}

/* ---- JSON ---- */

static bf_err json_str(bf_buf *b, const char *s)
{
    return bf_buf_json_string(b, s ? s : "", s ? strlen(s) : 0);
}

static bf_err json_num(bf_buf *b, double v)
{
    return v < 0 ? bf_buf_puts(b, "null") : bf_buf_appendf(b, "%.6g", v);
}

/* json_notes appends notes as a JSON array: never a token or address. */
static bf_err json_notes(bf_buf *b, const bf_note *notes, size_t n)
{
    size_t i;
    bf_err err = bf_buf_putc(b, '[');

    for (i = 0; !err && i < n; i++) {
        err = bf_buf_appendf(b, "%s{\"id\":%lld,\"author\":", i ? "," : "",
                             (long long)notes[i].id);
        if (!err)
            err = json_str(b, notes[i].author);
        if (!err)
            err = bf_buf_puts(b, ",\"body\":");
        if (!err)
            err = json_str(b, notes[i].body);
        if (!err)
            err = bf_buf_appendf(b, ",\"created_at\":%lld,\"updated_at\":%lld}",
                                 (long long)notes[i].created_at,
                                 (long long)notes[i].updated_at);
    }
    if (!err)
        err = bf_buf_putc(b, ']');
    return err;
}

/* shortlist_json answers GET /api/v1/shortlist. */
static void shortlist_json(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    uint32_t ids[BF_SHORTLIST_MAX];
    bf__handle *h = bf__handle_get(srv);
    bf_buf *b = &r->body;
    size_t n = 0, i, nn = 0;
    bf_note *notes = NULL;
    bf_buf spec;
    summary s;
    bf_err err;

    bf_buf_init(&spec, 1024);
    r->ctype = "application/json";
    err = bf_store_shortlist(h->st, ids, BF_SHORTLIST_MAX, &n);
    if (!err)
        err = bf_buf_appendf(b, "{\"max\":%d,\"count\":%zu,\"candidates\":[",
                             BF_SHORTLIST_MAX, n);
    for (i = 0; !err && i < n; i++) {
        bf_buf_reset(&spec);
        err = spec_of(h, ids[i], &spec, NULL, NULL);
        if (!err)
            err = summarize(srv, h, ids[i], &s);
        if (!err)
            err = bf_store_notes(h->st, ids[i], &notes, &nn);
        if (err)
            break;
        bf_buf_puts(b, i ? ",{\"account\":" : "{\"account\":");
        json_str(b, spec.data);
        bf_buf_appendf(b, ",\"verdict\":\"%s\",\"confidence\":",
                       s.ok ? bf_verdict_key(s.verdict) : "unavailable");
        json_num(b, s.ok ? s.confidence : -1);
        bf_buf_appendf(b, ",\"followers\":%lld,\"fake_followers\":",
                       (long long)(s.ok ? s.followers : -1));
        if (s.ok && s.fake.n > 0) {
            bf_buf_puts(b, "{\"share\":");
            json_num(b, s.fake.p);
            bf_buf_puts(b, ",\"low\":");
            json_num(b, s.fake.lo);
            bf_buf_puts(b, ",\"high\":");
            json_num(b, s.fake.hi);
            bf_buf_putc(b, '}');
        } else {
            bf_buf_puts(b, "null");
        }
        bf_buf_puts(b, ",\"engagement_rate\":");
        json_num(b, s.ok ? s.eng_rate : -1);
        bf_buf_puts(b, ",\"notes\":");
        json_notes(b, notes, nn);
        bf_buf_puts(b, "}");
        bf_notes_free(notes, nn);
        notes = NULL;
        nn = 0;
    }
    bf__handle_put(srv, h);
    bf_buf_release(&spec);
    if (err)
        bf__reply_error(r, 1, rq->lang, 500, "internal", bf_strerror(err));
    else
        bf_buf_puts(b, "]}\n");
}

/* notes_json answers GET /api/v1/accounts/{spec}/notes. */
static void notes_json(bf_server *srv, const bf__req *rq, const char *spec,
                       bf__reply *r)
{
    bf__handle *h = bf__handle_get(srv);
    bf_note *notes = NULL;
    size_t n = 0;
    uint32_t id = 0;
    bf_err err = bf_store_resolve(h->st, spec, &id);

    if (!err)
        err = bf_store_notes(h->st, id, &notes, &n);
    bf__handle_put(srv, h);
    if (err == BF_ENOTFOUND) {
        bf__reply_error(r, 1, rq->lang, 404, "not_found",
                        "no such account in the store");
        return;
    }
    if (err) {
        bf__reply_error(r, 1, rq->lang, 500, "internal", bf_strerror(err));
        return;
    }
    r->ctype = "application/json";
    bf_buf_puts(&r->body, "{\"account\":");
    json_str(&r->body, spec);
    bf_buf_puts(&r->body, ",\"notes\":");
    json_notes(&r->body, notes, n);
    bf_buf_puts(&r->body, "}\n");
    bf_notes_free(notes, n);
}

/* ---- routes ---- */

int bf__team_route(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    static const char acc[] = "/api/v1/accounts/";
    const char *p = rq->path;
    size_t len = strlen(p);

    if (strcmp(p, "/shortlist") == 0) {
        shortlist_page(srv, rq, 0, r);
        return 1;
    }
    if (strcmp(p, "/api/v1/shortlist") == 0) {
        shortlist_json(srv, rq, r);
        return 1;
    }
    if (strncmp(p, acc, sizeof acc - 1) == 0 && len > sizeof acc - 1 + 6 &&
        strcmp(p + len - 6, "/notes") == 0) {
        char spec[512];
        size_t n = len - 6 - (sizeof acc - 1);

        if (n == 0 || n >= sizeof spec || memchr(p + sizeof acc - 1, '/', n))
            return 0;
        memcpy(spec, p + sizeof acc - 1, n);
        spec[n] = '\0';
        notes_json(srv, rq, spec, r);
        return 1;
    }
    return 0;
}

int bf__form_route(const char *path)
{
    return strcmp(path, "/shortlist/add") == 0 ||
           strcmp(path, "/shortlist/remove") == 0 ||
           strcmp(path, "/notes/add") == 0 ||
           strcmp(path, "/notes/edit") == 0 ||
           strcmp(path, "/notes/delete") == 0;
}

/* shortlist_post answers /shortlist/add and /shortlist/remove. */
static void shortlist_post(bf_server *srv, const bf__req *rq, const form *f,
                           int add, bf__reply *r)
{
    bf__handle *h;
    uint32_t id = 0;
    const char *back;
    bf_err err;

    if (!f->a || !f->a[0]) {
        bf__reply_error(r, 0, rq->lang, 400, "missing_account",
                        "name an account with a=platform:handle");
        return;
    }
    h = bf__handle_get(srv);
    err = bf_store_resolve(h->st, f->a, &id);
    if (!err)
        err = add ? bf_store_shortlist_add(h->st, id, (int64_t)time(NULL))
                  : bf_store_shortlist_remove(h->st, id);
    bf__handle_put(srv, h);
    if (err == BF_ELIMIT) {
        shortlist_page(srv, rq, 1, r);
        return;
    }
    if (err) {
        bf__reply_error(r, 0, rq->lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        bf_strerror(err));
        return;
    }
    back = add ? safe_back(f->back, sizeof r->location) : NULL;
    if (back)
        redirect(r, back);
    else
        redirect(r, rq->lang == BF_LANG_FR ? "/shortlist?lang=fr"
                                           : "/shortlist?lang=en");
}

/*
 * note_post answers /notes/add, /notes/edit and /notes/delete.  The
 * token cookie is checked before the fields on edit and delete, so a
 * stranger learns nothing about a note by posting to it.
 */
static void note_post(bf_server *srv, const bf__req *rq, const form *f,
                      const char *what, bf__reply *r)
{
    int add = strcmp(what, "add") == 0, del = strcmp(what, "delete") == 0;
    char tok[TOKEN_HEX + 1];
    uint8_t hash[BF_NOTE_HASH];
    bf_buf spec, label;
    bf__handle *h;
    note_errs e;
    bf_note old;
    int64_t note = 0;
    uint32_t id = 0;
    bf_err err = BF_OK;

    memset(&old, 0, sizeof old);
    bf_buf_init(&spec, 1024);
    bf_buf_init(&label, 1024);
    if (!add && (note = note_id(f->note)) == 0) {
        bf__reply_error(r, 0, rq->lang, 400, "bad_note", "no such note");
        goto out;
    }
    if (!add && !valid_token(rq->author)) {
        message_page(r, rq->lang, 403, "not_author", T_ERR_AUTHOR);
        goto out;
    }
    h = bf__handle_get(srv);
    if (add) {
        err = f->a && f->a[0] ? bf_store_resolve(h->st, f->a, &id)
                              : BF_ENOTFOUND;
    } else {
        err = bf_store_note_get(h->st, note, &old);
        id = old.account;
    }
    if (!err)
        err = spec_of(h, id, NULL, &spec, &label);
    bf__handle_put(srv, h);
    if (err) {
        bf__reply_error(r, 0, rq->lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        bf_strerror(err));
        goto out;
    }
    if (!add) {
        token_hash(rq->author, hash);
        if (memcmp(hash, old.token_hash, BF_NOTE_HASH) != 0) {
            message_page(r, rq->lang, 403, "not_author", T_ERR_AUTHOR);
            goto out;
        }
    }
    if (!del && note_check(f, &e)) {
        note_form_page(srv, rq, spec.data, label.data, note, f, &e, r);
        goto out;
    }
    if (add) {
        if (valid_token(rq->author)) {
            memcpy(tok, rq->author, sizeof tok);
        } else if ((err = new_token(tok)) != BF_OK) {
            bf__reply_error(r, 0, rq->lang, 500, "internal", bf_strerror(err));
            goto out;
        }
        token_hash(tok, hash);
    }
    h = bf__handle_get(srv);
    if (add)
        err = bf_store_note_add(h->st, id, f->author, f->body, hash,
                                (int64_t)time(NULL), NULL);
    else if (del)
        err = bf_store_note_delete(h->st, note, hash);
    else
        err = bf_store_note_update(h->st, note, f->author, f->body, hash,
                                   (int64_t)time(NULL));
    bf__handle_put(srv, h);
    if (err == BF_EACCES) {
        message_page(r, rq->lang, 403, "not_author", T_ERR_AUTHOR);
    } else if (err == BF_ELIMIT) {
        message_page(r, rq->lang, 409, "too_many_notes", T_ERR_TOO_MANY_NOTES);
    } else if (err) {
        bf__reply_error(r, 0, rq->lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        bf_strerror(err));
    } else {
        /* The token lives a year, in this browser only, out of reach of
         * any script and of any other site's requests. */
        if (add)
            snprintf(r->cookie, sizeof r->cookie,
                     BF__AUTHOR_COOKIE "=%s; Path=/; Max-Age=31536000; "
                                       "HttpOnly; SameSite=Strict",
                     tok);
        redirect_audit(r, spec.data, rq->lang);
    }
out:
    bf_note_release(&old);
    bf_buf_release(&spec);
    bf_buf_release(&label);
}

void bf__form_post(bf_server *srv, const bf__req *rq, const char *body,
                   size_t len, bf__reply *r)
{
    form f;
    bf_err err = form_parse(body, len, &f);

    if (err) {
        bf__reply_error(r, 0, rq->lang, 500, "internal", bf_strerror(err));
        return;
    }
    if (f.bad) {
        bf__reply_error(r, 0, rq->lang, 400, "bad_form",
                        "the form is malformed");
    } else if (!bf__csrf_check(srv, f.csrf, time(NULL))) {
        message_page(r, rq->lang, 403, "bad_csrf", T_ERR_FORM);
    } else if (strcmp(rq->path, "/shortlist/add") == 0) {
        shortlist_post(srv, rq, &f, 1, r);
    } else if (strcmp(rq->path, "/shortlist/remove") == 0) {
        shortlist_post(srv, rq, &f, 0, r);
    } else {
        note_post(srv, rq, &f, rq->path + 7, r);
    }
    form_release(&f);
}

/* ---- the audit page's part ---- */

/* own: the note was written with the token of this browser's cookie. */
static int own(const bf_note *n, const char *author)
{
    uint8_t h[BF_NOTE_HASH];

    if (!valid_token(author))
        return 0;
    token_hash(author, h);
    return memcmp(h, n->token_hash, BF_NOTE_HASH) == 0;
}

bf_err bf__audit_extras(bf_server *srv, const bf__req *rq, const char *spec,
                        bf_buf *page)
{
    uint32_t ids[BF_SHORTLIST_MAX], id = 0;
    bf__handle *h = bf__handle_get(srv);
    bf_note *notes = NULL;
    size_t nn = 0, ns = 0, i, at;
    bf_lang lang = rq->lang;
    const char *end;
    int listed = 0;
    bf_buf b, canon, label;
    bf_err err;

    bf_buf_init(&b, BF__REPLY_LIMIT);
    bf_buf_init(&canon, 1024);
    bf_buf_init(&label, 1024);
    err = bf_store_resolve(h->st, spec, &id);
    if (!err)
        err = spec_of(h, id, NULL, &canon, &label);
    if (!err)
        err = bf_store_notes(h->st, id, &notes, &nn);
    if (!err)
        err = bf_store_shortlist(h->st, ids, BF_SHORTLIST_MAX, &ns);
    bf__handle_put(srv, h);
    if (err)
        goto out;
    for (i = 0; i < ns; i++)
        listed |= ids[i] == id;
    bf_buf_puts(&b, team_style);
    bf_buf_puts(&b, "<section class=\"bf-team\" id=\"team\" "
                    "aria-labelledby=\"notes\">\n");
    if (listed) {
        bf_buf_appendf(&b,
                       "<p><a id=\"shortlist-on\" href=\"/shortlist?lang=%s\">"
                       "%s</a></p>\n",
                       bf_lang_code(lang), tm(lang, T_ON_LIST));
    } else {
        bf_buf_appendf(
                &b, "<form method=\"post\" action=\"/shortlist/add?lang=%s\">",
                bf_lang_code(lang));
        csrf_field(srv, &b);
        bf_buf_puts(&b, "<input type=\"hidden\" name=\"a\" value=\"");
        bf_buf_html(&b, canon.data);
        bf_buf_puts(&b, "\"><input type=\"hidden\" name=\"back\" value=\"");
        bf_buf_puts(&b, "/audit?a=");
        bf_fetch_url_escape(&b, canon.data);
        bf_buf_appendf(&b,
                       "&amp;lang=%s\"><button id=\"shortlist-add\" "
                       "type=\"submit\">%s</button></form>\n",
                       bf_lang_code(lang), tm(lang, T_ADD));
    }
    bf_buf_appendf(&b, "<h2 id=\"notes\">%s</h2>\n", tm(lang, T_NOTES));
    if (nn == 0)
        bf_buf_appendf(&b, "<p id=\"no-notes\">%s</p>\n", tm(lang, T_NO_NOTES));
    else
        bf_buf_puts(&b, "<ol class=\"notes\" id=\"notes-list\">\n");
    for (i = 0; i < nn; i++) {
        const bf_note *n = &notes[i];
        char pre[32];

        bf_buf_appendf(&b,
                       "<li class=\"note\" id=\"note-%lld\" data-note=\"%lld\">"
                       "<p><b class=\"note-author\">",
                       (long long)n->id, (long long)n->id);
        bf_buf_html(&b, n->author);
        bf_buf_puts(&b, "</b> \xc2\xb7 <span class=\"hint\">");
        bf_msg_date(&b, lang, n->created_at);
        if (n->updated_at != n->created_at)
            bf_buf_appendf(&b, " (%s)", tm(lang, T_EDITED));
        bf_buf_puts(&b, "</span></p><p class=\"note-body\">");
        bf_buf_html(&b, n->body);
        bf_buf_puts(&b, "</p>");
        if (own(n, rq->author)) {
            snprintf(pre, sizeof pre, "edit-%lld", (long long)n->id);
            bf_buf_appendf(
                    &b,
                    "<details class=\"note-edit\"><summary>%s</summary>"
                    "<form method=\"post\" action=\"/notes/edit?lang=%s\" "
                    "novalidate>",
                    tm(lang, T_EDIT), bf_lang_code(lang));
            csrf_field(srv, &b);
            bf_buf_appendf(&b,
                           "<input type=\"hidden\" name=\"note\" "
                           "value=\"%lld\">",
                           (long long)n->id);
            note_fields(&b, lang, pre, n->author, n->body, NULL);
            bf_buf_appendf(&b,
                           "<p><button type=\"submit\" class=\"note-save\">%s"
                           "</button></p></form></details>"
                           "<form method=\"post\" "
                           "action=\"/notes/delete?lang=%s\">",
                           tm(lang, T_SAVE), bf_lang_code(lang));
            csrf_field(srv, &b);
            bf_buf_appendf(&b,
                           "<input type=\"hidden\" name=\"note\" "
                           "value=\"%lld\"><button type=\"submit\" "
                           "class=\"note-delete\">%s</button></form>",
                           (long long)n->id, tm(lang, T_DELETE));
        }
        bf_buf_puts(&b, "</li>\n");
    }
    if (nn)
        bf_buf_puts(&b, "</ol>\n");
    bf_buf_appendf(&b,
                   "<h3 id=\"add-note\">%s</h3>\n<form id=\"note-form\" "
                   "method=\"post\" action=\"/notes/add?lang=%s\" novalidate>",
                   tm(lang, T_ADD_NOTE), bf_lang_code(lang));
    csrf_field(srv, &b);
    bf_buf_puts(&b, "<input type=\"hidden\" name=\"a\" value=\"");
    bf_buf_html(&b, canon.data);
    bf_buf_puts(&b, "\">");
    note_fields(&b, lang, "note", NULL, NULL, NULL);
    err = bf_buf_appendf(&b,
                         "<p><button id=\"note-save\" type=\"submit\">%s"
                         "</button></p></form>\n</section>\n",
                         tm(lang, T_SAVE));
    if (err)
        goto out;
    /* Into the page before its </body>, or at its end. */
    end = page->data ? strstr(page->data, "</body>") : NULL;
    at = end ? (size_t)(end - page->data) : page->len;
    {
        bf_buf whole;

        bf_buf_init(&whole, BF__REPLY_LIMIT);
        err = bf_buf_append(&whole, page->data ? page->data : "", at);
        if (!err)
            err = bf_buf_append(&whole, b.data, b.len);
        if (!err)
            err = bf_buf_append(&whole, page->data + at, page->len - at);
        if (!err) {
            bf_buf tmp = *page;

            *page = whole;
            whole = tmp;
        }
        bf_buf_release(&whole);
    }
out:
    bf_notes_free(notes, nn);
    bf_buf_release(&b);
    bf_buf_release(&canon);
    bf_buf_release(&label);
    return err == BF_ENOTFOUND ? BF_OK : err;
}

/* ---- search results ---- */

typedef enum sort_key { SORT_FOLLOWERS, SORT_VERDICT, SORT_NAME } sort_key;

/* A hit with its summary, for the sort by verdict. */
typedef struct ranked {
    bf_store_hit hit;
    summary s;
} ranked;

/* by_verdict: genuine first, then by concern; unknowns last; ties by
 * followers, then id. */
static int by_verdict(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int va = a->s.ok ? (int)a->s.verdict : 99;
    int vb = b->s.ok ? (int)b->s.verdict : 99;

    if (va != vb)
        return va < vb ? -1 : 1;
    if (a->hit.followers != b->hit.followers)
        return a->hit.followers > b->hit.followers ? -1 : 1;
    return a->hit.id < b->hit.id ? -1 : a->hit.id > b->hit.id;
}

/* page_link appends the href of the search page q, sort, page. */
static bf_err page_href(bf_buf *b, const char *q, sort_key sort, size_t page,
                        bf_lang lang)
{
    static const char *const names[] = { "followers", "verdict", "name" };
    bf_err err = bf_buf_puts(b, "/?q=");

    if (!err)
        err = bf_fetch_url_escape(b, q);
    if (!err)
        err = bf_buf_appendf(b, "&amp;sort=%s&amp;page=%zu&amp;lang=%s",
                             names[sort], page, bf_lang_code(lang));
    return err;
}

bf_err bf__search_results(bf_server *srv, const bf__req *rq, const char *q,
                          bf_buf *out)
{
    static const tmsg sort_names[] = { T_SORT_FOLLOWERS, T_SORT_VERDICT,
                                       T_SORT_NAME };
    bf_lang lang = rq->lang;
    sort_key sort = SORT_FOLLOWERS;
    size_t page = 1, total = 0, n = 0, i, first, pages;
    uint32_t ids[BF_SHORTLIST_MAX];
    size_t ns = 0;
    ranked *rows = NULL;
    bf__handle *h;
    int limited = 0;
    bf_buf back;
    bf_err err = BF_OK;

    bf_buf_init(&back, 4096);
    if (rq->sort && strcmp(rq->sort, "verdict") == 0)
        sort = SORT_VERDICT;
    else if (rq->sort && strcmp(rq->sort, "name") == 0)
        sort = SORT_NAME;
    if (rq->page) {
        size_t len = strlen(rq->page);

        if (len >= 1 && len <= 6 && strspn(rq->page, "0123456789") == len)
            page = (size_t)strtoul(rq->page, NULL, 10);
        if (page < 1)
            page = 1;
    }
    first = (page - 1) * PAGE_SIZE;
    h = bf__handle_get(srv);
    err = bf_store_shortlist(h->st, ids, BF_SHORTLIST_MAX, &ns);
    if (!err && sort == SORT_VERDICT) {
        /* Every match's verdict, when there are not too many. */
        bf_store_hit probe;

        err = bf_store_search_page(h->st, q, BF_SEARCH_FOLLOWERS, 0, &probe, 0,
                                   &n, &total);
        if (!err && total > BF__VERDICT_SORT_MAX) {
            limited = 1;
            sort = SORT_FOLLOWERS;
        } else if (!err && total > 0) {
            bf_store_hit *all = calloc(total, sizeof *all);

            rows = calloc(total, sizeof *rows);
            err = all && rows
                          ? bf_store_search_page(h->st, q, BF_SEARCH_FOLLOWERS,
                                                 0, all, total, &n, &total)
                          : BF_ENOMEM;
            for (i = 0; !err && i < n; i++) {
                rows[i].hit = all[i];
                err = summarize(srv, h, all[i].id, &rows[i].s);
            }
            free(all);
            if (!err) {
                qsort(rows, n, sizeof *rows, by_verdict);
                /* The page is a window of the sorted rows. */
                if (first < n) {
                    memmove(rows, rows + first,
                            (n - first < PAGE_SIZE ? n - first : PAGE_SIZE) *
                                    sizeof *rows);
                    n = n - first < PAGE_SIZE ? n - first : PAGE_SIZE;
                } else {
                    /* A page past the end shows the last one. */
                    page = (n + PAGE_SIZE - 1) / PAGE_SIZE;
                    first = (page - 1) * PAGE_SIZE;
                    memmove(rows, rows + first, (n - first) * sizeof *rows);
                    n -= first;
                }
            }
        }
    }
    if (!err && sort != SORT_VERDICT) {
        bf_store_hit hits[PAGE_SIZE];

        rows = calloc(PAGE_SIZE, sizeof *rows);
        err = rows ? bf_store_search_page(h->st, q,
                                          sort == SORT_NAME
                                                  ? BF_SEARCH_NAME
                                                  : BF_SEARCH_FOLLOWERS,
                                          first, hits, PAGE_SIZE, &n, &total)
                   : BF_ENOMEM;
        /* A page past the end (or past the bound of a broad query)
         * shows the last one. */
        if (!err && n == 0 && total > 0) {
            page = (reach_of(total) + PAGE_SIZE - 1) / PAGE_SIZE;
            first = (page - 1) * PAGE_SIZE;
            err = bf_store_search_page(h->st, q,
                                       sort == SORT_NAME ? BF_SEARCH_NAME
                                                         : BF_SEARCH_FOLLOWERS,
                                       first, hits, PAGE_SIZE, &n, &total);
        }
        for (i = 0; !err && i < n; i++) {
            rows[i].hit = hits[i];
            err = summarize(srv, h, hits[i].id, &rows[i].s);
        }
    }
    bf__handle_put(srv, h);
    if (err)
        goto out;
    if (total == 0) {
        err = bf_buf_appendf(out, "<p id=\"no-results\">%s</p>\n",
                             bf_smsg(lang, BF_SMSG_NO_RESULTS));
        goto out;
    }
    bf_buf_puts(out, team_style);
    {
        int more = total > BF_STORE_SEARCH_COUNT_MAX;
        double v[3] = { (double)(n ? first + 1 : 0), (double)(first + n),
                        (double)reach_of(total) };

        bf_buf_appendf(out, "<p id=\"result-count\" data-total=\"%zu\"%s>",
                       (size_t)v[2], more ? " data-more=\"true\"" : "");
        tm_numbers(out, lang,
                   more         ? T_RANGE_MORE
                   : total == 1 ? T_RANGE_ONE
                                : T_RANGE,
                   v, 3);
        bf_buf_appendf(out, " %s</p>\n", bf_smsg(lang, BF_SMSG_COMPARE_HINT));
    }
    bf_buf_appendf(out, "<p id=\"sort\">%s ", tm(lang, T_SORT));
    for (i = 0; i < 3; i++) {
        if (i)
            bf_buf_puts(out, " \xc2\xb7 ");
        if ((sort_key)i == sort) {
            bf_buf_appendf(out,
                           "<strong id=\"sort-%s\" aria-current=\"true\">"
                           "%s</strong>",
                           i == 0   ? "followers"
                           : i == 1 ? "verdict"
                                    : "name",
                           tm(lang, sort_names[i]));
            continue;
        }
        bf_buf_appendf(out, "<a id=\"sort-%s\" href=\"",
                       i == 0   ? "followers"
                       : i == 1 ? "verdict"
                                : "name");
        page_href(out, q, (sort_key)i, 1, lang);
        bf_buf_appendf(out, "\">%s</a>", tm(lang, sort_names[i]));
    }
    bf_buf_puts(out, "</p>\n");
    if (limited)
        bf_buf_appendf(out, "<p id=\"sort-limited\">%s</p>\n",
                       tm(lang, T_VERDICT_LIMIT));
    bf_buf_appendf(out,
                   "<form method=\"get\" action=\"/compare\">\n"
                   "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n"
                   "<div class=\"sl-scroll\" role=\"region\" tabindex=\"0\" "
                   "aria-labelledby=\"result-count\">"
                   "<table id=\"results\">\n<tr><th><span class=\"vh\">%s"
                   "</span></th><th>%s</th><th>%s"
                   "</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                   bf_lang_code(lang), bf_smsg(lang, BF_SMSG_COMPARE),
                   bf_smsg(lang, BF_SMSG_COL_ACCOUNT),
                   bf_smsg(lang, BF_SMSG_COL_NAME),
                   bf_msg(lang, BF_MSG_LBL_FOLLOWERS), tm(lang, T_VERDICT_COL),
                   tm(lang, T_SHORTLIST));
    for (i = 0; i < n; i++) {
        const bf_store_hit *hit = &rows[i].hit;
        size_t k;
        int on = 0;
        bf_buf spec;
        char ref[sizeof hit->platform + sizeof hit->native_id + 2];

        for (k = 0; k < ns; k++)
            on |= ids[k] == hit->id;
        bf_buf_init(&spec, 1024);
        /* Truncated at worst, never unterminated. */
        (void)bf_store_hit_spec(hit, ref, sizeof ref);
        bf_buf_puts(&spec, ref);
        bf_buf_puts(out, "<tr class=\"hit\" data-account=\"");
        bf_buf_html(out, spec.data);
        bf_buf_puts(out, "\"><td><input type=\"checkbox\" name=\"a\" value=\"");
        bf_buf_html(out, spec.data);
        bf_buf_puts(out, "\" aria-label=\"");
        bf_buf_html(out, bf_smsg(lang, BF_SMSG_COMPARE));
        bf_buf_puts(out, " ");
        bf_buf_html(out, spec.data);
        bf_buf_puts(out, "\"></td><td><a class=\"audit-link\" href=\"");
        audit_href(out, spec.data, lang);
        bf_buf_puts(out, "\">");
        bf_buf_html(out, spec.data);
        bf_buf_puts(out, "</a></td><td>");
        bf_buf_html(out, hit->name);
        bf_buf_puts(out, "</td><td>");
        bf_msg_number(out, lang, (double)hit->followers, 0);
        bf_buf_appendf(out, "</td><td class=\"verdict\" data-verdict=\"%s\">",
                       rows[i].s.ok ? bf_verdict_key(rows[i].s.verdict)
                                    : "none");
        verdict_text(out, lang, &rows[i].s);
        bf_buf_puts(out, "</td><td>");
        if (on) {
            bf_buf_appendf(out,
                           "<a class=\"on-shortlist\" "
                           "href=\"/shortlist?lang=%s\">%s</a>",
                           bf_lang_code(lang), tm(lang, T_ON_LIST));
        } else {
            bf_buf_puts(out, "<button type=\"submit\" form=\"shortlist-form\" "
                             "class=\"shortlist-add\" name=\"a\" value=\"");
            bf_buf_html(out, hit->platform);
            bf_buf_puts(out, ":#");
            bf_buf_html(out, hit->native_id);
            bf_buf_puts(out, "\" aria-label=\"");
            tm_named(out, lang, T_ADD_ONE, spec.data);
            bf_buf_appendf(out, "\">%s</button>", tm(lang, T_ADD));
        }
        bf_buf_puts(out, "</td></tr>\n");
        bf_buf_release(&spec);
    }
    bf_buf_appendf(out,
                   "</table></div>\n<p><button id=\"compare-btn\" "
                   "type=\"submit\">"
                   "%s</button></p>\n</form>\n",
                   bf_smsg(lang, BF_SMSG_COMPARE_BUTTON));
    /* One form for every row's shortlist button (form="shortlist-form"):
     * a form cannot sit inside the comparison's form. */
    bf_buf_puts(&back, "/?q=");
    bf_fetch_url_escape(&back, q);
    bf_buf_appendf(&back, "&sort=%s&page=%zu&lang=%s",
                   sort == SORT_NAME      ? "name"
                   : sort == SORT_VERDICT ? "verdict"
                                          : "followers",
                   page, bf_lang_code(lang));
    bf_buf_appendf(out,
                   "<form id=\"shortlist-form\" method=\"post\" "
                   "action=\"/shortlist/add?lang=%s\">",
                   bf_lang_code(lang));
    csrf_field(srv, out);
    bf_buf_puts(out, "<input type=\"hidden\" name=\"back\" value=\"");
    bf_buf_html(out, back.data);
    bf_buf_puts(out, "\"></form>\n");
    pages = (reach_of(total) + PAGE_SIZE - 1) / PAGE_SIZE;
    if (pages > 1) {
        bf_buf_appendf(out, "<nav aria-label=\"%s\" id=\"pages\"><p>",
                       tm(lang, T_PAGES));
        if (page > 1) {
            bf_buf_puts(out, "<a id=\"page-prev\" rel=\"prev\" href=\"");
            page_href(out, q, sort, page - 1 < pages ? page - 1 : pages, lang);
            bf_buf_appendf(out, "\">%s</a> ", tm(lang, T_PREV));
        }
        if (page < pages) {
            bf_buf_puts(out, "<a id=\"page-next\" rel=\"next\" href=\"");
            page_href(out, q, sort, page + 1, lang);
            bf_buf_appendf(out, "\">%s</a>", tm(lang, T_NEXT));
        }
        bf_buf_puts(out, "</p></nav>\n");
    }
    err = BF_OK;
out:
    free(rows);
    bf_buf_release(&back);
    return err;
}
