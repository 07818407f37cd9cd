/*
 * baselines.c - the State of Search rules, and all rule sets side by side.
 *
 * Camisani-Calzolari and Socialbakers come from score/rules.c; the State of
 * Search rules are decided here.  "bot" counts only as a whole word of the
 * biography (letters or digits on neither side), so "robot", "Abbott" or
 * "bottle" do not match, which is how a reader of the rule would apply it.
 * "The same sentence to many accounts" is read on the timeline: a text
 * repeated at least 3 times by an account whose posts mostly mention
 * someone.  "Posts through the API" is read as: at least half of the posts
 * with a known client come from automation clients (score/timeline.c).
 */
#include "score/baselines.h"

#include <ctype.h>
#include <string.h>

#include "score/rules.h"

/* word_bot: "bot" appears in s as a whole word, any case. */
static int word_bot(const char *s)
{
    const char *p;

    for (p = s; p && *p; p++) {
        if (tolower((unsigned char)p[0]) == 'b' &&
            tolower((unsigned char)p[1]) == 'o' &&
            tolower((unsigned char)p[2]) == 't' &&
            (p == s || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[3]))
            return 1;
        if (!p[1] || !p[2])
            break;
    }
    return 0;
}

int bf_sos_eval(const bf_account *a, const bf_timeline *t,
                signed char out[BF_SOS__COUNT])
{
    int i, any = 0;

    out[BF_SOS_BOT_BIO] = (signed char)word_bot(a->bio);
    if (a->following >= 0 && a->followers >= 0)
        out[BF_SOS_RATIO] =
                (signed char)(a->following >=
                              100 * (a->followers > 0 ? a->followers : 1));
    else
        out[BF_SOS_RATIO] = -1;
    out[BF_SOS_SAME_SENT] = -1;
    out[BF_SOS_DUP_IMAGE] = -1;
    out[BF_SOS_API] = -1;
    if (t && t->n > 0) {
        out[BF_SOS_SAME_SENT] =
                (signed char)(t->max_repeat >= 3 && t->mention_share > 0.5);
        if (t->sourced > 0)
            out[BF_SOS_API] = (signed char)(t->automation_share >= 0.5);
    }
    for (i = 0; i < BF_SOS__COUNT; i++)
        any |= out[i] == 1;
    return any;
}

void bf_baselines_eval(const bf_account *a, const bf_timeline *t, int64_t now,
                       int fake[BF_BASE__COUNT])
{
    bf_rules_out r;
    signed char sos[BF_SOS__COUNT];

    if (t && t->n > 0)
        bf_rules_eval_timeline(a, t, now, &r);
    else
        bf_rules_eval(a, now, &r);
    fake[BF_BASE_CC] = r.cc_fake != 0;
    fake[BF_BASE_CC_WEAK] = r.cc_weak != 0;
    fake[BF_BASE_SB] = r.sb_fake != 0;
    fake[BF_BASE_SOS] = bf_sos_eval(a, t, sos);
}

const char *bf_baselines_name(bf_baseline b)
{
    static const char *const names[BF_BASE__COUNT] = {
        "Camisani-Calzolari",
        "Camisani-Calzolari (proportional)",
        "Socialbakers",
        "State of Search (Van Den Beld)",
    };

    return (unsigned)b < BF_BASE__COUNT ? names[b] : "?";
}

const char *bf_baselines_key(bf_baseline b)
{
    static const char *const keys[BF_BASE__COUNT] = {
        "camisani_calzolari",
        "camisani_calzolari_weak",
        "socialbakers",
        "state_of_search",
    };

    return (unsigned)b < BF_BASE__COUNT ? keys[b] : "?";
}
