/*
 * model.c - defaults for the canonical records.
 *
 * "Unknown" is -1 for counters and flags, so a zeroed struct would claim
 * zero followers; these helpers are the one place that knows the defaults.
 */
#include "model/model.h"

#include <string.h>

void bf_account_clear(bf_account *a)
{
    memset(a, 0, sizeof *a);
    a->followers = a->following = a->posts = a->likes = a->lists = -1;
    a->verified = a->protected_ = a->default_avatar = a->default_profile = -1;
    a->automated = -1;
}

int bf_account_counts_known(const bf_account *a)
{
    return a->followers >= 0 || a->following >= 0 || a->posts >= 0;
}

void bf_post_clear(bf_post *p)
{
    memset(p, 0, sizeof *p);
    p->kind = BF_POST_ORIGINAL;
    p->likes = p->reposts = p->replies = p->quotes = p->views = -1;
}

const char *bf_post_kind_name(bf_post_kind k)
{
    switch (k) {
    case BF_POST_ORIGINAL:
        return "original";
    case BF_POST_REPLY:
        return "reply";
    case BF_POST_REPOST:
        return "repost";
    case BF_POST_QUOTE:
        return "quote";
    }
    return "original";
}
