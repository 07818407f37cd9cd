/*
 * cmd_posts.c - bonafide posts: the stored posts, as JSON lines.
 */
static const char usage_en[] =
        "usage: bonafide posts [--store DIR] [ACCOUNT]\n"
        "\n"
        "Prints the posts the store holds, one JSON object a line: those\n"
        "of ACCOUNT ([platform:]handle or [platform:]#id), oldest first,\n"
        "or, without one, those of every account, account after account\n"
        "in the order they entered the store.  Each line has platform, id,\n"
        "author (native ids), created_at (Unix seconds), kind, text,\n"
        "parent_id, likes, reposts, replies, quotes, views, hashtags,\n"
        "mentions, urls and source; null when the source did not say.\n";

static const char usage_fr[] =
        "usage : bonafide posts [--store DIR] [COMPTE]\n"
        "\n"
        "Affiche les publications de la base, un objet JSON par ligne :\n"
        "celles de COMPTE ([plateforme:]pseudo ou [plateforme:]#id), de la\n"
        "plus ancienne à la plus récente, ou, sans compte, celles de tous\n"
        "les comptes, compte après compte dans l'ordre de leur entrée dans\n"
        "la base.  Chaque ligne a platform, id, author (identifiants\n"
        "natifs), created_at (secondes Unix), kind, text, parent_id, likes,\n"
        "reposts, replies, quotes, views, hashtags, mentions, urls et\n"
        "source ; null quand la source ne le disait pas.\n";

/*
 * How it works: bf_store_each_post reads each account's posts from the
 * post segments, merged as the store's upserts say (store.h), inside one
 * read transaction so every account is read from the same state.  The
 * output is for people and scripts that check what the store holds (the
 * tests do); the field names are those of docs/bonafide.1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "store/scan.h"
#include "store/store.h"

/* JSON strings of a post are capped as the store caps them. */
#define LINE_LIMIT ((size_t)1 << 28)

/* put_str appends "name":value for a string that may be unknown. */
static bf_err put_str(bf_buf *b, const char *name, const char *s)
{
    bf_err err = bf_buf_appendf(b, ",\"%s\":", name);

    if (err)
        return err;
    if (!s)
        return bf_buf_puts(b, "null");
    return bf_buf_json_string(b, s, strlen(s));
}

/* put_num appends "name":value for a count that may be unknown (-1). */
static bf_err put_num(bf_buf *b, const char *name, int64_t v)
{
    if (v < 0)
        return bf_buf_appendf(b, ",\"%s\":null", name);
    return bf_buf_appendf(b, ",\"%s\":%lld", name, (long long)v);
}

static bf_err print_post(void *ctx, const bf_post *p)
{
    bf_buf *b = ctx;
    bf_err err;

    bf_buf_reset(b);
    err = bf_buf_puts(b, "{\"platform\":");
    if (!err)
        err = bf_buf_json_string(b, p->platform ? p->platform : "",
                                 p->platform ? strlen(p->platform) : 0);
    if (!err)
        err = put_str(b, "id", p->native_id);
    if (!err)
        err = put_str(b, "author", p->author_id);
    if (!err)
        err = p->created_at ? bf_buf_appendf(b, ",\"created_at\":%lld",
                                             (long long)p->created_at)
                            : bf_buf_puts(b, ",\"created_at\":null");
    if (!err)
        err = bf_buf_appendf(b, ",\"kind\":\"%s\"", bf_post_kind_name(p->kind));
    if (!err)
        err = put_str(b, "text", p->text);
    if (!err)
        err = put_str(b, "parent_id", p->parent_id);
    if (!err)
        err = put_num(b, "likes", p->likes);
    if (!err)
        err = put_num(b, "reposts", p->reposts);
    if (!err)
        err = put_num(b, "replies", p->replies);
    if (!err)
        err = put_num(b, "quotes", p->quotes);
    if (!err)
        err = put_num(b, "views", p->views);
    if (!err)
        err = put_num(b, "hashtags", p->hashtags);
    if (!err)
        err = put_num(b, "mentions", p->mentions);
    if (!err)
        err = put_num(b, "urls", p->urls);
    if (!err)
        err = put_str(b, "source", p->source);
    if (!err)
        err = bf_buf_puts(b, "}\n");
    if (!err && fwrite(b->data, 1, b->len, stdout) != b->len)
        err = BF_EIO;
    return err;
}

int cmd_posts(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = bf__cli_store_dir();
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    bf_store_read rd = { NULL, NULL, 0 };
    bf_store *st = NULL;
    uint32_t id, n = 0;
    bf_buf line;
    bf_err err;
    int c, rc = BF_EXIT_OK;

    while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (argc - optind > 1)
        return bf__cli_usage(usage);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    bf_buf_init(&line, LINE_LIMIT);
    err = bf_store_read_begin(st, &rd);
    if (!err && optind < argc) {
        err = bf_store_resolve(st, argv[optind], &id);
        if (err == BF_ENOTFOUND) {
            rc = bf__cli_not_found(st, "posts", argv[optind], dir);
            err = BF_OK;
        } else if (!err) {
            err = bf_store_each_post(st, id, print_post, &line);
        }
    } else if (!err) {
        err = bf_store_account_count(st, &n);
        for (id = 0; !err && id < n; id++)
            err = bf_store_each_post(st, id, print_post, &line);
    }
    bf_store_read_end(&rd);
    if (fflush(stdout) != 0 && !err)
        err = BF_EIO;
    bf_buf_release(&line);
    bf_store_close(st);
    if (err)
        return bf__cli_fail(dir, err);
    return rc;
}
