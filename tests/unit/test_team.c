/*
 * test_team.c - the shortlist and the team's notes on a real store in a
 * temp directory: the bound of five kept by the store, the order, notes
 * checked field by field, changed only with their author's token hash,
 * and no e-mail address in the database file's bytes.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/model.h"
#include "store/peers.h"
#include "store/store.h"
#include "store/team.h"

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

typedef struct fixture {
    char dir[64];
    char store[96];
    bf_store *st;
    uint32_t ids[7];
} fixture;

/* put upserts one account in its own batch and returns its dense id. */
static uint32_t put(bf_store *st, const char *id, const char *handle)
{
    bf_account a;
    uint32_t dense = 0;
    char spec[64];

    memset(&a, 0, sizeof a);
    a.platform = "sim";
    a.native_id = id;
    a.handle = handle;
    a.followers = 10;
    a.following = a.posts = a.likes = a.lists = -1;
    a.verified = a.protected_ = a.default_avatar = a.default_profile = -1;
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    snprintf(spec, sizeof spec, "sim:%s", handle);
    assert_int_equal(bf_store_resolve(st, spec, &dense), BF_OK);
    return dense;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char id[16], handle[32];
    int i;

    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-team-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->store, sizeof f->store, "%s/st", f->dir);
    assert_int_equal(bf_store_open(f->store, &f->st), BF_OK);
    for (i = 0; i < 7; i++) {
        snprintf(id, sizeof id, "%d", i + 1);
        snprintf(handle, sizeof handle, "cand_%d", i);
        f->ids[i] = put(f->st, id, handle);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    bf_store_close(f->st);
    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

static void shortlist_keeps_five_in_order(void **state)
{
    fixture *f = *state;
    uint32_t got[8];
    size_t n = 99;
    int i;

    assert_int_equal(bf_store_shortlist(f->st, got, 8, &n), BF_OK);
    assert_int_equal(n, 0);
    for (i = 4; i >= 0; i--)
        assert_int_equal(bf_store_shortlist_add(f->st, f->ids[i], 100 - i),
                         BF_OK);
    /* The sixth is refused; one already there is no change. */
    assert_int_equal(bf_store_shortlist_add(f->st, f->ids[5], 200), BF_ELIMIT);
    assert_int_equal(bf_store_shortlist_add(f->st, f->ids[2], 300), BF_OK);
    assert_int_equal(bf_store_shortlist(f->st, got, 8, &n), BF_OK);
    assert_int_equal(n, 5);
    /* Oldest first: added at 96 (ids[4]) ... 100 (ids[0]). */
    for (i = 0; i < 5; i++)
        assert_int_equal(got[i], f->ids[4 - i]);
    /* Removing one makes room; removing one absent changes nothing. */
    assert_int_equal(bf_store_shortlist_remove(f->st, f->ids[3]), BF_OK);
    assert_int_equal(bf_store_shortlist_remove(f->st, f->ids[6]), BF_OK);
    assert_int_equal(bf_store_shortlist_add(f->st, f->ids[5], 400), BF_OK);
    assert_int_equal(bf_store_shortlist(f->st, got, 8, &n), BF_OK);
    assert_int_equal(n, 5);
    assert_int_equal(got[4], f->ids[5]);
    /* A cap below the count gives the first ones. */
    assert_int_equal(bf_store_shortlist(f->st, got, 2, &n), BF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(got[0], f->ids[4]);
    assert_int_equal(bf_store_shortlist_add(f->st, 999999, 1), BF_ENOTFOUND);
}

/*
 * The checked list: newest first, an account checked again moves to the
 * head, the oldest rows go past BF_CHECKED_MAX, and it survives the
 * store being closed and opened again.
 */
static void checked_keeps_the_last_newest_first(void **state)
{
    fixture *f = *state;
    uint32_t got[BF_CHECKED_MAX + 4], more[BF_CHECKED_MAX + 1];
    uint64_t gen0 = 0, gen1 = 0;
    char id[16], handle[32];
    size_t n = 99;
    int i;

    assert_int_equal(bf_store_checked(f->st, got, 4, &n), BF_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bf_store_generation(f->st, &gen0), BF_OK);
    for (i = 0; i < 3; i++)
        assert_int_equal(bf_store_checked_add(f->st, f->ids[i], 100 + i),
                         BF_OK);
    assert_int_equal(bf_store_checked_add(f->st, f->ids[0], 200), BF_OK);
    assert_int_equal(bf_store_checked(f->st, got, 8, &n), BF_OK);
    assert_int_equal(n, 3);
    assert_int_equal(got[0], f->ids[0]);
    assert_int_equal(got[1], f->ids[2]);
    assert_int_equal(got[2], f->ids[1]);
    /* No report depends on it: cached pages stay valid. */
    assert_int_equal(bf_store_generation(f->st, &gen1), BF_OK);
    assert_true(gen1 == gen0);
    assert_int_equal(bf_store_checked_add(f->st, 999999, 1), BF_ENOTFOUND);
    /* BF_CHECKED_MAX + 1 more: the three first ones are dropped. */
    for (i = 0; i <= BF_CHECKED_MAX; i++) {
        snprintf(id, sizeof id, "%d", 100 + i);
        snprintf(handle, sizeof handle, "more_%d", i);
        more[i] = put(f->st, id, handle);
        assert_int_equal(bf_store_checked_add(f->st, more[i], 300 + i), BF_OK);
    }
    bf_store_close(f->st);
    assert_int_equal(bf_store_open(f->store, &f->st), BF_OK);
    assert_int_equal(bf_store_checked(f->st, got, BF_CHECKED_MAX + 4, &n),
                     BF_OK);
    assert_int_equal(n, BF_CHECKED_MAX);
    for (i = 0; i < BF_CHECKED_MAX; i++)
        assert_int_equal(got[i], more[BF_CHECKED_MAX - i]);
}

static void note_fields_are_checked(void **state)
{
    char big[BF_NOTE_BODY_MAX + 2];

    (void)state;
    assert_int_equal(bf_note_check("Anne", 0), BF_NOTE_OK);
    assert_int_equal(bf_note_check("  Anne  ", 0), BF_NOTE_OK);
    assert_int_equal(bf_note_check("", 0), BF_NOTE_MISSING);
    assert_int_equal(bf_note_check(" \t\n ", 1), BF_NOTE_MISSING);
    assert_int_equal(bf_note_check(NULL, 1), BF_NOTE_MISSING);
    assert_int_equal(bf_note_check("Zoé Ünal", 0), BF_NOTE_OK);
    assert_int_equal(bf_note_check("line one\nline two\ttab", 1), BF_NOTE_OK);
    /* A name is one line; no field takes other control bytes. */
    assert_int_equal(bf_note_check("An\nne", 0), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("bell\a", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("esc\x1b[31m", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("del\x7f", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("c1 \xc2\x85", 1), BF_NOTE_BAD_BYTES);
    /* Invalid UTF-8: a lone continuation, an overlong '<', a surrogate. */
    assert_int_equal(bf_note_check("x\x80", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("\xc0\xbc", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("\xed\xa0\x80", 1), BF_NOTE_BAD_BYTES);
    assert_int_equal(bf_note_check("cut \xe2\x82", 1), BF_NOTE_BAD_BYTES);
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(bf_note_check(big, 1), BF_NOTE_TOO_LONG);
    big[BF_NOTE_BODY_MAX] = '\0';
    assert_int_equal(bf_note_check(big, 1), BF_NOTE_OK);
    big[BF_NOTE_AUTHOR_MAX + 1] = '\0';
    assert_int_equal(bf_note_check(big, 0), BF_NOTE_TOO_LONG);
}

static void notes_change_only_with_their_token(void **state)
{
    fixture *f = *state;
    uint8_t mine[BF_NOTE_HASH], other[BF_NOTE_HASH];
    bf_note *notes = NULL, one;
    size_t n = 0;
    int64_t id = 0, id2 = 0;

    memset(mine, 0xA5, sizeof mine);
    memset(other, 0x5A, sizeof other);
    assert_int_equal(bf_store_note_add(f->st, f->ids[0], " Anne ",
                                       "<script>alert(1)</script> ok", mine,
                                       1000, &id),
                     BF_OK);
    assert_int_equal(bf_store_note_add(f->st, f->ids[0], "Bob", "second", other,
                                       1001, &id2),
                     BF_OK);
    assert_int_equal(
            bf_store_note_add(f->st, f->ids[0], "", "x", mine, 1, NULL),
            BF_EINVAL);
    assert_int_equal(bf_store_note_add(f->st, 999999, "A", "x", mine, 1, NULL),
                     BF_ENOTFOUND);
    assert_int_equal(bf_store_notes(f->st, f->ids[0], &notes, &n), BF_OK);
    assert_int_equal(n, 2);
    /* Stored as written, trimmed: escaping is the page's business. */
    assert_string_equal(notes[0].author, "Anne");
    assert_string_equal(notes[0].body, "<script>alert(1)</script> ok");
    assert_int_equal(notes[0].created_at, 1000);
    assert_memory_equal(notes[0].token_hash, mine, BF_NOTE_HASH);
    assert_string_equal(notes[1].author, "Bob");
    bf_notes_free(notes, n);
    /* Another token changes nothing. */
    assert_int_equal(
            bf_store_note_update(f->st, id, "Eve", "mine now", other, 2000),
            BF_EACCES);
    assert_int_equal(bf_store_note_delete(f->st, id, other), BF_EACCES);
    assert_int_equal(bf_store_note_delete(f->st, id, NULL), BF_EACCES);
    assert_int_equal(bf_store_note_update(f->st, 424242, "A", "B", mine, 1),
                     BF_ENOTFOUND);
    assert_int_equal(
            bf_store_note_update(f->st, id, "Anne", "edited", mine, 2000),
            BF_OK);
    assert_int_equal(bf_store_note_get(f->st, id, &one), BF_OK);
    assert_string_equal(one.body, "edited");
    assert_int_equal(one.created_at, 1000);
    assert_int_equal(one.updated_at, 2000);
    bf_note_release(&one);
    assert_int_equal(bf_store_note_delete(f->st, id, mine), BF_OK);
    assert_int_equal(bf_store_note_get(f->st, id, &one), BF_ENOTFOUND);
    assert_int_equal(bf_store_notes(f->st, f->ids[0], &notes, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(notes[0].id, id2);
    bf_notes_free(notes, n);
    assert_int_equal(bf_store_notes(f->st, f->ids[1], &notes, &n), BF_OK);
    assert_int_equal(n, 0);
    assert_null(notes);
}

/* file_has reports whether the bytes of path hold needle. */
static int file_has(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    size_t len = strlen(needle), got, cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    int found = 0;

    assert_non_null(buf);
    if (!fp) {
        free(buf);
        return 0;
    }
    while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(fp);
    for (got = 0; !found && got + len <= n; got++)
        found = memcmp(buf + got, needle, len) == 0;
    free(buf);
    return found;
}

static void no_email_reaches_the_file(void **state)
{
    fixture *f = *state;
    uint8_t h[BF_NOTE_HASH];
    char path[160];
    bf_note *notes = NULL;
    size_t n = 0;
    int64_t id = 0;

    memset(h, 1, sizeof h);
    assert_int_equal(bf_store_note_add(f->st, f->ids[1], "Anne",
                                       "Write to anne.secret@example.com or "
                                       "+33 6 12 34 56 78",
                                       h, 5, &id),
                     BF_OK);
    assert_int_equal(bf_store_note_update(f->st, id, "Anne",
                                          "Now bob.hidden@example.org", h, 6),
                     BF_OK);
    assert_int_equal(bf_store_notes(f->st, f->ids[1], &notes, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_string_equal(notes[0].body, "Now [email]");
    bf_notes_free(notes, n);
    bf_store_close(f->st);
    f->st = NULL;
    snprintf(path, sizeof path, "%s/bonafide.sqlite", f->store);
    assert_false(file_has(path, "anne.secret@"));
    assert_false(file_has(path, "bob.hidden@"));
    snprintf(path, sizeof path, "%s/bonafide.sqlite-wal", f->store);
    assert_false(file_has(path, "anne.secret@"));
    assert_false(file_has(path, "bob.hidden@"));
    assert_int_equal(bf_store_open(f->store, &f->st), BF_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(shortlist_keeps_five_in_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(checked_keeps_the_last_newest_first,
                                        setup, teardown),
        cmocka_unit_test(note_fields_are_checked),
        cmocka_unit_test_setup_teardown(notes_change_only_with_their_token,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(no_email_reaches_the_file, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
