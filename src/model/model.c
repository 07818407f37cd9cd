/*
 * model.c - defaults for the canonical records, and the entities of a
 * post's text.
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
    p->hashtags = p->mentions = p->urls = -1;
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

/* ascii_word: an ASCII letter, digit or '_'. */
static int ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '_';
}

static int space_byte(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* link_at: a link starts at t[i] (n bytes in all). */
static int link_at(const char *t, size_t i, size_t n)
{
    size_t left = n - i;

    return (left >= 7 && memcmp(t + i, "http://", 7) == 0) ||
           (left >= 8 && memcmp(t + i, "https://", 8) == 0) ||
           (left >= 4 && memcmp(t + i, "www.", 4) == 0);
}

int bf_text_x_placeholder(const char *t)
{
    static const char *const tails[] = {
        /* A post of an account suspended for its media. */
        "'s account is temporarily unavailable because it violates the "
        "Twitter Media Policy. Learn more.",
        /* A post of an account withheld in a country. */
        " in response to a legal demand. Learn more.",
    };
    static const char withheld[] = "'s account has been withheld in ";
    size_t i = 1, n, k, tl;

    if (!t || t[0] != '@')
        return 0;
    while (ascii_word((unsigned char)t[i]))
        i++;
    if (i == 1 || i > 16) /* a handle: 1 to 15 letters, digits or '_' */
        return 0;
    n = strlen(t);
    for (k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        tl = strlen(tails[k]);
        if (n < i + tl || strcmp(t + n - tl, tails[k]) != 0)
            continue;
        if (k == 0 && n == i + tl)
            return 1;
        if (k == 1 && strncmp(t + i, withheld, sizeof withheld - 1) == 0)
            return 1;
    }
    return 0;
}

int bf_text_ends_with_tco(const char *t, size_t n)
{
    size_t end = n, start;

    while (end > 0 && space_byte((unsigned char)t[end - 1]))
        end--;
    start = end;
    while (start > 0 && !space_byte((unsigned char)t[start - 1]))
        start--;
    return (end - start > 13 && memcmp(t + start, "https://t.co/", 13) == 0) ||
           (end - start > 12 && memcmp(t + start, "http://t.co/", 12) == 0);
}

void bf_text_entities(const char *t, size_t n, int *out_hashtags,
                      int *out_mentions, int *out_urls)
{
    int h = 0, m = 0, u = 0;
    size_t i = 0;

    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        /* Inside a word ("C#", "a@b", "&#39;", "xhttp://") nothing starts. */
        int inside = i > 0 &&
                     (ascii_word((unsigned char)t[i - 1]) || t[i - 1] == '&');

        if (!inside && link_at(t, i, n)) {
            u++;
            while (i < n && !space_byte((unsigned char)t[i]))
                i++;
            continue;
        }
        if ((c == '#' || c == '@') && !inside && i + 1 < n &&
            (ascii_word((unsigned char)t[i + 1]) ||
             (unsigned char)t[i + 1] >= 0x80)) {
            h += c == '#';
            m += c == '@';
        }
        i++;
    }
    *out_hashtags = h;
    *out_mentions = m;
    *out_urls = u;
}
