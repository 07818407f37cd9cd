/*
 * brief.h - the profile rules' verdicts on many accounts of a store, read
 * in one pass.
 *
 * An audit judges every follower of an account by the published rule
 * sets (score/rules.h): the influential followers count all of them, the
 * arrivals up to 100,000.  Read one at a time through bf_store_account,
 * each is a statement of its own that decodes every column of the row,
 * in the list's order.  bf_brief_judge reads them through one scan
 * (store/scan.h) in brief, only the columns the rules read, in ascending
 * dense id, so the accounts' B-tree is walked forward once: for the
 * 242,308 followers of the largest account of a simulated store of 1 M
 * accounts, docs/graph.md gives the figures.
 *
 * The verdicts are the very ones bf_rules_eval gives on the full row: the
 * brief row keeps whether each string field the rules read is present,
 * and every counter and date they read.
 *
 *     bf_brief *v = calloc(n, sizeof *v);
 *     bf_brief_judge(st, ids, n, 0, v);
 *     for (i = 0; i < n; i++)
 *         if (v[i].found && !v[i].cc_fake && !v[i].sb_fake) ...
 */
#ifndef BF_SCORE_BRIEF_H
#define BF_SCORE_BRIEF_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct bf_brief {
    int64_t followers;     /* the profile's count; -1 unknown */
    int64_t created_at;    /* 0 unknown */
    unsigned char found;   /* the store has the account */
    unsigned char counted; /* its counters are known
                              (bf_account_counts_known) */
    /* bf_rules_out's, at the account's observed_at (else unseen): */
    unsigned char cc_fake, cc_weak, sb_fake;
    /* sb_fake with a profile never dated judged at 0 rather than unseen:
     * its age criterion undecided (the influential count's reading). */
    unsigned char sb_fake_undated;
} bf_brief;

/*
 * bf_brief_judge fills out[i] for account ids[i], i < n, any order and
 * repeats allowed; the rules judge each profile at its observed_at, or at
 * unseen when that is unknown (0 leaves the age criterion undecided, as
 * bf_rules_eval does).  An id the store does not have gives found 0 and
 * the rest zero.  Reads in one read transaction of its own unless one is
 * open (BF_EINVAL inside a batch).  Cost: a sort of the ids when they are
 * not ascending, and one brief row read per distinct id.
 */
bf_err bf_brief_judge(bf_store *st, const uint32_t *ids, size_t n,
                      int64_t unseen, bf_brief *out);

#endif
