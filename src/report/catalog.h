/*
 * catalog.h - every sentence a report shows, in English and in French.
 *
 * Renderers never write prose of their own: they look sentences up here by
 * id and fill in numbers.  Each message is a printf-style format taking
 * only numbers (doubles), with the same conversions in the same order in
 * both languages, so one argument list serves both.  The conversions are a
 * subset of printf: "%.Nf" (N from 0 to 9), "%'.Nf" (the same with
 * digits grouped by thousands: "12,345.6" in English, "12 345,6" in
 * French), "%D" (a Unix time written as month and year, "November 2024" /
 * "novembre 2024") and "%%".  French numbers are written with a decimal
 * comma.  bf_msg_number and bf_msg_percent always group.
 *
 * Invariants: every id below BF_MSG__COUNT has a stable key (used in JSON
 * as the evidence id) and both languages (checked by tests/unit/
 * test_report.c).  Keys and ids are only ever appended.
 *
 * Ownership: returned strings are static.
 *
 *     bf_buf b;
 *     double ratio = 2.5;
 *     bf_msg_format(&b, BF_LANG_FR, BF_MSG_EV_RATIO, &ratio, 1);
 */
#ifndef BF_REPORT_CATALOG_H
#define BF_REPORT_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/lang.h"

typedef enum bf_msg_id {
    /* Titles and labels. */
    BF_MSG_TITLE,
    BF_MSG_SEC_VERDICT,
    BF_MSG_SEC_EVIDENCE,
    BF_MSG_SEC_AUDIENCE,
    BF_MSG_SEC_ENGAGEMENT,
    BF_MSG_SEC_CHANGE,
    BF_MSG_SEC_METHOD,
    BF_MSG_LBL_FOLLOWERS,
    BF_MSG_LBL_FOLLOWING,
    BF_MSG_LBL_POSTS,
    BF_MSG_LBL_CREATED,
    BF_MSG_LBL_CONFIDENCE,
    BF_MSG_LBL_UNKNOWN,
    BF_MSG_LBL_INTERVAL,
    BF_MSG_LBL_FOLLOWERS_KNOWN,
    BF_MSG_LBL_SAMPLE,
    BF_MSG_LBL_ENG_MEAN,
    BF_MSG_LBL_ENG_RATE,
    BF_MSG_LBL_POSTS_READ,
    /* Verdict names. */
    BF_MSG_VERDICT_GENUINE,
    BF_MSG_VERDICT_QUESTIONABLE,
    BF_MSG_VERDICT_INFLATED,
    BF_MSG_VERDICT_AUTOMATED,
    /* Evidence levels. */
    BF_MSG_LEVEL_GOOD,
    BF_MSG_LEVEL_WATCH,
    BF_MSG_LEVEL_BAD,
    /* One-sentence reasons for the verdict. */
    BF_MSG_REASON_GENUINE,
    BF_MSG_REASON_INFLATED_FAKE,
    BF_MSG_REASON_INFLATED_ENGAGEMENT,
    BF_MSG_REASON_AUTOMATED,
    BF_MSG_REASON_MIXED,
    BF_MSG_REASON_THIN,
    BF_MSG_REASON_GENUINE_POSTS,
    BF_MSG_REASON_AUTOMATED_CLIENT,
    BF_MSG_REASON_DECLARED,
    /* Evidence sentences. */
    BF_MSG_EV_NO_FOLLOWER_DATA,
    BF_MSG_EV_FOLLOWERS_PARTIAL,
    BF_MSG_EV_FAKE_WEAK,
    BF_MSG_EV_FAKE_SB,
    BF_MSG_EV_FAKE_CC,
    BF_MSG_EV_FOLLOWS_MANY,
    BF_MSG_EV_RATIO,
    BF_MSG_EV_ENG_RATE,
    BF_MSG_EV_ENG_MISMATCH,
    BF_MSG_EV_ZERO_ENG,
    BF_MSG_EV_DUPLICATES,
    BF_MSG_EV_AUTOMATION,
    BF_MSG_EV_SCHEDULER,
    BF_MSG_EV_REGULAR,
    BF_MSG_EV_NO_POSTS,
    /* One per Socialbakers criterion the account meets, in bf_sb_crit
     * order (score/rules.h). */
    BF_MSG_EV_SB_RATIO,
    BF_MSG_EV_SB_SPAM,
    BF_MSG_EV_SB_REPEATS,
    BF_MSG_EV_SB_RETWEETS,
    BF_MSG_EV_SB_LINKS,
    BF_MSG_EV_SB_NO_TWEETS,
    BF_MSG_EV_SB_DEFAULT_IMAGE,
    BF_MSG_EV_SB_NO_BIO_LOC,
    BF_MSG_EV_PROFILE,
    BF_MSG_EV_REPOSTS,
    BF_MSG_EV_FEW_PROFILES,
    BF_MSG_EV_FEW_JUDGED,
    /* What would change the verdict. */
    BF_MSG_CH_INFLATED,
    BF_MSG_CH_AUTOMATED,
    BF_MSG_CH_DECLARED,
    BF_MSG_CH_GENUINE,
    BF_MSG_CH_MORE_FOLLOWERS,
    BF_MSG_CH_MORE_POSTS,
    BF_MSG_CH_ENGAGEMENT,
    /* How figures are computed. */
    BF_MSG_HOW_SHARE,
    BF_MSG_HOW_WEAK,
    BF_MSG_HOW_SB,
    BF_MSG_HOW_CC,
    BF_MSG_HOW_RATIO,
    BF_MSG_HOW_ENG_MEAN,
    BF_MSG_HOW_ENG_RATE,
    BF_MSG_HOW_ZERO_ENG,
    BF_MSG_HOW_DUP,
    BF_MSG_HOW_DUP_TITLES,
    BF_MSG_HOW_AUTOMATION,
    BF_MSG_HOW_REGULAR,
    BF_MSG_HOW_COVERAGE,
    BF_MSG_HOW_SAMPLE,
    /* Notices of the command line: accounts, follows, posts. */
    BF_MSG_DEMO_NOTICE,
    /* The command line's own sentences. */
    BF_MSG_DEMO_MORE,
    BF_MSG_DEMO_SERVE,
    BF_MSG_INGEST_SUMMARY,
    BF_MSG_INGEST_REJECTED,
    BF_MSG_INGEST_SCRUBBED,
    BF_MSG_COL_PLATFORM,
    BF_MSG_COL_ACCOUNTS,
    BF_MSG_COL_POSTS,
    BF_MSG_COL_FOLLOWS,
    BF_MSG_COL_TOTAL,
    /* The report's sections, charts, sources and questions. */
    BF_MSG_SEC_INFLUENCE,
    BF_MSG_SEC_GROWTH,
    BF_MSG_SEC_CONTENT,
    BF_MSG_SEC_QUESTIONS,
    BF_MSG_SEC_COMPARE,
    BF_MSG_LBL_GOOD_ANSWER,
    BF_MSG_LBL_ACCOUNT,
    BF_MSG_LBL_AUD_REAL,
    BF_MSG_LBL_AUD_MASS,
    BF_MSG_LBL_AUD_INACTIVE,
    BF_MSG_LBL_AUD_SUSPECT,
    BF_MSG_LBL_TIER_MEDIAN,
    BF_MSG_LBL_TIER_PEERS,
    BF_MSG_LBL_PUBLISHED,
    BF_MSG_LBL_ZERO_SHARE,
    BF_MSG_LBL_HIST,
    BF_MSG_LBL_PR_PCT,
    BF_MSG_LBL_FOL_PCT,
    BF_MSG_LBL_INFLUENTIAL,
    BF_MSG_LBL_REPOSTS_PP,
    BF_MSG_LBL_REPLIES_PP,
    BF_MSG_LBL_MENTIONS_PP,
    BF_MSG_LBL_DATED,
    BF_MSG_LBL_BATCH_MONTHS,
    BF_MSG_LBL_BATCH_SHARE,
    BF_MSG_LBL_TOP_SHARE,
    BF_MSG_LBL_RECENT_SHARE,
    BF_MSG_LBL_CHART_GROWTH,
    BF_MSG_LBL_DUP,
    BF_MSG_LBL_LINKS,
    BF_MSG_LBL_HASHTAG_STUFF,
    BF_MSG_LBL_HASHTAG_STUFF_WIDE,
    BF_MSG_LBL_LINK_STUFF,
    BF_MSG_LBL_AUTOMATION,
    BF_MSG_LBL_SCHEDULER,
    BF_MSG_LBL_CLIENTS,
    BF_MSG_TIER_0,
    BF_MSG_TIER_1,
    BF_MSG_TIER_2,
    BF_MSG_TIER_3,
    BF_MSG_TIER_4,
    BF_MSG_TIER_5,
    BF_MSG_SV_AUD_GOOD,
    BF_MSG_SV_AUD_BAD,
    BF_MSG_SV_AUD_NONE,
    BF_MSG_SV_ENG_GOOD,
    BF_MSG_SV_ENG_LOW,
    BF_MSG_SV_ENG_SILENT,
    BF_MSG_SV_ENG_ALONE,
    BF_MSG_SV_ENG_NONE,
    BF_MSG_SRC_PUBLISHED,
    BF_MSG_HOW_TIER_MEDIAN,
    BF_MSG_HOW_HIST,
    BF_MSG_HOW_AUD_REAL,
    BF_MSG_HOW_AUD_MASS,
    BF_MSG_HOW_AUD_INACTIVE,
    BF_MSG_HOW_AUD_SUSPECT,
    BF_MSG_HOW_PR,
    BF_MSG_HOW_FOL_PCT,
    BF_MSG_HOW_PER_POST,
    BF_MSG_SV_INF_AGREE,
    BF_MSG_SV_INF_LOW,
    BF_MSG_SV_INF_HIGH,
    BF_MSG_SV_INF_NONE,
    BF_MSG_SV_GROWTH_BATCH,
    BF_MSG_SV_GROWTH_SOME,
    BF_MSG_SV_GROWTH_SPREAD,
    BF_MSG_SV_GROWTH_NONE,
    BF_MSG_SV_GROWTH_NO_FOLLOWERS,
    BF_MSG_HOW_BATCH,
    BF_MSG_HOW_GROWTH,
    BF_MSG_SV_CONTENT_OK,
    BF_MSG_SV_CONTENT_OK_NOSRC,
    BF_MSG_SV_CONTENT_NOTEXT,
    BF_MSG_SV_CONTENT_NOTEXT_CLEAN,
    BF_MSG_SV_CONTENT_AUTO,
    BF_MSG_SV_CONTENT_DECLARED,
    BF_MSG_SV_CONTENT_DUP,
    BF_MSG_SV_CONTENT_STUFF,
    BF_MSG_SV_CONTENT_NONE,
    BF_MSG_SV_CONTENT_FEW,
    BF_MSG_HOW_STUFF,
    BF_MSG_HOW_STUFF_WIDE,
    BF_MSG_Q_BATCH,
    BF_MSG_GA_BATCH,
    BF_MSG_Q_FAKE,
    BF_MSG_GA_FAKE,
    BF_MSG_Q_ENG,
    BF_MSG_GA_ENG,
    BF_MSG_Q_SILENT,
    BF_MSG_GA_SILENT,
    BF_MSG_Q_AUTO,
    BF_MSG_GA_AUTO,
    BF_MSG_Q_DECLARED,
    BF_MSG_GA_DECLARED,
    BF_MSG_Q_DUP,
    BF_MSG_GA_DUP,
    BF_MSG_Q_REACH,
    BF_MSG_GA_REACH,
    BF_MSG_Q_CLIENTS,
    BF_MSG_GA_CLIENTS,
    BF_MSG_DEMO_REPORTS,
    BF_MSG_SV_INF_PROPPED,
    /* The authenticity model. */
    BF_MSG_EV_MODEL_REAL,
    BF_MSG_EV_MODEL_MASS,
    BF_MSG_EV_MODEL_INACTIVE,
    BF_MSG_EV_MODEL_FAKE,
    BF_MSG_EV_MODEL_SPAM,
    BF_MSG_EV_MODEL_NONE,
    BF_MSG_EV_MODEL_POSTS,
    BF_MSG_EV_DECLARED,
    BF_MSG_EV_MODEL_LEANS,
    BF_MSG_EV_MODEL_FOLLOWERS,
    BF_MSG_REASON_MODEL,
    BF_MSG_CH_MODEL,
    BF_MSG_HOW_MODEL,
    BF_MSG_LBL_MODEL_PROB,
    BF_MSG_LBL_AUD_MODEL,
    BF_MSG_LBL_MODEL_REASONS,
    /* Growth read from the order of the follower list. */
    BF_MSG_SV_ARRIVAL_FAKE_W,
    BF_MSG_SV_ARRIVAL_FAKE_M,
    BF_MSG_SV_ARRIVAL_SPIKE_W,
    BF_MSG_SV_ARRIVAL_SPIKE_M,
    BF_MSG_SV_ARRIVAL_BURST_W,
    BF_MSG_SV_ARRIVAL_BURST_M,
    BF_MSG_SV_ARRIVAL_STEADY,
    BF_MSG_HOW_ARRIVAL,
    BF_MSG_HOW_BURST,
    BF_MSG_LBL_ARRIVED,
    BF_MSG_LBL_BURSTS,
    BF_MSG_LBL_BURST_SHARE,
    BF_MSG_LBL_BURST_FAKE,
    BF_MSG_LBL_CHART_ARRIVAL_W,
    BF_MSG_LBL_CHART_ARRIVAL_M,
    BF_MSG_Q_BURST_W,
    BF_MSG_Q_BURST_M,
    BF_MSG_GA_BURST,
    /* The decision procedure of docs/verdict.md. */
    BF_MSG_VERDICT_NOT_ENOUGH,
    BF_MSG_LEVEL_NONE,
    BF_MSG_REASON_NOT_ENOUGH,
    BF_MSG_REASON_GENUINE_EST,
    BF_MSG_REASON_GENUINE_AUD,
    BF_MSG_REASON_INFLATED_EST,
    BF_MSG_REASON_DOUBT_AUD,
    BF_MSG_REASON_DOUBT_SILENT,
    BF_MSG_REASON_DOUBT_RATE,
    BF_MSG_EV_FAKE_EST,
    BF_MSG_EV_FAKE_EST_RULES,
    BF_MSG_EV_KINDS,
    BF_MSG_EV_DISAGREE,
    BF_MSG_EV_COVER_NEWEST,
    BF_MSG_EV_COVER_UNKNOWN,
    BF_MSG_EV_COVER_SAMPLE,
    BF_MSG_CH_COLLECT_FOLLOWERS,
    BF_MSG_CH_FOLLOWERS_CLOSED,
    BF_MSG_LBL_DECIDED,
    BF_MSG_LBL_OBSERVED,
    BF_MSG_LBL_MODEL_CALL,
    BF_MSG_LBL_ORIG_CHARTED,
    BF_MSG_LBL_REACTIONS_KNOWN,
    BF_MSG_MODEL_PROB_SHORT,
    BF_MSG_MODEL_NOT_APPLIED,
    BF_MSG_CLOCK_NEWEST,
    BF_MSG_CLOCK_UNKNOWN,
    BF_MSG_LBL_POSTS_SPAN,
    BF_MSG_LBL_POSTS_SPAN_TO,
    BF_MSG_LBL_FAKE_EST,
    BF_MSG_LBL_KIND_REAL,
    BF_MSG_LBL_KIND_FAKE,
    BF_MSG_LBL_KIND_SPAM,
    BF_MSG_HOW_FAKE_EST,
    BF_MSG_SV_AUD_EST,
    BF_MSG_SV_AUD_SEEN,
    BF_MSG_SV_AUD_FEW,
    BF_MSG_SV_GROWTH_SEEN,
    BF_MSG_SV_GROWTH_FEW,
    BF_MSG_SV_ENG_PUBLISHED,
    BF_MSG_SV_ENG_SOME_SILENT,
    BF_MSG_SV_INF_FEW,
    BF_MSG_SV_INF_SEEN,
    BF_MSG_SV_INF_SMALL,
    BF_MSG_SV_ARRIVAL_FEW,
    BF_MSG_EV_NO_PROFILES,
    BF_MSG_FOLLOWERS_LISTED,
    BF_MSG_POSTS_EXAMINED,
    BF_MSG_EV_ENG_NO_REPLIES,
    BF_MSG_EV_ENG_LIKES_ONLY,
    BF_MSG_EV_ENG_PARTIAL,
    BF_MSG_REASON_GENUINE_LOW_ENG,
    BF_MSG_SV_REAL_STEADY,
    BF_MSG_SV_REAL_BURST_W,
    BF_MSG_SV_REAL_BURST_M,
    BF_MSG_SV_REAL_PARTIAL,
    BF_MSG_HOW_REAL_ARRIVAL,
    BF_MSG_HOW_REAL_BURST,
    BF_MSG_LBL_CHART_REAL_W,
    BF_MSG_LBL_CHART_REAL_M,
    BF_MSG_LBL_DECLARED,
    BF_MSG_LBL_LISTED,
    BF_MSG_LBL_GEO_Q,
    BF_MSG_HOW_GEO,
    BF_MSG_LBL_COUNTRIES,
    BF_MSG_LBL_CITIES,
    BF_MSG_LBL_AGES,
    BF_MSG_LBL_MEN,
    BF_MSG_LBL_WOMEN,
    BF_MSG_LBL_GENDER,
    /* Recommended alternatives. */
    BF_MSG_SEC_ALTERNATIVES,
    BF_MSG_ALT_INTRO,
    BF_MSG_ALT_WHY,
    BF_MSG_ALT_BETTER,
    BF_MSG_ALT_COMMON,
    BF_MSG_ALT_COMMON_1,
    BF_MSG_ALT_COFOLLOWING,
    BF_MSG_ALT_COFOLLOWING_1,
    BF_MSG_ALT_WORDS,
    BF_MSG_ALT_AGAINST,
    BF_MSG_ALT_REAL,
    BF_MSG_ALT_ENG,
    BF_MSG_ALT_NONE_GRAPH,
    BF_MSG_ALT_NONE_COFOLLOW,
    BF_MSG_ALT_NONE_NICHE,
    BF_MSG_ALT_NONE_STRONGER,
    BF_MSG_ALT_SIGNALS,
    BF_MSG_ALT_MISSING,
    BF_MSG_ALT_SIG_AUDIENCE,
    BF_MSG_ALT_SIG_COFOLLOW,
    BF_MSG_ALT_SIG_WORDS,
    BF_MSG_HOW_ALT,
    BF_MSG_ALT_NONE_STRONGER_1,
    BF_MSG_ALT_NONE_NICHE_1,
    BF_MSG_SV_ENG_NO_REACTIONS,
    BF_MSG_SV_ENG_NO_FOLLOWERS,
    BF_MSG_SV_ENG_FEW,
    BF_MSG_SV_ENG_REACTS,
    BF_MSG_CH_MORE_ORIGINALS,
    BF_MSG_LBL_CHART_TEXT_W,
    BF_MSG_LBL_CHART_TEXT_M,
    BF_MSG_LBL_CHART_TEXT_KEY,
    BF_MSG_LBL_CHART_LIST_TEXT_W,
    BF_MSG_LBL_CHART_LIST_TEXT_M,
    BF_MSG_LBL_VIEW_RATE,
    BF_MSG_HOW_VIEW_RATE,
    BF_MSG_LBL_VIEW_PUBLISHED,
    BF_MSG_SRC_VIEW_PUBLISHED,
    BF_MSG_SV_ENG_VIEWS,
    BF_MSG_REASON_DOUBT_PEERS,
    BF_MSG_REASON_DOUBT_VIEWS,
    BF_MSG_CH_VIEWS,
    BF_MSG_SV_REAL_LAUNCH,
    BF_MSG_MODEL_NOT_PLATFORM,
    BF_MSG_EV_MODEL_NOT_COUNTS,
    BF_MSG_EV_MODEL_NOT_PLATFORM,
    BF_MSG_EV_MODEL_TRAINED,
    BF_MSG_CHART_SAMPLE,
    BF_MSG_LBL_INFLUENTIAL_EST,
    BF_MSG_LBL_ARRIVED_SAMPLE,
    BF_MSG_REASON_GENUINE_EST_FLOOR,
    BF_MSG_REASON_GENUINE_AUD_FLOOR,
    BF_MSG_REASON_GENUINE_LOW_ENG_FLOOR,
    BF_MSG_EV_FAKE_EST_FLOOR,
    BF_MSG_SV_AUD_EST_FLOOR,
    BF_MSG_ALT_NONE_PROFILES,
    BF_MSG_Q_BATCH_1,
    BF_MSG_LBL_ARRIVED_OLDER,
    BF_MSG_INGEST_PRIVATE,
    BF_MSG_CH_FOLLOWERS_CLOSED_GEO,
    BF_MSG_CH_MORE_POSTS_COUNT,
    BF_MSG_CH_FOLLOWER_COUNT,
    BF_MSG_FOLLOWERS_FEWER,
    BF_MSG__COUNT
} bf_msg_id;

/* bf_msg is the format of id in lang ("" for an id out of range). */
const char *bf_msg(bf_lang lang, bf_msg_id id);

/* bf_msg_key is id's stable snake_case key, e.g. "ev_fake_sb". */
const char *bf_msg_key(bf_msg_id id);

/* bf_lang_code is "en" or "fr". */
const char *bf_lang_code(bf_lang lang);

/*
 * bf_lang_parse reads "en", "fr", or a locale such as "fr_FR.UTF-8";
 * BF_EINVAL for anything else.
 */
bf_err bf_lang_parse(const char *s, bf_lang *out_lang);

/*
 * bf_lang_from_env is the user's language: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set and not empty, French when it reads
 * as French, else English; English when none is set.
 */
bf_lang bf_lang_from_env(void);

/*
 * bf_msg_format appends message id in lang to out with args[0..nargs)
 * substituted; BF_EINVAL when nargs differs from the message's number of
 * conversions.
 */
bf_err bf_msg_format(bf_buf *out, bf_lang lang, bf_msg_id id,
                     const double *args, size_t nargs);

/*
 * bf_msg_format_str is bf_msg_format for a format string of the caller's
 * (another catalog, such as the web pages' own), with the same
 * conversions.  Both also take plural choices: "{one|other}" after a
 * conversion writes "one" when the number just written takes the
 * singular in lang (French: below 2, so "0 compte"; English: exactly 1)
 * and "other" otherwise, as in "%.0f account{|s}".
 */
bf_err bf_msg_format_str(bf_buf *out, bf_lang lang, const char *fmt,
                         const double *args, size_t nargs);

/*
 * bf_msg_typo appends s[0..n) to out with French typography's spaces in
 * French: a space before % : ; ? ! and », after «, and between the digit
 * groups of "12 345" becomes U+202F (narrow no-break space).  For HTML,
 * where a line may break; the text and JSON reports keep plain spaces.
 * Other languages are copied as they are.
 */
bf_err bf_msg_typo(bf_buf *out, bf_lang lang, const char *s, size_t n);

/*
 * bf_msg_number appends v with prec decimals (0..9) in lang's style: a
 * decimal comma in French.  -1 (unknown) is written as the catalog's
 * "unknown".
 */
bf_err bf_msg_number(bf_buf *out, bf_lang lang, double v, int prec);

/*
 * bf_msg_percent appends the share v (0..1) as a percentage with prec
 * decimals: "12.5%" in English, "12,5 %" in French; unknown (< 0) as
 * "unknown".
 */
bf_err bf_msg_percent(bf_buf *out, bf_lang lang, double v, int prec);

/*
 * bf_msg_date appends the day of Unix time t (UTC) as a reader of lang
 * writes it: "April 6, 2007" in English, "6 avril 2007" in French (with
 * "1er" for the first of the month); unknown (<= 0) as "unknown".
 */
bf_err bf_msg_date(bf_buf *out, bf_lang lang, int64_t t);

/*
 * bf_msg_specs writes fmt's conversions, in order, into out (at most cap
 * bytes with the terminator), e.g. "%.1f%.0f", and returns how many there
 * are; "%%" is not a conversion.  -1 for a conversion outside the subset.
 */
int bf_msg_specs(const char *fmt, char *out, size_t cap);

#endif
