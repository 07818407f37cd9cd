/*
 * msgs.h - what bonafide fetch says to the user, in English and French.
 *
 * Each message is a printf format; both languages of one message have the
 * same conversions in the same order, so one argument list serves both
 * (tests/unit/test_fetch.c checks it for every message).  The report
 * catalog (report/catalog.h) takes only numbers; these sentences also
 * name accounts and URLs, hence their own small table, looked up with the
 * same bf_lang.
 *
 * Ownership: the strings are static.
 *
 *     bf_fetch_say(stderr, BF_LANG_FR, BF_FM_WAIT_RATE, 37.0);
 *     const char *fmt = bf_fetch_msg(BF_LANG_EN, BF_FM_NO_TOKEN);
 */
#ifndef BF_FETCH_MSGS_H
#define BF_FETCH_MSGS_H

#include <stdio.h>

#include "report/catalog.h"

typedef enum bf_fetch_msg_id {
    BF_FM_PROGRESS,    /* account, pages, records, records per second */
    BF_FM_WAIT_RATE,   /* seconds */
    BF_FM_WAIT_RETRY,  /* seconds */
    BF_FM_SUMMARY,     /* account, accounts, posts, follows, pages, requests */
    BF_FM_REJECTED,    /* rejected, warnings */
    BF_FM_NOT_FOUND,   /* account */
    BF_FM_NO_TOKEN,    /* (none) */
    BF_FM_NET,         /* account, reason */
    BF_FM_HTTP,        /* account, status, url */
    BF_FM_BAD_SPEC,    /* the argument */
    BF_FM_STORE,       /* account, reason */
    BF_FM_BAD_NUMBER,  /* option */
    BF_FM_BAD_SERVICE, /* the URL */
    BF_FM_RESUMED,     /* account */
    BF_FM_NO_KEY,      /* (none) */
    BF_FM_NO_GRAPH,    /* (none) */
    BF_FM__COUNT
} bf_fetch_msg_id;

/* bf_fetch_msg is message id's format in lang. */
const char *bf_fetch_msg(bf_lang lang, bf_fetch_msg_id id);

/* bf_fetch_say prints message id in lang, formatted with the arguments. */
void bf_fetch_say(FILE *out, bf_lang lang, bf_fetch_msg_id id, ...);

#endif
