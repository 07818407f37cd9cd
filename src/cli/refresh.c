/*
 * refresh.c - the statistics a writing command leaves behind it.
 *
 * A command that wrote the store (ingest, fetch, demo) ends by bringing
 * the statistics kept in it up to date (report/peers.h): the engagement
 * peers that every audit would otherwise sample again, seconds each on a
 * large store.  It runs after the command's last commit, as the writer,
 * never from a reading command.  Failing here loses nothing the command
 * wrote: the audits sample live instead, so a failure is said on stderr
 * and does not change the command's exit status.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "report/peers.h"

void bf__cli_refresh_stats(bf_store *st)
{
    bf_err err;

    /* The sample reads thousands of accounts and timelines scattered over
     * the store, and the command reads little after it (the totals; the
     * demo's few audits): pages by pread, not mapped (store.h). */
    (void)bf_store_read_scattered(st);
    err = bf_peers_refresh(st, 0, NULL);

    if (err)
        fprintf(stderr,
                bf__cli_lang() == BF_LANG_FR
                        ? "bonafide : statistiques des pairs non mises à "
                          "jour (les audits les calculent) : %s\n"
                        : "bonafide: peer statistics not updated (audits "
                          "compute them): %s\n",
                bf_strerror_lang(err, bf__cli_lang()));
}
