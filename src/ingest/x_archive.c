/*
 * x_archive.c - X account archives: the unzipped folder or the .zip.
 *
 * "Download an archive of your data" gives a zip whose data/ folder (the
 * top level in older archives) holds one JavaScript file per kind of data,
 * each an assignment "window.YTD.<name>.partN = [ ... ]" of a JSON array.
 * The reader first lists the archive: the files of a folder (path/data,
 * else path itself), or the entries of a zip through libzip (the folder
 * holding the shallowest account.js, else the shallowest known file, so
 * a zip with a top-level folder works too).  Only the names it knows are
 * kept: manifest.js, account.js, profile.js, verified.js, like.js,
 * follower.js, following.js and tweets.js or tweet.js with their
 * "-partN" continuations.  Everything else, direct messages above all, is
 * never opened.
 *
 * Members are read one at a time, in that order, whole into one reused
 * buffer capped at max_member bytes (a larger one is reported and
 * skipped), with BF_JSON_PADDING bytes after it.  The assignment prefix is
 * skipped, then a small scanner walks the array, following brackets and
 * strings, and cuts it into its elements, counting lines on the way.  Each
 * element is parsed alone with simdjson, in place (the bytes after it and
 * the padding are readable), so a malformed element is reported with its
 * own line and rejected alone, and the parser's memory follows the largest
 * element, not the largest file.  Likes are only counted: the scanner
 * finds the elements without parsing them.
 *
 * The owner comes from account.js (manifest.js when it is missing); its
 * strings are copied, because documents do not outlive the next parse.
 * Followers become follow edges follower -> owner whose position is the
 * element's index (the archive lists the newest first), followings become
 * owner -> followee, tweets become posts by the owner.  The owner's
 * account record is emitted last, once its counters are known: followers,
 * following, posts and likes are the lengths of those arrays, as of the
 * export, whose date (manifest.js) is the observation time.  account.js
 * also carries the e-mail address and phone number: those members are
 * never looked up, so they cannot reach a record.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/json_fields.h"
#include "ingest/x_archive.h"
#include "ingest/zipfn.h"

/* Bytes read from a member per call. */
#define CHUNK (1u << 20)

/* The most member files one archive may have; the rest are ignored. */
#define MAX_MEMBERS 10000

/* The longest string of the owner's profile that is kept. */
#define MAX_OWNER_STRING (64u << 10)

/* The kinds of member, in the order they are read. */
typedef enum kind {
    K_NONE = -1,
    K_MANIFEST = 0, /* export date; owner when account.js is missing */
    K_ACCOUNT,      /* the owner: id, handle, display name, creation */
    K_PROFILE,      /* bio, website, location, avatar */
    K_VERIFIED,     /* the verified flag */
    K_LIKE,         /* likes given: counted only */
    K_FOLLOWER,     /* follower -> owner */
    K_FOLLOWING,    /* owner -> followee */
    K_TWEET         /* the owner's posts */
} kind;

/* Member files that may come in parts: stem.js, stem-part1.js, ... */
static const struct {
    const char *stem;
    kind k;
} stems[] = {
    { "like", K_LIKE },           { "follower", K_FOLLOWER },
    { "following", K_FOLLOWING }, { "tweets", K_TWEET },
    { "tweet", K_TWEET },
};

/* Member files that come alone. */
static const struct {
    const char *name;
    kind k;
} singles[] = {
    { "manifest.js", K_MANIFEST },
    { "account.js", K_ACCOUNT },
    { "profile.js", K_PROFILE },
    { "verified.js", K_VERIFIED },
};

typedef struct member {
    char *name; /* folder: path below the archive; zip: entry */
    kind k;
    unsigned long part; /* 0 for stem.js, N for stem-partN.js */
    zip_uint64_t index; /* zip entry index */
} member;

typedef struct archive {
    const char *path;
    char *real; /* the folder's real path, for containment */
    zip_t *zip; /* NULL for a folder */
    member *m;
    size_t n, cap;
    uint64_t inflated; /* bytes read from all members so far */
} archive;

/* The archive's owner; strings are owned copies (NULL when absent). */
typedef struct owner {
    char *id, *handle, *name, *bio, *url, *location;
    int64_t created_at;
    int verified, default_avatar;
    int64_t counts[K_TWEET + 1]; /* elements seen per kind; -1 no file */
} owner;

typedef struct reader {
    const bf_ingest_opts *opts;
    bf_sink *sink;
    bf_diags *diags;
    const char *platform;
    size_t max_member;
    int64_t observed_at;
    bf_json_parser *parser;
    bf_buf data;    /* the member being read, then padding */
    bf_buf label;   /* "archive.zip:data/tweets.js" for diagnostics */
    bf_buf scratch; /* strings rewritten for one post */
    uint64_t line;  /* where the current element starts */
    uint64_t offset;
    int64_t now; /* the latest plausible date, read once */
    owner own;
} reader;

/* ---- small helpers ---- */

/* report files one diagnostic against the current element. */
static void report(reader *r, bf_diag_id id, const char *detail)
{
    bf_diag(r->diags, id, r->label.data, r->line, r->offset, detail);
}

/* unwrap is obj[key] when that is an object ({"tweet": {...}}), else obj:
 * older archives hold the records without the wrapper. */
static bf_json unwrap(const bf_json *obj, const char *key)
{
    bf_json v;

    if (bf_json_get(obj, key, &v) == BF_OK &&
        bf_json_type_of(&v) == BF_JSON_OBJECT)
        return v;
    return *obj;
}

/*
 * get_id reads the id obj[key], else obj[alt] (may be NULL), a string or
 * an integer written into tmp, into *out.  A missing or malformed id is
 * reported, and the result is 0; 1 when *out is a valid id.
 */
static int get_id(reader *r, const bf_json *obj, const char *key,
                  const char *alt, char tmp[BF_JSON_ID_MAX], const char **out)
{
    size_t n;
    bf_err err = bf_json_get_id(obj, key, alt, tmp, out, &n);

    if (err == BF_ENOTFOUND) {
        report(r, BF_D_MISSING_FIELD, key);
        return 0;
    }
    if (err || !bf_json_id_decimal(*out, n)) {
        report(r, BF_D_BAD_ID, key);
        return 0;
    }
    return 1;
}

/*
 * get_count is the counter obj[key], which archives write as a string of
 * digits ("12") and the API as an integer (bf_json_get_count with
 * BF_JSON_COUNT_TEXT); -1 when absent or null.  Any other value is
 * reported (BF_D_BAD_COUNT) and left -1.
 */
static int64_t get_count(reader *r, const bf_json *obj, const char *key)
{
    int64_t n;

    if (bf_json_get_count(obj, key, BF_JSON_COUNT_TEXT, &n) != BF_OK)
        report(r, BF_D_BAD_COUNT, key);
    return n;
}

/* get_time reads the date obj[key]; 0 when absent, reported when bad. */
static int64_t get_time(reader *r, const bf_json *obj, const char *key)
{
    int64_t t;

    if (bf_json_get_time(obj, key, r->now, &t) != BF_OK)
        report(r, BF_D_BAD_DATE, key);
    return t;
}

/*
 * set_str replaces the owned string *dst by a copy of s (NULL clears it).
 * A string longer than MAX_OWNER_STRING is dropped rather than cut inside
 * a UTF-8 sequence.
 */
static bf_err set_str(char **dst, const char *s)
{
    size_t n;

    free(*dst);
    *dst = NULL;
    if (!s || (n = strlen(s)) > MAX_OWNER_STRING)
        return BF_OK;
    *dst = malloc(n + 1);
    if (!*dst)
        return BF_ENOMEM;
    memcpy(*dst, s, n + 1);
    return BF_OK;
}

/* ---- listing the archive ---- */

/*
 * classify tells which member the file name base is (K_NONE for any other
 * file) and, for files in parts, sets *part.
 */
static kind classify(const char *base, unsigned long *part)
{
    size_t i, n;
    const char *p;

    *part = 0;
    for (i = 0; i < sizeof singles / sizeof singles[0]; i++)
        if (strcmp(base, singles[i].name) == 0)
            return singles[i].k;
    for (i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        n = strlen(stems[i].stem);
        if (strncmp(base, stems[i].stem, n) != 0)
            continue;
        p = base + n;
        if (strcmp(p, ".js") == 0)
            return stems[i].k;
        if (strncmp(p, "-part", 5) != 0)
            continue;
        p += 5;
        /* At most 9 digits, so the part number cannot overflow. */
        for (n = 0; n < 9 && p[n] >= '0' && p[n] <= '9'; n++)
            *part = *part * 10 + (unsigned long)(p[n] - '0');
        if (n > 0 && strcmp(p + n, ".js") == 0)
            return stems[i].k;
        *part = 0;
    }
    return K_NONE;
}

/* add_member appends a member named name (dir_len bytes of dir, then
 * base) to a; members past MAX_MEMBERS are ignored. */
static bf_err add_member(archive *a, const char *dir, size_t dir_len,
                         const char *base, kind k, unsigned long part,
                         zip_uint64_t index)
{
    size_t n = strlen(base);
    member *m;

    if (a->n == MAX_MEMBERS)
        return BF_OK;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;

        m = realloc(a->m, cap * sizeof *m);
        if (!m)
            return BF_ENOMEM;
        a->m = m;
        a->cap = cap;
    }
    m = &a->m[a->n];
    m->name = malloc(dir_len + n + 1);
    if (!m->name)
        return BF_ENOMEM;
    memcpy(m->name, dir, dir_len);
    memcpy(m->name + dir_len, base, n + 1);
    m->k = k;
    m->part = part;
    m->index = index;
    a->n++;
    return BF_OK;
}

/*
 * list_folder lists the known files of the folder path/sub (sub is "data/"
 * or "").  *out_found is set to how many there were.
 */
static bf_err list_folder(archive *a, const char *sub, size_t *out_found)
{
    bf_buf dir;
    DIR *d;
    struct dirent *e;
    unsigned long part;
    kind k;
    bf_err err = BF_OK;

    *out_found = 0;
    bf_buf_init(&dir, 1u << 16);
    err = bf_buf_appendf(&dir, "%s/%s", a->path, sub);
    if (err)
        goto out;
    d = opendir(dir.data);
    if (!d)
        goto out;
    while (!err && (e = readdir(d)) != NULL) {
        k = classify(e->d_name, &part);
        if (k == K_NONE)
            continue;
        err = add_member(a, sub, strlen(sub), e->d_name, k, part, 0);
        (*out_found)++;
    }
    closedir(d);
out:
    bf_buf_release(&dir);
    return err;
}

/* depth is the number of '/' in the first n bytes of s. */
static size_t depth(const char *s, size_t n)
{
    size_t i, c = 0;

    for (i = 0; i < n; i++)
        c += s[i] == '/';
    return c;
}

/*
 * list_zip lists the known entries of the zip's data folder: the folder of
 * the shallowest account.js, else of the shallowest known file.
 */
static bf_err list_zip(archive *a)
{
    zip_int64_t n = bf__zip.get_num_entries(a->zip, 0), i;
    const char *name, *base, *dir = NULL;
    size_t dir_len = 0, best = (size_t)-1, d;
    int best_account = 0;
    unsigned long part;
    kind k;
    bf_err err = BF_OK;

    /* First pass: choose the folder. */
    for (i = 0; i < n; i++) {
        name = bf__zip.get_name(a->zip, (zip_uint64_t)i, 0);
        if (!name)
            continue;
        base = strrchr(name, '/');
        base = base ? base + 1 : name;
        k = classify(base, &part);
        if (k == K_NONE)
            continue;
        d = depth(name, (size_t)(base - name));
        if ((k == K_ACCOUNT && (!best_account || d < best)) ||
            (!best_account && d < best)) {
            best = d;
            best_account = k == K_ACCOUNT;
            dir = name;
            dir_len = (size_t)(base - name);
        }
    }
    if (!dir)
        return BF_OK;
    /* The name is only valid until the archive changes; copy the folder. */
    {
        char *folder = malloc(dir_len + 1);

        if (!folder)
            return BF_ENOMEM;
        memcpy(folder, dir, dir_len);
        folder[dir_len] = '\0';
        /* Second pass: the known entries of that folder. */
        for (i = 0; i < n && !err; i++) {
            name = bf__zip.get_name(a->zip, (zip_uint64_t)i, 0);
            if (!name || strncmp(name, folder, dir_len) != 0 ||
                strchr(name + dir_len, '/'))
                continue;
            k = classify(name + dir_len, &part);
            if (k != K_NONE)
                err = add_member(a, folder, dir_len, name + dir_len, k, part,
                                 (zip_uint64_t)i);
        }
        free(folder);
    }
    return err;
}

/* by_order sorts members by kind, then part, then name. */
static int by_order(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;

    if (a->k != b->k)
        return a->k < b->k ? -1 : 1;
    if (a->part != b->part)
        return a->part < b->part ? -1 : 1;
    return strcmp(a->name, b->name);
}

/*
 * archive_open opens path as a folder or a zip and lists its members.
 * BF_EIO when it is neither; the caller reports it.
 */
static bf_err archive_open(archive *a, const char *path)
{
    struct stat sb;
    size_t found = 0;
    int zerr = 0;
    bf_err err;

    memset(a, 0, sizeof *a);
    a->path = path;
    if (stat(path, &sb) != 0)
        return BF_EIO;
    if (S_ISDIR(sb.st_mode)) {
        /* Members must resolve inside this folder (open_member). */
        a->real = realpath(path, NULL);
        if (!a->real)
            return BF_EIO;
        err = list_folder(a, "data/", &found);
        if (!err && found == 0)
            err = list_folder(a, "", &found);
    } else {
        err = bf__zip_load();
        if (err)
            return err;
        a->zip = bf__zip.open(path, ZIP_RDONLY, &zerr);
        if (!a->zip)
            return BF_EIO;
        err = list_zip(a);
    }
    /* An archive with no known member has no array to sort (qsort's
     * pointer must not be NULL, even for no element). */
    if (!err && a->n > 1)
        qsort(a->m, a->n, sizeof *a->m, by_order);
    return err;
}

/* archive_close frees what archive_open made. */
static void archive_close(archive *a)
{
    size_t i;

    for (i = 0; i < a->n; i++)
        free(a->m[i].name);
    free(a->m);
    free(a->real);
    if (a->zip)
        bf__zip.discard(a->zip);
}

/*
 * open_member opens the member file at path inside the folder whose real
 * path is root, or returns -1.  The file must be a regular file: the last
 * component is not followed when it is a link (O_NOFOLLOW), a FIFO or a
 * device does not block the open (O_NONBLOCK, cleared once fstat says it
 * is regular), and the resolved path must lie inside the folder, so a
 * "data" link to /etc leads nowhere.
 */
static int open_member(const char *root, const char *path)
{
    struct stat sb;
    char *real = NULL;
    size_t n = strlen(root);
    int fd, flags, ok;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (ok) {
        real = realpath(path, NULL);
        ok = real && strncmp(real, root, n) == 0 &&
             (real[n] == '/' || (n == 1 && root[0] == '/'));
        free(real);
    }
    if (ok && (flags = fcntl(fd, F_GETFL)) >= 0)
        ok = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
    if (!ok) {
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- reading a member ---- */

/*
 * load reads member m whole into r->data, followed by BF_JSON_PADDING
 * zero bytes.  BF_ELIMIT when it is larger than r->max_member, BF_EIO
 * when it cannot be read; the caller reports both.
 */
static bf_err load(reader *r, archive *a, const member *m)
{
    zip_file_t *zf = NULL;
    FILE *f = NULL;
    zip_stat_t st;
    size_t want;
    long long got;
    uint64_t packed = 0;
    bf_err err = BF_OK;
    int fd;

    bf_buf_reset(&r->data);
    if (a->zip) {
        /* The declared size is checked first, then the bytes read. */
        bf__zip.stat_init(&st);
        if (bf__zip.stat_index(a->zip, m->index, 0, &st) == 0 &&
            (st.valid & ZIP_STAT_SIZE) && st.size > r->max_member)
            return BF_ELIMIT;
        if (st.valid & ZIP_STAT_COMP_SIZE)
            packed = st.comp_size;
        zf = bf__zip.fopen_index(a->zip, m->index, 0);
        if (!zf)
            return BF_EIO;
    } else {
        /* A folder's label is the member's real path. */
        fd = open_member(a->real, r->label.data);
        f = fd >= 0 ? fdopen(fd, "rb") : NULL;
        if (!f) {
            if (fd >= 0)
                close(fd);
            return BF_EIO;
        }
    }
    for (;;) {
        if (r->data.len > r->max_member) {
            err = BF_ELIMIT;
            goto out;
        }
        /* Bounds on decompression, as for a compressed input (input.h):
         * the archive's total, and each member's ratio to its packed
         * size once past the free allowance. */
        if (zf && (a->inflated + r->data.len > BF_INPUT_MAX_INFLATED ||
                   (r->data.len > BF_INPUT_RATIO_FREE &&
                    r->data.len / BF_INPUT_MAX_RATIO >= packed))) {
            err = BF_ELIMIT;
            goto out;
        }
        /* One byte past the limit is enough to know it is exceeded. */
        want = r->max_member + 1 - r->data.len;
        if (want > CHUNK)
            want = CHUNK;
        err = bf_buf_reserve(&r->data, want);
        if (err)
            goto out;
        if (zf) {
            got = bf__zip.fread(zf, r->data.data + r->data.len, want);
        } else {
            got = (long long)fread(r->data.data + r->data.len, 1, want, f);
            if (got == 0 && ferror(f))
                got = -1;
        }
        if (got < 0) {
            err = BF_EIO;
            goto out;
        }
        if (got == 0)
            break;
        r->data.len += (size_t)got;
    }
    err = bf_buf_reserve(&r->data, BF_JSON_PADDING);
    if (!err)
        memset(r->data.data + r->data.len, 0, BF_JSON_PADDING + 1);
out:
    a->inflated += r->data.len;
    if (zf)
        bf__zip.fclose(zf);
    if (f)
        fclose(f);
    return err;
}

/* ---- cutting the array into elements ---- */

/* is_space is 1 for JSON white space. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* skip_space moves *i past white space in p (n bytes), counting lines. */
static void skip_space(const char *p, size_t n, size_t *i, uint64_t *line)
{
    while (*i < n && is_space(p[*i])) {
        *line += p[*i] == '\n';
        (*i)++;
    }
}

/*
 * value_end finds the end of the JSON value starting at p[i]: past its
 * closing quote or bracket, or at the first separator for a number or a
 * literal.  Newlines crossed are added to *line.  *out_closed is 0 when
 * the input ends inside a string, object or array.
 */
static size_t value_end(const char *p, size_t n, size_t i, uint64_t *line,
                        int *out_closed)
{
    size_t level = 0;
    int in_str = 0, esc = 0;

    *out_closed = 1;
    if (p[i] != '"' && p[i] != '{' && p[i] != '[') {
        while (i < n && !is_space(p[i]) && p[i] != ',' && p[i] != ']' &&
               p[i] != '}')
            i++;
        return i;
    }
    for (; i < n; i++) {
        char c = p[i];

        if (c == '\n')
            (*line)++;
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"')
                in_str = 0;
            /* A string value ends with its closing quote. */
            if (!in_str && level == 0)
                return i + 1;
            continue;
        }
        if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            level++;
        } else if ((c == '}' || c == ']') && --level == 0) {
            return i + 1;
        }
    }
    *out_closed = 0;
    return n;
}

/*
 * body finds where the JSON of the member in r->data starts, past a
 * byte-order mark and the "window.YTD.tweets.part0 = " assignment, and the
 * line it is on.  -1 (reported) when the member is not such a file.
 */
static long body(reader *r, uint64_t *line)
{
    const char *p = r->data.data;
    size_t n = r->data.len, i = 0;

    *line = 1;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    skip_space(p, n, &i, line);
    if (n - i >= 7 && memcmp(p + i, "window.", 7) == 0) {
        i += 7;
        while (i < n &&
               (p[i] == '_' || p[i] == '.' || p[i] == '$' ||
                (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
                (p[i] >= '0' && p[i] <= '9')))
            i++;
        skip_space(p, n, &i, line);
        if (i < n && p[i] == '=')
            i++;
        else
            i = n;
        skip_space(p, n, &i, line);
    }
    if (i < n && (p[i] == '[' || p[i] == '{'))
        return (long)i;
    r->line = *line;
    r->offset = i;
    report(r, BF_D_JSON_SHAPE, "not a window.YTD assignment of JSON");
    return -1;
}

/* parse parses the element (len bytes at start) in place; 1 if it did,
 * else 0 after the diagnostic. */
static int parse(reader *r, size_t start, size_t len, bf_json *out)
{
    const char *msg = NULL;
    bf_diag_id id;
    bf_buf fix;
    size_t bad;
    bf_err err;

    /* bf__json_line repairs NUL bytes and invalid UTF-8, as for every
     * JSON format; fix holds memory only when a repair is needed. */
    bf_buf_init(&fix, 2 * len + BF_JSON_PADDING);
    err = bf__json_line(r->parser, r->data.data + start, len, &fix, out, &bad);
    bf_buf_release(&fix);
    if (err == BF_OK) {
        if (bad)
            report(r, BF_D_UTF8_REPAIRED, NULL);
        return 1;
    }
    id = bf__json_fault_diag(r->parser, &msg);
    report(r, id, msg);
    return 0;
}

/* ---- the members ---- */

/* on_manifest reads the export date and, as a fallback, the owner. */
static bf_err on_manifest(reader *r, const bf_json *root)
{
    bf_json user;
    char tmp[BF_JSON_ID_MAX];
    const char *id;
    int64_t t;
    bf_err err = BF_OK;

    t = 0;
    if (bf_json_at(root, "/archiveInfo", &user) == BF_OK)
        t = get_time(r, &user, "generationDate");
    if (t && !r->opts->observed_at)
        r->observed_at = t;
    if (bf_json_get(root, "userInfo", &user) != BF_OK ||
        bf_json_type_of(&user) != BF_JSON_OBJECT ||
        !get_id(r, &user, "accountId", NULL, tmp, &id))
        return BF_OK;
    err = set_str(&r->own.id, id);
    if (!err)
        err = set_str(&r->own.handle, bf_json_get_str(&user, "userName"));
    if (!err)
        err = set_str(&r->own.name, bf_json_get_str(&user, "displayName"));
    return err;
}

/*
 * on_account reads the owner.  Only accountId, username,
 * accountDisplayName and createdAt are looked up: the e-mail address and
 * phone number next to them are never read.
 */
static bf_err on_account(reader *r, const bf_json *root)
{
    bf_json acc = unwrap(root, "account");
    char tmp[BF_JSON_ID_MAX];
    const char *id;
    bf_err err;

    if (!get_id(r, &acc, "accountId", NULL, tmp, &id))
        return BF_OK;
    err = set_str(&r->own.id, id);
    if (!err)
        err = set_str(&r->own.handle, bf_json_get_str(&acc, "username"));
    if (!err)
        err = set_str(&r->own.name,
                      bf_json_get_str(&acc, "accountDisplayName"));
    r->own.created_at = get_time(r, &acc, "createdAt");
    return err;
}

/* on_profile reads bio, website, location and the avatar's kind. */
static bf_err on_profile(reader *r, const bf_json *root)
{
    bf_json prof = unwrap(root, "profile"), desc;
    const char *avatar;
    bf_err err = BF_OK;

    if (bf_json_get(&prof, "description", &desc) == BF_OK &&
        bf_json_type_of(&desc) == BF_JSON_OBJECT) {
        err = set_str(&r->own.bio, bf_json_get_str(&desc, "bio"));
        if (!err)
            err = set_str(&r->own.url, bf_json_get_str(&desc, "website"));
        if (!err)
            err = set_str(&r->own.location, bf_json_get_str(&desc, "location"));
    }
    /* The platform's default picture lives under default_profile_images. */
    avatar = bf_json_get_str(&prof, "avatarMediaUrl");
    if (avatar)
        r->own.default_avatar =
                !avatar[0] || strstr(avatar, "default_profile") != NULL;
    return err;
}

/* on_verified reads the verified flag. */
static void on_verified(reader *r, const bf_json *root)
{
    bf_json v = unwrap(root, "verified"), flag;
    int b;

    if (bf_json_get(&v, "verified", &flag) == BF_OK &&
        bf_json_bool(&flag, &b) == BF_OK)
        r->own.verified = b;
}

/* on_follow emits one follower (k == K_FOLLOWER) or followee edge;
 * position is the element's index over all parts. */
static bf_err on_follow(reader *r, const bf_json *root, kind k,
                        int64_t position)
{
    bf_json obj = unwrap(root, k == K_FOLLOWER ? "follower" : "following");
    char tmp[BF_JSON_ID_MAX];
    const char *id;
    bf_follow f;

    if (!get_id(r, &obj, "accountId", NULL, tmp, &id))
        return BF_OK;
    if (strcmp(id, r->own.id) == 0)
        report(r, BF_D_SELF_FOLLOW, NULL);
    if (!r->sink->follow)
        return BF_OK;
    f.platform = r->platform;
    f.observed_at = r->observed_at;
    if (k == K_FOLLOWER) {
        f.follower = id;
        f.followee = r->own.id;
        f.position = position;
    } else {
        f.follower = r->own.id;
        f.followee = id;
        /* The position is defined in the followee's follower list. */
        f.position = -1;
    }
    return r->sink->follow(r->sink->ctx, &f);
}

/*
 * source_name turns the source anchor <a href="...">Twitter for
 * iPhone</a> into its text, in r->scratch; plain text is kept.
 */
static const char *source_name(reader *r, const char *src)
{
    const char *start, *end;

    if (!src || src[0] != '<')
        return src;
    start = strchr(src, '>');
    if (!start)
        return NULL;
    start++;
    end = strchr(start, '<');
    if (!end)
        end = start + strlen(start);
    bf_buf_reset(&r->scratch);
    if (bf_buf_append(&r->scratch, start, (size_t)(end - start)) != BF_OK)
        return NULL;
    return r->scratch.data ? r->scratch.data : "";
}

/* on_tweet emits one of the owner's tweets as a post. */
static bf_err on_tweet(reader *r, const bf_json *root)
{
    bf_json t = unwrap(root, "tweet"), entities, v;
    char tmp[BF_JSON_ID_MAX], ref[BF_JSON_ID_MAX];
    const char *id, *parent;
    size_t n;
    int b;
    bf_post p;

    if (!get_id(r, &t, "id_str", "id", tmp, &id))
        return BF_OK;
    if (!r->sink->post)
        return BF_OK;
    bf_post_clear(&p);
    p.platform = r->platform;
    p.native_id = id;
    p.author_id = r->own.id;
    p.created_at = get_time(r, &t, "created_at");
    p.text = bf_json_get_str(&t, "full_text");
    if (!p.text)
        p.text = bf_json_get_str(&t, "text");
    /* The archive keeps no retweeted_status: a repost is known by its
     * text, and its original's id is lost. */
    if ((p.text && strncmp(p.text, "RT @", 4) == 0) ||
        (bf_json_get(&t, "retweeted", &v) == BF_OK &&
         bf_json_bool(&v, &b) == BF_OK && b)) {
        p.kind = BF_POST_REPOST;
    } else if (bf_json_get_id(&t, "in_reply_to_status_id_str",
                              "in_reply_to_status_id", ref, &parent,
                              &n) == BF_OK &&
               bf_json_id_decimal(parent, n)) {
        p.kind = BF_POST_REPLY;
        p.parent_id = parent;
    }
    p.likes = get_count(r, &t, "favorite_count");
    p.reposts = get_count(r, &t, "retweet_count");
    if (bf_json_get(&t, "entities", &entities) == BF_OK &&
        bf_json_type_of(&entities) == BF_JSON_OBJECT) {
        p.hashtags = bf_json_get_size(&entities, "hashtags");
        p.mentions = bf_json_get_size(&entities, "user_mentions");
        p.urls = bf_json_get_size(&entities, "urls");
    }
    p.source = source_name(r, bf_json_get_str(&t, "source"));
    return r->sink->post(r->sink->ctx, &p);
}

/* on_element dispatches one parsed element of a member of kind k. */
static bf_err on_element(reader *r, kind k, const bf_json *root, int64_t index)
{
    if (bf_json_type_of(root) != BF_JSON_OBJECT) {
        report(r, BF_D_JSON_SHAPE, "element is not an object");
        return BF_OK;
    }
    switch (k) {
    case K_MANIFEST:
        return on_manifest(r, root);
    case K_ACCOUNT:
        return on_account(r, root);
    case K_PROFILE:
        return on_profile(r, root);
    case K_VERIFIED:
        on_verified(r, root);
        return BF_OK;
    case K_FOLLOWER:
    case K_FOLLOWING:
        return on_follow(r, root, k, index);
    case K_TWEET:
        return on_tweet(r, root);
    default:
        return BF_OK;
    }
}

/*
 * walk cuts the array starting at r->data.data[i] (line line) into
 * elements and hands each to on_element; likes are only counted.  The
 * elements seen are added to r->own.counts[k].
 */
static bf_err walk(reader *r, kind k, size_t i, uint64_t line)
{
    const char *p = r->data.data;
    size_t n = r->data.len, end;
    int64_t *count = &r->own.counts[k];
    int after_comma = 0, closed, parsed;
    bf_json root;
    bf_err err;

    /* The file exists and is an array: its length is known from now. */
    if (*count < 0)
        *count = 0;
    i++; /* past '[' */
    for (;;) {
        /* Here i is just past '[' or past a ','. */
        skip_space(p, n, &i, &line);
        r->line = line;
        r->offset = i;
        if (i >= n) {
            report(r, BF_D_JSON_SYNTAX, "the array is not closed");
            return BF_OK;
        }
        if (p[i] == ']') {
            /* JavaScript allows a trailing comma; JSON does not, and
             * hand-edited archives have them: say so, lose nothing. */
            if (after_comma)
                report(r, BF_D_JSON_SYNTAX, "a ',' before ']'");
            return BF_OK;
        }
        end = value_end(p, n, i, &line, &closed);
        if (end == i) {
            report(r, BF_D_JSON_SYNTAX, "an empty element");
            return BF_OK;
        }
        /* Likes are only counted.  The single-record files (account,
         * profile, ...) are read for their first element only. */
        parsed = 0;
        if (k != K_LIKE && (*count == 0 || k >= K_LIKE)) {
            parsed = 1;
            if (parse(r, i, end - i, &root)) {
                err = on_element(r, k, &root, *count);
                if (err)
                    return err;
            }
        }
        (*count)++;
        if (!closed) {
            /* A parsed element that runs to the end failed to parse and
             * was reported; one only counted is reported here. */
            if (!parsed)
                report(r, BF_D_JSON_SYNTAX, "the element is not closed");
            return BF_OK;
        }
        i = end;
        skip_space(p, n, &i, &line);
        if (i < n && p[i] == ',') {
            i++;
            after_comma = 1;
        } else if (i < n && p[i] == ']') {
            return BF_OK;
        } else {
            /* Without its separator the rest cannot be trusted to be
             * cut right: stop this member here. */
            r->line = line;
            r->offset = i;
            report(r, BF_D_JSON_SYNTAX,
                   i < n ? "expected ',' or ']'" : "the array is not closed");
            return BF_OK;
        }
    }
}

/* set_label makes r->label the diagnostic name of member m. */
static bf_err set_label(reader *r, const archive *a, const member *m)
{
    size_t n = strlen(a->path);

    bf_buf_reset(&r->label);
    if (a->zip)
        return bf_buf_appendf(&r->label, "%s:%s", a->path, m->name);
    /* A folder's member is a real file: path/data/tweets.js. */
    while (n > 1 && a->path[n - 1] == '/')
        n--;
    return bf_buf_appendf(&r->label, "%.*s/%s", (int)n, a->path, m->name);
}

/* read_member loads, cuts and emits one member. */
static bf_err read_member(reader *r, archive *a, const member *m)
{
    uint64_t line;
    long start;
    char msg[64];
    bf_json root;
    bf_err err;

    err = set_label(r, a, m);
    if (err)
        return err;
    r->line = 0;
    r->offset = 0;
    err = load(r, a, m);
    if (err == BF_ELIMIT) {
        snprintf(msg, sizeof msg, "member larger than %zu bytes",
                 r->max_member);
        report(r, BF_D_LINE_TOO_LONG, msg);
        return BF_OK;
    }
    if (err == BF_EIO) {
        report(r, BF_D_IO, "cannot read the member");
        return BF_OK;
    }
    if (err)
        return err;
    start = body(r, &line);
    if (start < 0)
        return BF_OK;
    if (r->data.data[start] == '[')
        return walk(r, m->k, (size_t)start, line);
    /* manifest.js assigns an object, not an array. */
    r->line = line;
    r->offset = (uint64_t)start;
    if (m->k != K_MANIFEST) {
        report(r, BF_D_JSON_SHAPE, "expected an array");
        return BF_OK;
    }
    {
        int closed;
        size_t end = value_end(r->data.data, r->data.len, (size_t)start, &line,
                               &closed);

        if (parse(r, (size_t)start, end - (size_t)start, &root))
            return on_element(r, m->k, &root, 0);
    }
    return BF_OK;
}

/* emit_owner sends the owner's account, with its counters, to the sink. */
static bf_err emit_owner(reader *r)
{
    bf_account a;

    if (!r->sink->account)
        return BF_OK;
    bf_account_clear(&a);
    a.platform = r->platform;
    a.native_id = r->own.id;
    a.handle = r->own.handle;
    a.name = r->own.name;
    a.created_at = r->own.created_at;
    a.followers = r->own.counts[K_FOLLOWER];
    a.following = r->own.counts[K_FOLLOWING];
    a.posts = r->own.counts[K_TWEET];
    a.likes = r->own.counts[K_LIKE];
    a.verified = r->own.verified;
    a.default_avatar = r->own.default_avatar;
    a.bio = r->own.bio;
    a.url = r->own.url;
    a.location = r->own.location;
    a.observed_at = r->observed_at;
    return r->sink->account(r->sink->ctx, &a);
}

bf_err bf__x_archive_read(const char *path, const bf_ingest_opts *opts,
                          size_t max_member, bf_sink *sink, bf_diags *diags)
{
    reader r;
    archive a;
    size_t i;
    bf_err err;

    memset(&r, 0, sizeof r);
    r.now = bf_time_now();
    r.opts = opts;
    r.sink = sink;
    r.diags = diags;
    r.platform = opts->platform ? opts->platform : "twitter";
    r.max_member = max_member;
    r.own.verified = -1;
    r.own.default_avatar = -1;
    for (i = 0; i <= K_TWEET; i++)
        r.own.counts[i] = -1;
    /* The export date (manifest.js) replaces this when it is known; a
     * file's own date is when it was copied, so it is never used. */
    r.observed_at = opts->observed_at;
    bf_buf_init(&r.data, max_member + CHUNK + BF_JSON_PADDING + 16);
    bf_buf_init(&r.label, 1u << 16);
    bf_buf_init(&r.scratch, 1u << 16);

    err = archive_open(&a, path);
    if (err) {
        bf_diag(diags, BF_D_IO, path, 0, 0,
                err == BF_EIO ? "not a folder or a zip archive"
                              : bf_strerror_lang(err, bf_diag_french()));
        goto out;
    }
    err = bf_json_parser_new(BF_INGEST_MAX_LINE, &r.parser);
    if (err)
        goto out;
    for (i = 0; i < a.n && !err; i++) {
        /* Followers, followings and tweets need the owner. */
        if (a.m[i].k >= K_LIKE && !r.own.id) {
            bf_diag(diags, BF_D_MISSING_FIELD, path, 0, 0,
                    "account.js (the archive's owner)");
            goto out;
        }
        err = read_member(&r, &a, &a.m[i]);
    }
    if (err)
        goto out;
    if (!r.own.id) {
        bf_diag(diags, BF_D_MISSING_FIELD, path, 0, 0,
                "account.js (the archive's owner)");
        goto out;
    }
    err = emit_owner(&r);
out:
    archive_close(&a);
    bf_json_parser_free(r.parser);
    bf_buf_release(&r.data);
    bf_buf_release(&r.label);
    bf_buf_release(&r.scratch);
    free(r.own.id);
    free(r.own.handle);
    free(r.own.name);
    free(r.own.bio);
    free(r.own.url);
    free(r.own.location);
    return err;
}

bf_err bf_ingest_archive(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags)
{
    return bf__x_archive_read(path, opts, BF_X_ARCHIVE_MAX_MEMBER, sink, diags);
}
