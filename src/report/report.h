/*
 * report.h - the audit report: one struct, filled once, rendered three ways.
 *
 * bf_audit_build reads an account, its followers and its posts from the
 * store, applies the rule sets of score/rules.h and the timeline signals
 * of score/timeline.h, and fills a bf_report: a verdict with a confidence
 * and a one-sentence reason, the evidence behind it (each item a catalog
 * message with its numbers and the figures it rests on), the audience and
 * engagement sections and what would change the verdict.  The renderers
 * (report_text.c, report_json.c, report_html.c) only read it; every word
 * they print comes from report/catalog.h, in the language asked for.
 *
 * Invariants: numbers that could not be measured are -1 (counters and
 * rates alike); shares and confidence are in [0, 1]; at most
 * BF_REPORT_MAX_EVIDENCE evidence items and BF_REPORT_MAX_CHANGES changes.
 * A verdict is never given without at least one evidence item.
 *
 * Lifetime: the caller owns the struct.  bf_report_init makes it empty,
 * bf_report_release frees the account strings it copied.  The report
 * borrows nothing from the store.
 *
 *     bf_report r;
 *     bf_report_init(&r);
 *     if (bf_audit_build(st, id, NULL, &r) == BF_OK)
 *         bf_report_text(&r, BF_LANG_FR, 0, &out);
 *     bf_report_release(&r);
 */
#ifndef BF_REPORT_REPORT_H
#define BF_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "model/model.h"
#include "report/catalog.h"
#include "store/store.h"

/* The version of the report model and of its JSON form. */
#define BF_REPORT_VERSION 1

#define BF_REPORT_MAX_EVIDENCE 24
#define BF_REPORT_MAX_ARGS     4
#define BF_REPORT_MAX_FIGURES  4
#define BF_REPORT_MAX_CHANGES  6

/* The default number of followers evaluated (all of them below it). */
#define BF_AUDIT_SAMPLE 2000

typedef enum bf_verdict {
    BF_VERDICT_GENUINE,
    BF_VERDICT_QUESTIONABLE,
    BF_VERDICT_INFLATED,
    BF_VERDICT_AUTOMATED
} bf_verdict;

typedef enum bf_level { BF_LEVEL_GOOD, BF_LEVEL_WATCH, BF_LEVEL_BAD } bf_level;

/* One number behind an evidence item, with how it was computed. */
typedef struct bf_figure {
    const char *key; /* stable snake_case name, a static string */
    double value;    /* -1 when unknown */
    bf_msg_id how;   /* catalog sentence explaining the computation */
} bf_figure;

typedef struct bf_evidence {
    bf_level level;
    bf_msg_id msg;                   /* the sentence */
    double args[BF_REPORT_MAX_ARGS]; /* its numbers, in order */
    size_t nargs;
    bf_figure figures[BF_REPORT_MAX_FIGURES];
    size_t nfigures;
} bf_evidence;

/* A sentence of the catalog with its numbers. */
typedef struct bf_sentence {
    bf_msg_id msg;
    double args[BF_REPORT_MAX_ARGS];
    size_t nargs;
} bf_sentence;

/* A proportion k/n with its 95% Wilson score interval. */
typedef struct bf_share {
    uint32_t n;       /* evaluated */
    uint32_t k;       /* flagged */
    double p, lo, hi; /* all -1 when n == 0 */
} bf_share;

typedef struct bf_report_account {
    char *platform; /* owned copies; NULL when unknown */
    char *native_id;
    char *handle;
    char *name;
    int64_t followers; /* declared counters, -1 unknown */
    int64_t following;
    int64_t posts;
    int64_t created_at; /* 0 unknown */
} bf_report_account;

typedef struct bf_report_audience {
    int has_data;      /* at least one follower is in the store */
    uint64_t known;    /* followers in the store (CSR in-degree) */
    uint32_t sample;   /* followers examined */
    uint32_t profiles; /* examined followers with a known profile */
    double coverage;   /* known / declared followers, -1 unknown */
    bf_share weak;     /* Camisani-Calzolari, proportional form */
    bf_share cc;       /* Camisani-Calzolari, published decision */
    bf_share sb;       /* Socialbakers FakeFollowerCheck */
    bf_share any;      /* weak or sb: "fake-looking" */
} bf_report_audience;

typedef struct bf_report_engagement {
    uint32_t posts; /* posts examined (newest, capped) */
    uint32_t originals, replies, reposts, quotes;
    double mean; /* reactions per post, -1 unknown */
    double median;
    double mean_original; /* reactions per original post */
    double rate;          /* mean_original / followers, in [0, inf) */
    double zero_share;    /* posts without reaction */
    double dup_share;
    double automation_share;
    double scheduler_share;
    double gap_cv;
} bf_report_engagement;

typedef struct bf_report {
    int version;          /* BF_REPORT_VERSION */
    int64_t generated_at; /* the "now" the rules used */
    bf_report_account account;
    bf_verdict verdict;
    double confidence; /* 0..1 */
    bf_sentence reason;
    bf_evidence evidence[BF_REPORT_MAX_EVIDENCE];
    size_t nevidence;
    bf_report_audience audience;
    double ratio; /* followers / following, -1 unknown */
    bf_report_engagement engagement;
    bf_sentence changes[BF_REPORT_MAX_CHANGES];
    size_t nchanges;
} bf_report;

typedef struct bf_audit_opts {
    uint32_t sample;    /* followers to evaluate; 0 = BF_AUDIT_SAMPLE */
    uint32_t max_posts; /* posts to read; 0 = BF_TIMELINE_CAP */
    int64_t now;        /* 0 = bf_time_now() */
} bf_audit_opts;

/* bf_report_init makes r empty; it holds no memory yet. */
void bf_report_init(bf_report *r);

/* bf_report_release frees r's strings and leaves it empty. */
void bf_report_release(bf_report *r);

/*
 * bf_report_set_account copies a's identity and counters into r (e-mail
 * addresses and phone numbers have already been scrubbed by the store).
 */
bf_err bf_report_set_account(bf_report *r, const bf_account *a);

/*
 * bf_report_add_evidence appends an item with nargs numbers; returns the
 * item to attach figures to, or NULL when the report is full (the item is
 * then dropped) or nargs is too large.
 */
bf_evidence *bf_report_add_evidence(bf_report *r, bf_level level, bf_msg_id msg,
                                    const double *args, size_t nargs);

/* bf_evidence_add_figure attaches a figure; a full list drops it. */
void bf_evidence_add_figure(bf_evidence *e, const char *key, double value,
                            bf_msg_id how);

/* bf_report_add_change appends a "what would change" sentence. */
void bf_report_add_change(bf_report *r, bf_msg_id msg, const double *args,
                          size_t nargs);

/*
 * bf_share_wilson sets s to k of n with its 95% Wilson score interval:
 * (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), z = 1.96
 * (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it for small n).
 * O(1).
 */
void bf_share_wilson(bf_share *s, uint32_t k, uint32_t n);

/* bf_verdict_key is "genuine", "questionable", "inflated" or "automated". */
const char *bf_verdict_key(bf_verdict v);

/* bf_verdict_msg is the catalog id of v's name. */
bf_msg_id bf_verdict_msg(bf_verdict v);

/* bf_level_key is "good", "watch" or "bad". */
const char *bf_level_key(bf_level l);

/*
 * bf_audit_build fills out (initialised by the caller) with the audit of
 * account id; o may be NULL for the defaults.  Followers are the CSR's
 * in-adjacency of id; a sample of at most o->sample of them, evenly spaced
 * through the sorted list, is evaluated.  BF_ENOTFOUND for an unknown id.
 * Cost: O(sample + posts log posts) after the graph is built.
 */
bf_err bf_audit_build(bf_store *st, uint32_t account_id, const bf_audit_opts *o,
                      bf_report *out);

/*
 * bf_report_text appends r as terminal text in lang; ANSI colours only
 * when color is non-zero.
 */
bf_err bf_report_text(const bf_report *r, bf_lang lang, int color, bf_buf *out);

/*
 * bf_report_text_brief appends the account line, the verdict with its
 * reason and at most three of the strongest pieces of evidence (bad ones
 * first, then those to watch): the summary the demo prints.
 */
bf_err bf_report_text_brief(const bf_report *r, bf_lang lang, int color,
        bf_buf *out);

/*
 * bf_report_json appends the n reports as JSON (docs/report-schema.json):
 * one object when n == 1, an array otherwise.
 */
bf_err bf_report_json(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out);

/*
 * bf_report_html appends one self-contained HTML page (inline CSS and SVG,
 * no script, no network) showing the n reports.
 */
bf_err bf_report_html(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out);

#endif
