/*
 * team.h - what a team keeps in the store while it chooses: a shortlist
 * of candidates and notes on accounts.
 *
 * The shortlist is one list per store of at most BF_SHORTLIST_MAX
 * accounts, in the order they were added: the candidates the web page
 * compares side by side.  The checked list is the last BF_CHECKED_MAX
 * accounts the web page was asked about (collected, uploaded or opened
 * from a pasted address), newest first, which its home page lists so a
 * team can go back to a candidate after the server restarted.  A note is a team member's comment on one
 * account: an author's name and a text, both checked here
 * (bf_note_check) and scrubbed of contact details like every free-text
 * field of the store, and the SHA-256 of a random token the author holds
 * (a cookie of the web page); only that hash can change or delete it.
 * No e-mail address is ever stored: the web form's optional e-mail field
 * is read and dropped (docs/web-shortlist.md).
 *
 * Invariants: the shortlist never holds more than BF_SHORTLIST_MAX rows,
 * the checked list more than BF_CHECKED_MAX;
 * an author and a body are valid UTF-8 of bounded length without control
 * bytes (the body may hold line breaks and tabs).  Each write is its own
 * SQLite transaction on the handle's connection, which must not be
 * inside a batch (BF_EINVAL then).
 *
 * Ownership: bf_note arrays come from bf_store_notes and are freed with
 * bf_notes_free.
 *
 *     uint32_t ids[BF_SHORTLIST_MAX];
 *     size_t n;
 *     bf_store_shortlist_add(st, id, now);
 *     bf_store_shortlist(st, ids, BF_SHORTLIST_MAX, &n);
 */
#ifndef BF_STORE_TEAM_H
#define BF_STORE_TEAM_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Candidates a shortlist holds at most. */
#define BF_SHORTLIST_MAX 5
/* Accounts the checked list keeps, the newest. */
#define BF_CHECKED_MAX 20
/* Bounds of a note's fields, in bytes (of UTF-8) after trimming. */
#define BF_NOTE_AUTHOR_MAX 80
#define BF_NOTE_BODY_MAX   4000
/* Notes kept per account; more are refused with BF_ELIMIT. */
#define BF_NOTES_PER_ACCOUNT 200
/* The size of the author token's hash (SHA-256). */
#define BF_NOTE_HASH 32

/* What is wrong with a note's field, from bf_note_check. */
typedef enum bf_note_problem {
    BF_NOTE_OK,
    BF_NOTE_MISSING,   /* empty, or only spaces */
    BF_NOTE_TOO_LONG,  /* over the field's bound */
    BF_NOTE_BAD_BYTES, /* a control byte or invalid UTF-8 */
} bf_note_problem;

typedef struct bf_note {
    int64_t id;
    uint32_t account; /* dense id */
    char *author;     /* owned */
    char *body;       /* owned */
    int64_t created_at, updated_at;
    uint8_t token_hash[BF_NOTE_HASH];
} bf_note;

/*
 * bf_store_shortlist_add adds account id (dense) at time now.  Adding one
 * already there changes nothing.  BF_ELIMIT when the list is full,
 * BF_ENOTFOUND for an unknown account.
 */
bf_err bf_store_shortlist_add(bf_store *st, uint32_t id, int64_t now);

/* bf_store_shortlist_remove removes id; one not there changes nothing. */
bf_err bf_store_shortlist_remove(bf_store *st, uint32_t id);

/*
 * bf_store_shortlist fills ids (at most cap) with the shortlist in the
 * order it was made, oldest first, and sets *out_n.
 */
bf_err bf_store_shortlist(bf_store *st, uint32_t *ids, size_t cap,
                          size_t *out_n);

/*
 * bf_store_checked_add puts account id (dense) at the head of the checked
 * list at time now, moving it there when it is already listed, and drops
 * the rows past BF_CHECKED_MAX.  BF_ENOTFOUND for an unknown account.
 * It does not raise the data generation: no report depends on it.
 */
bf_err bf_store_checked_add(bf_store *st, uint32_t id, int64_t now);

/*
 * bf_store_checked fills ids (at most cap) with the checked list, newest
 * first, and sets *out_n.
 */
bf_err bf_store_checked(bf_store *st, uint32_t *ids, size_t cap, size_t *out_n);

/*
 * bf_note_check judges a field: author (is_body 0, one line) or body
 * (is_body 1, line breaks and tabs allowed).  Leading and trailing spaces
 * do not count.  O(length).
 */
bf_note_problem bf_note_check(const char *s, int is_body);

/*
 * bf_store_note_add stores a note on account id by author with body,
 * owned by the token whose SHA-256 is hash; *out_id (may be NULL) gets
 * its id.  Both fields are trimmed and scrubbed of contact details.
 * BF_EINVAL when a field fails bf_note_check, BF_ENOTFOUND for an
 * unknown account, BF_ELIMIT past BF_NOTES_PER_ACCOUNT.
 */
bf_err bf_store_note_add(bf_store *st, uint32_t id, const char *author,
                         const char *body, const uint8_t *hash, int64_t now,
                         int64_t *out_id);

/*
 * bf_store_note_update replaces note's author and body when hash is its
 * author's; bf_store_note_delete removes it.  BF_ENOTFOUND for no such
 * note, BF_EACCES for another token's note, BF_EINVAL for a bad field.
 */
bf_err bf_store_note_update(bf_store *st, int64_t note, const char *author,
                            const char *body, const uint8_t *hash, int64_t now);
bf_err bf_store_note_delete(bf_store *st, int64_t note, const uint8_t *hash);

/*
 * bf_store_notes sets *out to the notes on account id, oldest first
 * (NULL and 0 when there are none).  Free with bf_notes_free.
 */
bf_err bf_store_notes(bf_store *st, uint32_t id, bf_note **out, size_t *out_n);

/* bf_note_get reads one note by id; BF_ENOTFOUND when there is none. */
bf_err bf_store_note_get(bf_store *st, int64_t note, bf_note *out);

/* bf_note_release frees one note's strings; bf_notes_free an array. */
void bf_note_release(bf_note *n);
void bf_notes_free(bf_note *notes, size_t n);

#endif
