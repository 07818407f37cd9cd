/*
 * cli.h - what the subcommands share.
 *
 * Each subcommand lives in its own cmd_<name>.c, starts with its usage
 * text, parses its options with getopt_long and returns an exit status:
 *
 *   0   success
 *   1   failure (an I/O, database or internal error; a message says which)
 *   2   the command finished but some input records were rejected
 *   3   an account asked for is not in the store
 *   64  bad usage (unknown option, missing argument)
 *   69  a program the command needs is not installed (e.g. chromium
 *       for audit --format pdf)
 */
#ifndef BF_CLI_CLI_H
#define BF_CLI_CLI_H

#include <stddef.h>

#include "bonafide.h"
#include "report/catalog.h"

#define BF_EXIT_OK       0
#define BF_EXIT_FAIL     1
#define BF_EXIT_REJECTED 2
#define BF_EXIT_NOTFOUND 3
#define BF_EXIT_USAGE    64
#define BF_EXIT_UNAVAIL  69

/* The subcommands, one per cmd_<name>.c. */
int cmd_ingest(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_posts(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_verdicts(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_check(int argc, char **argv);

/*
 * bf__cli_pdf prints the HTML page html to PDF with headless Chromium
 * ($CHROMIUM, else chromium on the PATH) into out_path (through a
 * temporary file and a rename) or to standard output when out_path is
 * NULL.  Returns BF_EXIT_OK, BF_EXIT_UNAVAIL when no Chromium is found
 * (after saying so), or BF_EXIT_FAIL when it could not print.
 */
int bf__cli_pdf(const char *html, size_t len, const char *out_path);

/*
 * bf__cli_mpi_exec replaces the process with bonafide-mpi, found beside
 * the running executable, called with argv (argv[0] = "graph"); returns
 * BF_EXIT_FAIL with a message in the user's language when it is missing
 * ("run make mpi") or cannot be started (mpi_exec.c).
 */
int bf__cli_mpi_exec(int argc, char **argv);

/*
 * bf__cli_refresh_stats brings the statistics kept in the store up to
 * date (report/peers.h, bf_peers_refresh) after a command that wrote it,
 * past its last commit; a failure is said on stderr and is not the
 * command's (audits then compute the figures live).  refresh.c.
 */
void bf__cli_refresh_stats(bf_store *st);

/* bf__cli_store_dir is --store's default: $BONAFIDE_STORE or ./bonafide-data. */
const char *bf__cli_store_dir(void);

/*
 * bf__cli_open_store opens the existing store in dir for a command that
 * reads it (bf_store_open_existing, in a process that says it reads:
 * bf_store_reading_process) and returns BF_EXIT_OK, or says why
 * not and returns BF_EXIT_FAIL: a directory without a store is named as
 * such, with the commands that make one, and is left as it was.
 */
int bf__cli_open_store(const char *dir, bf_store **out_store);

/*
 * bf__cli_not_found says on stderr that spec names no account in the
 * store st at dir ("bonafide CMD: SPEC: no such account in DIR") and,
 * when the store holds handles close to it (bf_store_suggest), which:
 * "did you mean A, B or C?".  Returns BF_EXIT_NOTFOUND.
 */
int bf__cli_not_found(bf_store *st, const char *cmd, const char *spec,
                      const char *dir);

/*
 * bf__cli_lang is the language of the user's locale: French when
 * $LC_ALL, $LC_MESSAGES or $LANG (the first one set) starts with "fr",
 * else English.
 */
bf_lang bf__cli_lang(void);

/* bf__cli_say prints catalog message id in lang with args, and a newline. */
void bf__cli_say(bf_lang lang, bf_msg_id id, const double *args, size_t nargs);

/* bf__cli_text is en or fr, as the user's locale asks (bf__cli_lang). */
const char *bf__cli_text(const char *en, const char *fr);

/*
 * bf__cli_bad says on stderr what is wrong with an option or argument of
 * command cmd, in the user's language: "bonafide CMD: EN, not 'VALUE'"
 * (value may be NULL) or its French fr; returns BF_EXIT_USAGE.
 */
int bf__cli_bad(const char *cmd, const char *value, const char *en,
                const char *fr);

/* bf__cli_usage prints usage to stderr and returns BF_EXIT_USAGE. */
int bf__cli_usage(const char *usage);

/*
 * bf__cli_fail prints "bonafide: what: reason" ("bonafide : what : raison"
 * under a French locale, the reason from bf_strerror_lang) and returns
 * BF_EXIT_FAIL.
 */
int bf__cli_fail(const char *what, bf_err err);

#endif
