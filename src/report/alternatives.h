/*
 * alternatives.h - who else to consider: accounts of the same niche as an
 * audited one, with stronger evidence.
 *
 * A business that turns a candidate down wants the next name.  After
 * bf_audit_build, bf_alternatives_find looks in the store for up to
 * BF_ALT_MAX accounts that share the audited account's audience or its
 * words and whose own audit comes out better: a better verdict, more
 * real followers by the model's estimate, or more engagement.  It fills
 * the report's alts member (report.h), which the three renderers show
 * as a section of their own; each alternative carries the figures that
 * make it better and why it belongs to the same niche.
 *
 * The niche.  Three signals, each used when the store holds it:
 *   - accounts followed by the same people (co-follows): the accounts
 *     that up to BF_ALT_SAMPLE of the audited account's followers follow,
 *     those followers that do not look fake, each weighted by how real it
 *     looks and, as Adamic & Adar (2003) weigh shared neighbours, by
 *     1 / log(2 + the accounts it follows), give the candidates;
 *   - shared audience: the followers a candidate has in common with the
 *     audited account (graph/overlap.c), and the accounts both follow;
 *   - shared words: words of the bios and hashtags of the posts.
 * A candidate is of the same niche when it shares words and at least one
 * follower with the account.  When either of the two has no words, the
 * graph decides alone: its audience must overlap the account's
 * BF_ALT_LIFT times more than chance, with BF_ALT_MIN_COMMON followers in
 * common at least.  Follows never cross platforms, so neither does a
 * niche: a candidate of another platform is never shown.
 *
 * Stronger evidence.  An alternative's verdict is genuine or
 * questionable, never worse than the audited account's, and never "not
 * enough evidence"; at least one of its verdict, estimated real
 * followers and engagement rate is better (by 10% at least, for a
 * figure), and it has no fewer real followers unless its verdict is
 * better.  The verdict and figures come from the candidate's own audit
 * (bf_audit_build with the same options and the same follower sample),
 * so an alternative never says what its own report would contradict.
 *
 * Cost, bounded whatever the store's size: at most 4 x BF_ALT_SAMPLE
 * of the account's followers judged (one account read each) and the
 * follow lists of BF_ALT_SAMPLE of them, each of at most
 * BF_MASS_FOLLOWING accounts (mass followers say nothing about a niche);
 * BF_ALT_POOL candidates read from SQLite with at most BF_ALT_POSTS posts
 * each, and their followers read only until the niche test is decided
 * (the shown ones' counted whole); a light score (the model over BF_ALT_JUDGE of their followers,
 * and their stored engagement) of at most BF_ALT_SCREEN of them; the
 * audit of at most BF_ALT_AUDITS, stopped once the verdict is known
 * (bf_audit_opts.verdict_only: no sections, growth or peers).
 *
 * Ownership: st is borrowed; the report is the caller's, only its alts
 * member is written.
 *
 *     bf_audit_build(st, id, &o, &r);
 *     bf_alternatives_find(st, id, &o, &r);
 *     bf_report_text(&r, BF_LANG_FR, 0, &out);
 */
#ifndef BF_REPORT_ALTERNATIVES_H
#define BF_REPORT_ALTERNATIVES_H

#include <stdint.h>

#include "report/report.h"
#include "store/store.h"

/* Followers of the audited account whose follows are read (voters). */
#define BF_ALT_SAMPLE 200
/* Candidates kept from the graph, by co-follow score. */
#define BF_ALT_POOL 64
/* Posts read per account for its hashtags (the oldest ones stored). */
#define BF_ALT_POSTS 100
/* Candidates of the niche given the light score. */
#define BF_ALT_SCREEN 32
/* Followers of a candidate the light score judges. */
#define BF_ALT_JUDGE 60
/* Full audits at most, to confirm the candidates shown. */
#define BF_ALT_AUDITS 8
/* Audience overlap over chance that makes a niche by the graph alone. */
#define BF_ALT_LIFT 3.0
/* Followers in common that a niche by the graph alone needs. */
#define BF_ALT_MIN_COMMON 10

/*
 * bf_alternatives_find fills r->alts for account id, whose report r was
 * built by bf_audit_build with options o (may be NULL; the candidates
 * are audited with the same ones).  r->alts.status says whether any were
 * found, or why none.  Errors of the store are returned (the page then
 * fails as the audit would); a neighbour the store holds no row for is
 * skipped.
 */
bf_err bf_alternatives_find(bf_store *st, uint32_t id, const bf_audit_opts *o,
                            bf_report *r);

/*
 * Sentences shared by the renderers, appended as plain text in lang (the
 * HTML renderer escapes them).  bf__alt_why: why a is of the niche
 * ("51 followers in common; 12 accounts followed by both; shared words:
 * marketing, pme").  bf__alt_better: the figures that make it stronger
 * than the account of alts ("Genuine against Inflated audience; 2,791
 * real followers against 20; 2.10% engagement against 0.16%").
 * bf__alt_none: why none is shown (status other than BF_ALT_FOUND).
 * bf__alt_signals: the signals used, then those the store lacked.
 */
bf_err bf__alt_why(bf_buf *out, bf_lang lang, const bf_alternative *a);
bf_err bf__alt_better(bf_buf *out, bf_lang lang, const bf_report_alts *alts,
                      const bf_alternative *a);
bf_err bf__alt_none(bf_buf *out, bf_lang lang, const bf_report_alts *alts);
bf_err bf__alt_signals(bf_buf *out, bf_lang lang, const bf_report_alts *alts);

/*
 * bf__alt_lift_need is how many followers a candidate with b followers
 * must share with an account of a followers, in a graph of n accounts,
 * for the audience alone to put it in the account's niche: the least
 * count whose lift (count * n / (a * b)) reaches BF_ALT_LIFT and that is
 * at least BF_ALT_MIN_COMMON; more than a or b when no count can.  The
 * niche test reads a candidate's followers only until that many are found.
 */
uint64_t bf__alt_lift_need(uint64_t a, uint64_t b, uint32_t n);

/*
 * bf__alt_terms appends to out (NUL-separated, lowercased ASCII, each at
 * most 47 bytes) the niche words of text: hashtags without their '#', and
 * when words is non-zero every word of four letters or more that is not
 * a common word of English or French.  Exposed for the unit test.
 */
bf_err bf__alt_terms(const char *text, int words, bf_buf *out);

#endif
