/*
 * report.h - the audit report: one struct, filled once, rendered three ways.
 *
 * bf_audit_build reads an account, its followers and its posts from the
 * store, applies the rule sets of score/rules.h and the timeline signals
 * of score/timeline.h and the authenticity model of score/model.h, and
 * fills a bf_report: a verdict with a confidence
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
#include "score/model.h"
#include "store/store.h"

/* The version of the report model and of its JSON form. */
#define BF_REPORT_VERSION 3

#define BF_REPORT_MAX_EVIDENCE  24
#define BF_REPORT_MAX_ARGS      4
#define BF_REPORT_MAX_FIGURES   4
#define BF_REPORT_MAX_CHANGES   6
#define BF_REPORT_MAX_STATS     12
#define BF_REPORT_MAX_QUESTIONS 6

/* Bins of the per-post reaction histogram: 0, 1, 2-4, 5-9, 10-24, 25-99,
 * 100 and more. */
#define BF_ENG_BINS 7

/* Months of the follower creation-date histogram (the last five years,
 * plus one bin for everything older). */
#define BF_GROWTH_MONTHS 60

/* Bins of the follower arrival histogram: weeks, or months when the
 * arrivals span more bins than this (then the last five years). */
#define BF_ARRIVAL_BINS 60

/* HypeAuditor's mass-follower threshold: following more than this. */
#define BF_MASS_FOLLOWING 1500

/* Inactive: no post in this many days (or no post at all). */
#define BF_INACTIVE_DAYS 180

/* The default number of followers evaluated (all of them below it). */
#define BF_AUDIT_SAMPLE 2000

/*
 * The followers judged in brief (the profile rules only) for the arrival
 * chart and the influential count: the whole list up to this many, a
 * uniform sample of this many of a longer one, drawn as the audience's is
 * (the same sampler and seed).  The arrivals' bounds get looser as the
 * followers dated thin out: on a list of 146,904, 10,000 of them find the
 * burst the whole list finds, 2,000 five others (docs/audit.md, "Samples
 * and cost").
 */
#define BF_AUDIT_BRIEFS 10000

/* The seed of the uniform random follower sample (fixed: same store, same
 * account, same sample). */
#define BF_AUDIT_SEED 20150101u

/* The model may raise GENUINE to QUESTIONABLE from this probability. */
#define BF_AUDIT_MODEL_RAISE 0.9

/*
 * Fewer followers judged than this is no finding about the audience, and
 * fewer dated followers no finding about growth (docs/verdict.md).
 */
#define BF_AUDIT_MIN_PROFILES 30

/* The followers in the store cover the list when they are this share. */
#define BF_AUDIT_WHOLE 0.9

/*
 * A store median over fewer accounts than this is not a peer group: the
 * published median is used instead, and the report says so.
 */
#define BF_AUDIT_MIN_PEERS 30

/*
 * An engagement rate is judged on at least this many original posts with
 * known reactions (it is reactions per original post), and, without a
 * median to compare it with, reads as people reacting from
 * BF_AUDIT_RATE_LOW (reactions per original post / followers).
 */
#define BF_AUDIT_MIN_POSTS 10
#define BF_AUDIT_RATE_LOW  0.0002
/* A rate under 1/BF_AUDIT_ENG_BAD of its reference is a warning sign in
 * the engagement section, and a doubt in the verdict. */
#define BF_AUDIT_ENG_BAD 3.0

typedef enum bf_verdict {
    BF_VERDICT_GENUINE,
    BF_VERDICT_QUESTIONABLE,
    BF_VERDICT_INFLATED,
    BF_VERDICT_AUTOMATED,
    /* Neither the audience nor the posts could be judged (never a doubt). */
    BF_VERDICT_NOT_ENOUGH
} bf_verdict;

/*
 * A finding's level.  NONE is a finding without data: neutral, never a
 * sign either way; GOOD < WATCH < BAD order the others by concern.
 */
typedef enum bf_level {
    BF_LEVEL_GOOD,
    BF_LEVEL_WATCH,
    BF_LEVEL_BAD,
    BF_LEVEL_NONE
} bf_level;

/*
 * What the followers in the store are of the account's follower list:
 * nothing; the whole list (BF_AUDIT_WHOLE of the declared count or more,
 * or no declared count); a uniform sample of it; a newest-first page
 * (follower lists are returned newest first, so a partial list is the
 * latest arrivals, not the audience); or a part collected in an unknown
 * way.  Only WHOLE and SAMPLE support a claim about the audience.
 */
typedef enum bf_coverage {
    BF_COVER_NONE,
    BF_COVER_WHOLE,
    BF_COVER_SAMPLE,
    BF_COVER_NEWEST,
    BF_COVER_UNKNOWN
} bf_coverage;

/* How the share of fake followers was estimated. */
typedef enum bf_estimator {
    BF_EST_NONE,  /* no estimate: too few followers, or no usable cover */
    BF_EST_MODEL, /* model's calls corrected by its held-out rates */
    BF_EST_RULES  /* the rule sets' share: the model's rates are unknown */
} bf_estimator;

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
    int model_reasons; /* 1: the model's reasons (bf_report.model) go here */
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

/* The sections of a report, in the order they are shown. */
typedef enum bf_section_id {
    BF_SEC_VERDICT,
    BF_SEC_AUDIENCE,
    BF_SEC_ENGAGEMENT,
    BF_SEC_INFLUENCE,
    BF_SEC_GROWTH,
    BF_SEC_CONTENT,
    BF_SEC__COUNT
} bf_section_id;

/* How a stat's value is written. */
typedef enum bf_unit {
    BF_UNIT_COUNT, /* a number with prec decimals */
    BF_UNIT_SHARE, /* 0..1 written as a percentage with prec decimals */
    BF_UNIT_PCTILE /* 0..100 percentile written with prec decimals */
} bf_unit;

/* One figure of a section: its label, its value and how it is computed. */
typedef struct bf_stat {
    const char *key; /* stable snake_case name, a static string */
    bf_msg_id label;
    double value; /* -1 when unknown */
    bf_unit unit;
    int prec;
    bf_msg_id how; /* catalog sentence explaining the computation */
} bf_stat;

/* A section: a level, one sentence of verdict, its figures. */
typedef struct bf_section {
    int shown; /* 0 when the section has nothing to say */
    bf_level level;
    bf_sentence verdict;
    bf_stat stats[BF_REPORT_MAX_STATS];
    size_t nstats;
} bf_section;

/* A question to ask the account's owner, and what a good answer holds. */
typedef struct bf_question {
    bf_sentence ask;
    bf_msg_id good;
} bf_question;

typedef struct bf_report_account {
    char *platform; /* owned copies; NULL when unknown */
    char *native_id;
    char *handle;
    char *name;
    int64_t followers; /* declared counters, -1 unknown */
    int64_t following;
    int64_t posts;
    int64_t created_at; /* 0 unknown */
    /*
     * The platform's own mark of an automated account (bf_account's
     * automated: Mastodon's bot flag, Bluesky's "bot" self-label): 1 when
     * its owner set it, 0 when the platform says it is not set, -1
     * unknown.  A statement, not a guess: it decides the verdict.
     */
    int automated;
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
    /*
     * HypeAuditor's four audience types, exclusive and in this priority:
     * suspect (fails a fake-follower rule: weak or sb), mass (follows
     * more than BF_MASS_FOLLOWING accounts), inactive (no post at all, or
     * none in BF_INACTIVE_DAYS days), real (the rest).  Shares of the
     * examined followers with a known profile.
     */
    bf_share real, mass, inactive, suspect;
    /*
     * The authenticity model over the same followers (profile features
     * only): those it calls fake or automated (p >= BF_MODEL_THRESHOLD).
     * n == 0 when no model was available.
     */
    bf_share model_fake;
    bf_coverage cover;
    /*
     * The estimated share of fake followers the audience verdict follows
     * (score/quantify.h): k and n are the model's flagged and judged
     * followers (BF_EST_MODEL) or the rule sets' (BF_EST_RULES); p, lo
     * and hi the estimate and its 95% interval.
     */
    bf_share fake;
    bf_estimator estimator;
    /*
     * The model's held-out rates used, -1 unknown: with rates per tier
     * (score/model.h, bf_model_get_quant_tier_rates), their means
     * weighted by the followers of each tier, each tier's count being
     * corrected with its own.
     */
    double tpr, fpr;
    /*
     * The kinds of followers as the model classifies them (real person;
     * bought or fake: mass follower, inactive or fake follower; spam or
     * automated), shares of model_fake.n with Wilson intervals.
     */
    bf_share kind_real, kind_fake, kind_spam;
} bf_report_audience;

/* What the authenticity model (score/model.h) says about the account. */
/* Why the model made no call on an account (bf_report_model). */
#define BF_MODEL_NOT_COUNTS   1 /* the profile's counts are all unknown */
#define BF_MODEL_NOT_PLATFORM 2 /* a platform whose profiles it never learnt */

typedef struct bf_report_model {
    int available;   /* 0: no model file, or not applied; nothing below set */
    int not_applied; /* 0, or why the model made no call:
                        BF_MODEL_NOT_COUNTS, BF_MODEL_NOT_PLATFORM */
    double prob;     /* calibrated probability of fake or automated, -1 */
    bf_class cls;    /* its class (bf_model_class) */
    bf_reason reasons[BF_MODEL_REASONS_MAX]; /* strongest first */
    size_t nreasons;
    int raised; /* 1: it raised a GENUINE verdict to QUESTIONABLE */
} bf_report_model;

typedef struct bf_report_engagement {
    uint32_t posts; /* posts examined (newest, capped) */
    uint32_t originals, replies, reposts, quotes;
    double mean; /* reactions per post, -1 unknown */
    double median;
    double mean_original;     /* reactions per original post */
    double rate;              /* mean_original / followers, in [0, inf) */
    double zero_share;        /* posts without reaction, of reactions_known */
    uint32_t reactions_known; /* posts (reposts left out) whose reactions
                                 are known: what zero_share rests on */
    double dup_share;
    double automation_share;
    double scheduler_share;
    double gap_cv;
    uint32_t hist[BF_ENG_BINS]; /* original posts by reactions */
    uint32_t hist_n;            /* original posts with known reactions */
    int parts; /* reaction counters the examined originals hold: 1 likes,
                  2 reposts, 4 replies, 8 quotes */
    int tier;  /* follower tier, 0..5 (see bf_tier_msg) */
    uint32_t tier_peers;     /* accounts of the tier measured */
    double tier_median;      /* their median rate, -1 unknown or fewer
                                   than BF_AUDIT_MIN_PEERS peers */
    double published;        /* published median for the platform */
    bf_msg_id published_src; /* the source, a catalog sentence */
    double view_rate;        /* reactions per view of the originals whose
                                views are known, -1 unknown */
    uint32_t viewed;         /* those originals */
    double view_published;   /* published median per view, -1 none */
} bf_report_engagement;

typedef struct bf_report_influence {
    int has_data;
    double pagerank_pct;  /* 0..100, -1 unknown */
    double followers_pct; /* 0..100, -1 unknown */
    uint64_t accounts;
    uint64_t profiled;        /* followers whose profile's counts are known */
    uint64_t influential;     /* of those, influential and authentic */
    double influential_share; /* influential / profiled, -1 unknown */
    /* 0 when every follower in the store was judged for the two counts
     * above; else they are of a uniform sample of this many of them */
    uint64_t sample, sample_of;
    double reposts_per_post;  /* reposts received per original post */
    double replies_per_post;  /* replies received per original post */
    double mentions_per_post; /* accounts mentioned per own post */
} bf_report_influence;

typedef struct bf_report_growth {
    uint32_t dated; /* examined followers with a creation date */
    int64_t month0; /* start of the first month bin */
    uint32_t older; /* created before month0 */
    uint32_t months[BF_GROWTH_MONTHS];
    uint8_t batch[BF_GROWTH_MONTHS]; /* 1 when the month is a batch */
    uint32_t batch_months;
    double batch_share;  /* dated followers in batch months */
    int64_t top_month;   /* start of the fullest month, 0 unknown */
    double top_share;    /* its share of the dated followers */
    double recent_share; /* created in the last 90 days */
    /*
     * Arrivals, dated from the order of the follower list when positions
     * are known (arrived > 0); otherwise only the creation months above.
     */
    uint32_t arrived; /* followers whose arrival could be dated */
    /* 0 when every listed follower was dated; else the arrivals are of a
     * uniform sample of arrival_sample of the arrival_of followers in the
     * store (BF_AUDIT_BRIEFS) */
    uint64_t arrival_sample, arrival_of;
    int arrival_days;       /* bin width: 7 (weeks) or 30 (months), 0 none */
    int64_t arrival0;       /* start of the first bin */
    int arrival_bins;       /* bins drawn, from arrival0: to now for the
                               list order, to the newest dated arrival
                               for an export (never past it) */
    uint32_t arrived_older; /* dated before arrival0 */
    uint32_t arrivals[BF_ARRIVAL_BINS];
    uint8_t burst[BF_ARRIVAL_BINS]; /* 1 when the bin is a burst */
    uint32_t bursts;
    double arrival_median; /* median arrivals per bin over the span */
    int64_t burst_at;      /* start of the largest burst's bin, 0 none */
    double burst_share;    /* its share of the dated arrivals, -1 none */
    double burst_fake;     /* fake-looking share of its judged followers,
                              -1 none judged */
    uint32_t burst_judged; /* its followers judged */
    /*
     * A new account's first months: bins that would be bursts but lie in
     * the launch window of an export's arrivals (sections.c, "launch")
     * are not, and launch_share is the dated arrivals in them, -1 none.
     */
    uint32_t launch_spared;
    double launch_share;
    /*
     * real: 1 when the arrivals above are the follow dates an account
     * export records (bf_store_arrivals), not bounds read from the list
     * order; then declared and listed are the followers the account
     * declares and those its export lists (-1 unknown), and a listed
     * count below the declared one is a partial export.
     */
    int real;
    int64_t declared, listed;
} bf_report_growth;

/* Top countries and cities kept from the insights; age bands kept. */
#define BF_GEO_TOP  5
#define BF_GEO_AGES 8

/* One labelled share of the audience insights. */
typedef struct bf_geo_share {
    char key[128]; /* the platform's label: "Lagos", "18-24" */
    double share;  /* 0..1 */
} bf_geo_share;

/*
 * Where the followers are and who they are, as the platform's own
 * audience insights (read from an account export) give them: the top
 * countries and cities by share, the age bands in order and the shares
 * of men and women (-1 unknown).  has_data 0: the platform gave none.
 */
typedef struct bf_report_geo {
    int has_data;
    int64_t observed_at; /* when the insights were taken, 0 unknown */
    bf_geo_share countries[BF_GEO_TOP], cities[BF_GEO_TOP];
    bf_geo_share ages[BF_GEO_AGES];
    size_t ncountries, ncities, nages;
    double men, women;
} bf_report_geo;

typedef struct bf_report_content {
    uint32_t posts;
    double dup_share;
    double link_share;
    double hashtag_stuffing; /* posts with stuff_hashtags hashtags or more */
    double link_stuffing;    /* posts with 2 links or more */
    int stuff_hashtags;      /* 3 on microblogs, 20 elsewhere (sections.c) */
    double automation_share;
    double scheduler_share;
    int64_t clients; /* distinct posting applications; -1 when no post
                        names its application (Bluesky, Instagram...) */
} bf_report_content;

/* What a report's ages are measured to (bf_report.measured_to). */
typedef enum bf_clock_basis {
    BF_CLOCK_OBSERVED = 0, /* the observation date the source gives */
    BF_CLOCK_NEWEST,       /* not given: the newest dated record */
    BF_CLOCK_UNKNOWN       /* not given and nothing dated: ages unknown */
} bf_clock_basis;

/*
 * Recommended alternatives (report/alternatives.h): accounts of the same
 * niche as the audited one whose own evidence is stronger.  status says
 * whether they were looked for and, when none is shown, why.
 */
#define BF_ALT_MAX   5 /* alternatives shown at most */
#define BF_ALT_WORDS 3 /* shared words named per alternative */

typedef enum bf_alt_status {
    BF_ALT_NOT_RUN = 0,  /* not looked for: the section is absent */
    BF_ALT_FOUND,        /* n >= 1 */
    BF_ALT_NO_GRAPH,     /* none of the account's followers is in the store */
    BF_ALT_NO_NICHE,     /* no account of the same niche */
    BF_ALT_NONE_STRONGER /* accounts of the niche, none with stronger evidence */
} bf_alt_status;

/* The niche signals the store held for the account (bf_report_alts). */
#define BF_ALT_SIG_AUDIENCE 1 /* followers in common */
#define BF_ALT_SIG_COFOLLOW 2 /* accounts followed by the same people */
#define BF_ALT_SIG_WORDS    4 /* words and hashtags of bios and posts */

/* What makes an alternative stronger (bf_alternative.better). */
#define BF_ALT_BETTER_VERDICT 1
#define BF_ALT_BETTER_REAL    2
#define BF_ALT_BETTER_ENG     4

typedef struct bf_alternative {
    char platform[32]; /* truncated copies, NUL-terminated */
    char handle[256];
    char name[128];
    bf_verdict verdict;           /* its own report's verdict */
    int64_t followers;            /* declared, -1 unknown */
    double real;                  /* estimated real followers, -1 unknown */
    double rate;                  /* engagement rate, -1 unknown */
    uint64_t common_followers;    /* followers it shares with the account */
    uint64_t common_following;    /* accounts both follow */
    char words[BF_ALT_WORDS][48]; /* shared words, rarest first */
    size_t nwords;
    int better; /* BF_ALT_BETTER_* */
} bf_alternative;

typedef struct bf_report_alts {
    bf_alt_status status;
    int signals;       /* BF_ALT_SIG_* the store held for the account */
    int links;         /* 1: the HTML links each one to its audit page */
    uint32_t pool;     /* neighbours examined */
    uint32_t niche;    /* of them, of the same niche */
    uint32_t screened; /* of them, whose evidence was weighed */
    double real;       /* the account's own estimated real followers, -1 */
    double rate;       /* its engagement rate, -1 */
    bf_verdict verdict;
    bf_alternative alt[BF_ALT_MAX];
    size_t n;
} bf_report_alts;

typedef struct bf_report {
    int version;          /* BF_REPORT_VERSION */
    int64_t generated_at; /* when the report was made */
    /*
     * observed_at is when the account's profile was observed, as the
     * source says (0 when it does not).  Every age and recency of the
     * report is measured to measured_to, which is observed_at when known,
     * else the newest dated record of the account (BF_CLOCK_NEWEST), else
     * 0: ages are unknown (BF_CLOCK_UNKNOWN).  posts_from and posts_to
     * span the posts examined (0 none).
     */
    int64_t observed_at;
    int64_t measured_to;
    bf_clock_basis measured_basis;
    int64_t posts_from, posts_to;
    /* The section whose finding decided the verdict (VERDICT: none). */
    bf_section_id decided_by;
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
    bf_report_influence influence;
    bf_report_growth growth;
    bf_report_content content;
    bf_report_geo geo;
    bf_report_model model;
    bf_section sections[BF_SEC__COUNT];
    bf_question questions[BF_REPORT_MAX_QUESTIONS];
    size_t nquestions;
    bf_report_alts alts; /* empty (BF_ALT_NOT_RUN) unless looked for */
} bf_report;

typedef struct bf_audit_opts {
    uint32_t sample;    /* followers to evaluate; 0 = BF_AUDIT_SAMPLE */
    uint32_t max_posts; /* posts to read; 0 = BF_TIMELINE_CAP */
    int64_t now;        /* 0 = bf_time_now() */
    /*
     * The authenticity model (borrowed); NULL: bf_audit_default_model().
     * no_model non-zero: audit without any model.
     */
    const bf_model *model;
    int no_model;
    /*
     * verdict_only non-zero: stop once the verdict, the audience estimate
     * and the engagement rate are set, without the sections, the growth
     * and influence figures, the audience types (real, mass, inactive:
     * no verdict rests on them) and the questions: the same verdict for
     * a fraction of the cost (report/alternatives.c weighs candidates so).
     */
    int verdict_only;
} bf_audit_opts;

/*
 * bf_audit_default_model is the model found by bf_model_default_path,
 * loaded once per process (thread-safe) and kept until exit; NULL when
 * no readable model file was found.
 */
const bf_model *bf_audit_default_model(void);

/* bf_report_init makes r empty; it holds no memory yet. */
void bf_report_init(bf_report *r);

/* bf_report_release frees r's strings and leaves it empty. */
void bf_report_release(bf_report *r);

/*
 * bf_report_set_account copies a's identity and counters into r (e-mail
 * addresses and phone numbers have already been scrubbed by the store).
 */
bf_err bf_report_set_account(bf_report *r, const bf_account *a);

/* bf_report_no_call is the sentence saying why the model made no call
 * on the account (m->not_applied set). */
bf_msg_id bf_report_no_call(const bf_report_model *m);

/*
 * bf_report_shown is how a report names its account: "@handle" when the
 * account has one (*out_at set to 1), else its display name or native id
 * as they are (*out_at 0): a Facebook Page known by its name or a YouTube
 * channel by its id has no handle to put an '@' before.  Never NULL.
 */
const char *bf_report_shown(const bf_report_account *a, int *out_at);

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

/*
 * bf_section_stat appends a figure to section s of r; a full list drops
 * it.
 */
void bf_section_stat(bf_report *r, bf_section_id s, const char *key,
                     bf_msg_id label, double value, bf_unit unit, int prec,
                     bf_msg_id how);

/*
 * bf_report_fake_at_floor says whether au's estimate of the fake share
 * was corrected to 0 from a count that was not: the model flagged
 * followers, but no more of them than its false-positive rate flags in a
 * wholly genuine audience.  "An estimated 0%" would then read as a
 * finding beside the flagged share it corrects; the report says instead
 * that no more of them look fake than in a genuine audience.
 */
int bf_report_fake_at_floor(const bf_report_audience *au);

/*
 * bf_report_followers_listed is the count of followers the store lists
 * that the report's header shows beside the follower count: an
 * undeclared one (an edge list's account: "unknown (the store lists 1,045
 * of them)") or one below it (a profile read before its followers: "0
 * declared; the store lists 91"); 0 when the profile declares at least
 * as many, or the store lists none.
 */
uint64_t bf_report_followers_listed(const bf_report *r);

/*
 * bf_report_posts_examined is the count of posts examined that the
 * header shows beside an undeclared post count (a Mastodon outbox:
 * "unknown (1,511 of them examined)"), or 0 when the profile declares its
 * count or no post was examined.  The examined posts are the newest,
 * capped (BF_TIMELINE_CAP), so the account has at least that many.
 */
uint64_t bf_report_posts_examined(const bf_report *r);

/*
 * bf_report_reach_pct is r's PageRank percentile where its influence
 * section ranks it, -1 (unknown) where it does not: no follower in the
 * store, or fewer than BF_AUDIT_MIN_PEERS accounts to rank among (the
 * comparison showed 99 for three accounts whose sections said too few
 * accounts were known to rank them).
 */
double bf_report_reach_pct(const bf_report *r);

/*
 * bf_percentile_shown is a percentile as the reports write it: whole and
 * rounded down, so that an account ranked above 99.6% of the others never
 * reads as ranked above 100% of them.
 */
double bf_percentile_shown(double pct);

/* bf_report_add_question appends a question; a full list drops it. */
void bf_report_add_question(bf_report *r, bf_msg_id ask, const double *args,
                            size_t nargs, bf_msg_id good);

/* bf_section_key is "verdict", "audience", ... "content". */
const char *bf_section_key(bf_section_id s);

/* bf_section_msg is the catalog id of section s's title. */
bf_msg_id bf_section_msg(bf_section_id s);

/* bf_tier_msg is the catalog id of follower tier t's name (0..5). */
bf_msg_id bf_tier_msg(int t);

/*
 * bf__report_stat_value appends a stat's value in lang (shared by the
 * renderers).
 */
bf_err bf__report_stat_value(bf_buf *out, bf_lang lang, const bf_stat *s);

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

/*
 * bf_verdict_key is "genuine", "questionable", "inflated", "automated" or
 * "not_enough_evidence".
 */
const char *bf_verdict_key(bf_verdict v);

/* bf_verdict_msg is the catalog id of v's name. */
bf_msg_id bf_verdict_msg(bf_verdict v);

/* bf_level_key is "good", "watch", "bad" or "none". */
const char *bf_level_key(bf_level l);

/* bf_coverage_key is "none", "whole", "sample", "newest" or "unknown". */
const char *bf_coverage_key(bf_coverage c);

/* bf_estimator_key is "none", "model_adjusted" or "rules". */
const char *bf_estimator_key(bf_estimator e);

/*
 * bf_audit_build fills out (initialised by the caller) with the audit of
 * account id; o may be NULL for the defaults.  Followers are the CSR's
 * in-adjacency of id; all of them are evaluated up to o->sample, else a
 * uniform random sample of o->sample (selection sampling, seed
 * BF_AUDIT_SEED).  The authenticity model, when there is one, judges the
 * account and the same followers.  BF_ENOTFOUND for an unknown id.
 * Cost: O(sample + posts log posts) after the graph is built.
 */
bf_err bf_audit_build(bf_store *st, uint32_t account_id, const bf_audit_opts *o,
                      bf_report *out);

/*
 * bf_report_text_compare appends a table of key figures, one column per
 * report (n >= 2).
 */
bf_err bf_report_text_compare(const bf_report *const *r, size_t n, bf_lang lang,
                              bf_buf *out);

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
 * one report object when n == 1; otherwise a comparison object
 * {"version", "lang", "comparison": [one row per report], "reports": [...]}.
 */
bf_err bf_report_json(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out);

/*
 * bf_report_html appends one self-contained HTML page (inline CSS and SVG,
 * no script, no network) showing the n reports, with a comparison table
 * at the top when n > 1.
 */
bf_err bf_report_html(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out);

/* ---- internal to src/report ---- */

struct bf_timeline;

/*
 * bf__engagement_reference sets en->tier and en->published and, when
 * en->rate is known, en->tier_median and en->tier_peers from the store's
 * accounts of a's platform and size (id left out).  Both the engagement
 * finding of the verdict and the engagement section compare the rate to
 * it, so that they never disagree.  Cost: up to a few hundred accounts'
 * timelines read from the store.
 */
bf_err bf__engagement_reference(bf_store *st, uint32_t id, const bf_account *a,
                                bf_report_engagement *en);

/* bf__engagement_ref is the rate en is compared to: the peers' median,
 * else the published median, else 0 (none). */
double bf__engagement_ref(const bf_report_engagement *en);

/* bf__engagement_compare is how en's rate compares to that reference:
 * BAD under a third of it, WATCH under two thirds, GOOD otherwise; without
 * a reference, the rate per view against its published median alike
 * (bf__engagement_by_view), else WATCH under 0.02%; NONE when the rate is
 * unknown. */
bf_level bf__engagement_compare(const bf_report_engagement *en);

/* bf__engagement_by_view is 1 when that comparison is per view: no peer
 * group and no published median per follower, but a published median per
 * view and at least BF_AUDIT_MIN_POSTS original posts with their views. */
int bf__engagement_by_view(const bf_report_engagement *en);

/*
 * bf__platform_of_exports is 1 for the platforms read from their owners'
 * exports and their Graph and YouTube APIs: Instagram, Facebook, TikTok,
 * LinkedIn and YouTube.  Their posts are captions, stuffed only by many
 * hashtags, and no public interface lists their followers with profiles.
 */
int bf__platform_of_exports(const char *platform);

/*
 * bf__how_dup is how the report says duplicates are found for r's
 * account: by its texts, or on YouTube by its titles, digits kept.
 */
bf_msg_id bf__how_dup(const bf_report *r);

/* bf__growth_start empties g and sets its month bins to end at now. */
bf_err bf__growth_start(bf_report_growth *g, int64_t now);

/* bf__growth_add counts a follower created at t in g's month bins. */
void bf__growth_add(bf_report_growth *g, int64_t t);

/*
 * bf__audit_sections fills the sections, the content, influence and
 * engagement comparisons and the questions of out, once the verdict,
 * audience and growth counts are in (and the engagement reference,
 * bf__engagement_reference).  tl is the audited account's timeline summary.
 */
bf_err bf__audit_sections(bf_store *st, uint32_t id,
                          const struct bf_timeline *tl, const bf_audit_opts *o,
                          bf_report *out);

#endif
