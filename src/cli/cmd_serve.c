/*
 * cmd_serve.c - bonafide serve: the local web pages and JSON API.
 */
static const char usage_en[] =
        "usage: bonafide serve [--store DIR] [--listen ADDR:PORT]\n"
        "                      [--token-file FILE] [--max-upload MIB]\n"
        "                      [--timeout SECONDS] [--threads N]\n"
        "                      [--host-name NAME]... [--max-conns N]\n"
        "                      [--max-conns-per-ip N]\n"
        "                      [--header-timeout SECONDS] [--behind-tls]\n"
        "\n"
        "Serves the store on http://127.0.0.1:8080/ by default: search,\n"
        "audit and comparison pages, an upload form, and the JSON API under\n"
        "/api/v1/ (docs/api.md).  On a loopback address no login is needed;\n"
        "on any other address a token is required (--token-file FILE, or\n"
        "$BONAFIDE_TOKEN): the API needs \"Authorization: Bearer TOKEN\",\n"
        "and a browser signs in at /signin with the token for a session\n"
        "cookie; a signed-in user can make read-only links to one report\n"
        "that expire.  --behind-tls says a TLS proxy is in front: cookies\n"
        "are then Secure.  --max-upload bounds an upload\n"
        "(default 256 MiB); --timeout drops a client idle that long\n"
        "(default 30 s); --threads sets how many threads build audits\n"
        "(default two per core).  Requests must name the server in their Host\n"
        "header: its address, localhost, or a NAME given with --host-name\n"
        "(repeat it for each name the server is reached by).  At most\n"
        "--max-conns connections (default 512), --max-conns-per-ip from one\n"
        "address (default 64); a client has --header-timeout seconds to send\n"
        "a request's headers (default 10).  Port 0 picks a free port.  Stops\n"
        "on SIGINT or SIGTERM.  Exit status: 0 stopped, 1 could not start,\n"
        "64 bad usage.\n";

static const char usage_fr[] =
        "usage : bonafide serve [--store DIR] [--listen ADRESSE:PORT]\n"
        "                       [--token-file FICHIER] [--max-upload MIO]\n"
        "                       [--timeout SECONDES] [--threads N]\n"
        "                       [--host-name NOM]... [--max-conns N]\n"
        "                       [--max-conns-per-ip N]\n"
        "                       [--header-timeout SECONDES] [--behind-tls]\n"
        "\n"
        "Sert la base sur http://127.0.0.1:8080/ par défaut : pages de\n"
        "recherche, d'audit et de comparaison, un formulaire d'import, et\n"
        "l'API JSON sous /api/v1/ (docs/api.md).  Sur une adresse de\n"
        "bouclage, aucune connexion n'est demandée ; sur toute autre adresse,\n"
        "un jeton est exigé (--token-file FICHIER, ou $BONAFIDE_TOKEN) :\n"
        "l'API demande « Authorization: Bearer JETON », et un navigateur se\n"
        "connecte sur /signin avec le jeton pour un cookie de session ; un\n"
        "utilisateur connecté peut créer des liens en lecture seule vers un\n"
        "rapport, qui expirent.  --behind-tls indique qu'un proxy TLS est\n"
        "devant : les cookies sont alors Secure.  --max-upload limite la "
        "taille d'un\n"
        "import (256 Mio par défaut) ; --timeout coupe un client resté\n"
        "inactif aussi longtemps (30 s par défaut) ; --threads fixe le\n"
        "nombre de fils qui construisent les audits (deux par cœur par\n"
        "défaut).  Les requêtes doivent\n"
        "nommer le serveur dans leur en-tête Host : son adresse, localhost,\n"
        "ou un NOM donné par --host-name (à répéter pour chaque nom sous\n"
        "lequel on l'atteint).  Au plus --max-conns connexions (512 par\n"
        "défaut), --max-conns-per-ip depuis une même adresse (64 par\n"
        "défaut) ; un client a --header-timeout secondes pour envoyer les\n"
        "en-têtes d'une requête (10 par défaut).  Le port 0 choisit un port\n"
        "libre.  S'arrête sur SIGINT ou SIGTERM.  Code de sortie :\n"
        "0 arrêté, 1 démarrage impossible, 64 mauvais usage.\n";

/*
 * How it works: the signals that stop the server are blocked before the
 * server's threads start (so they inherit the mask), then the main thread
 * waits for one with sigwait and stops the server cleanly: running
 * requests and ingest jobs finish, handles close.  The listening line is
 * printed once the socket is bound, so a script can wait for it.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"
#include "store/store.h"

/* read_token reads the first line of path into tok (cap bytes). */
static int read_token(const char *path, char *tok, size_t cap)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f)
        return -1;
    if (!fgets(tok, (int)cap, f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    n = strcspn(tok, "\r\n");
    tok[n] = '\0';
    return n > 0 ? 0 : -1;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "listen", required_argument, NULL, 'l' },
        { "token-file", required_argument, NULL, 't' },
        { "max-upload", required_argument, NULL, 'm' },
        { "timeout", required_argument, NULL, 'T' },
        { "threads", required_argument, NULL, 'j' },
        { "host-name", required_argument, NULL, 'H' },
        { "max-conns", required_argument, NULL, 'C' },
        { "max-conns-per-ip", required_argument, NULL, 'P' },
        { "header-timeout", required_argument, NULL, 'W' },
        { "behind-tls", no_argument, NULL, 'B' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    static char token[BF_SERVE_TOKEN_MAX + 2];
    char addr[128] = "127.0.0.1";
    const char *names[BF_SERVE_MAX_HOST_NAMES];
    bf_serve_opts o;
    bf_server *srv = NULL;
    sigset_t set;
    unsigned long v;
    char *end;
    int c, sig = 0, fresh;
    bf_err err;

    /* The environment's token first; --token-file overrides it. */
    bf_serve_opts_init(&o);
    o.store_dir = bf__cli_store_dir();
    if (getenv("BONAFIDE_TOKEN") && *getenv("BONAFIDE_TOKEN")) {
        snprintf(token, sizeof token, "%s", getenv("BONAFIDE_TOKEN"));
        o.token = token;
    }
    while ((c = getopt_long(argc, argv, "s:l:t:m:T:j:H:C:P:W:Bh", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 's':
            o.store_dir = optarg;
            break;
        case 'l':
            if (bf_serve_parse_listen(optarg, addr, sizeof addr, &o.port)) {
                fprintf(stderr, "bonafide serve: bad --listen '%s'\n", optarg);
                return bf__cli_usage(usage);
            }
            break;
        case 't':
            if (read_token(optarg, token, sizeof token) != 0 ||
                strlen(token) > BF_SERVE_TOKEN_MAX) {
                fprintf(stderr,
                        "bonafide serve: %s: no token (one line, "
                        "at most %d bytes)\n",
                        optarg, BF_SERVE_TOKEN_MAX);
                return BF_EXIT_FAIL;
            }
            o.token = token;
            break;
        case 'H':
            if (o.n_host_names == BF_SERVE_MAX_HOST_NAMES || !*optarg ||
                strlen(optarg) > 253 ||
                strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") !=
                        strlen(optarg))
                return bf__cli_bad("serve", optarg,
                                   "--host-name takes a DNS name (letters, "
                                   "digits, '.', '-'), at most 16 times",
                                   "--host-name prend un nom DNS (lettres, "
                                   "chiffres, '.', '-'), 16 fois au plus");
            names[o.n_host_names++] = optarg;
            o.host_names = names;
            break;
        case 'C':
        case 'P':
        case 'W':
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (errno || *end || end == optarg || v == 0 ||
                v > (c == 'W' ? 3600 : 65536))
                return bf__cli_bad(
                        "serve", optarg,
                        c == 'W' ? "--header-timeout takes seconds from 1 to "
                                   "3600"
                                 : "--max-conns and --max-conns-per-ip take a "
                                   "number from 1 to 65536",
                        c == 'W' ? "--header-timeout prend des secondes, de 1 "
                                   "à 3600"
                                 : "--max-conns et --max-conns-per-ip prennent "
                                   "un nombre de 1 à 65536");
            if (c == 'C')
                o.max_conns = (unsigned)v;
            else if (c == 'P')
                o.max_per_ip = (unsigned)v;
            else
                o.header_timeout = (unsigned)v;
            break;
        case 'm':
        case 'T':
        case 'j':
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (errno || *end || end == optarg || v == 0 ||
                v > (c == 'm' ? 1u << 20 : 3600))
                return bf__cli_bad(
                        "serve", optarg,
                        c == 'm'   ? "--max-upload takes MiB from 1 to 1048576"
                        : c == 'T' ? "--timeout takes seconds from 1 to 3600"
                                   : "--threads takes a number from 1 to 3600",
                        c == 'm' ? "--max-upload prend des Mio, de 1 à 1048576"
                        : c == 'T' ? "--timeout prend des secondes, de 1 à 3600"
                                   : "--threads prend un nombre de 1 à 3600");
            if (c == 'm')
                o.max_upload = (uint64_t)v << 20;
            else if (c == 'T')
                o.timeout = (unsigned)v;
            else
                o.threads = (unsigned)(v > 64 ? 64 : v);
            break;
        case 'B':
            o.behind_tls = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc)
        return bf__cli_usage(usage);
    /* bf_serve_start refuses this too; saying why here is friendlier
     * than a bare "invalid argument". */
    o.addr = addr;
    if (!bf_serve_is_loopback(addr) && !o.token) {
        fprintf(stderr,
                "bonafide serve: %s is not a loopback address; "
                "refusing to serve without a token (--token-file "
                "FILE or $BONAFIDE_TOKEN)\n",
                addr);
        return BF_EXIT_FAIL;
    }
    /* Block the stop signals before any thread exists, so every server
     * thread inherits the mask and only sigwait below receives them;
     * SIGPIPE from a client that went away must not kill the process. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* The server makes a missing store; a mistyped --store should not go
     * unnoticed, so that case is said. */
    fresh = bf_store_exists(o.store_dir) == BF_ENOTFOUND;
    err = bf_serve_start(&o, &srv);
    /* Said even when the start then failed (a busy port): the store is
     * there all the same. */
    if (fresh && bf_store_exists(o.store_dir) == BF_OK)
        fprintf(stderr,
                bf__cli_lang() == BF_LANG_FR
                        ? "bonafide serve : nouvelle base, vide, dans %s\n"
                        : "bonafide serve: new, empty store in %s\n",
                o.store_dir);
    /* libmicrohttpd says only that it could not start: after everything
     * of ours started, that is the listening socket. */
    if (err == BF_EIO) {
        fprintf(stderr,
                bf__cli_lang() == BF_LANG_FR
                        ? "bonafide serve : impossible d'écouter sur %s, port "
                          "%u : le port est pris, ou l'adresse n'est pas "
                          "celle de cette machine\n"
                        : "bonafide serve: cannot listen on %s, port %u: the "
                          "port is in use, or the address is not this "
                          "machine's\n",
                addr, (unsigned)o.port);
        return BF_EXIT_FAIL;
    }
    if (err)
        return bf__cli_fail(addr, err);
    printf(strchr(addr, ':') ? "listening on http://[%s]:%u/\n"
                             : "listening on http://%s:%u/\n",
           addr, (unsigned)bf_serve_port(srv));
    fflush(stdout);
    sigwait(&set, &sig);
    bf_serve_stop(srv);
    return BF_EXIT_OK;
}
