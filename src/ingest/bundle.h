/*
 * bundle.h - an export as the platform delivers it: a folder or a .zip.
 *
 * Instagram, Facebook, TikTok, LinkedIn and Google Takeout hand out a zip
 * of many files; users often unzip it first.  A bundle lists the regular
 * files of either, by their path inside the export ("connections/
 * followers_and_following/followers_1.json"), and loads one at a time into
 * a caller's buffer.  The export readers then ask for the files they know
 * by the end of their path, whatever folder the export was wrapped in.
 *
 * Invariants (exports are untrusted): in a folder only regular files are
 * listed, found with lstat, so a symbolic link, a FIFO or a device is never
 * opened or followed, and the walk goes at most BF_BUNDLE_MAX_DEPTH folders
 * deep; in a zip, entries recorded as symbolic links and folders are left
 * out.  At most BF_BUNDLE_MAX_FILES files are listed.  A file is loaded
 * only up to the caller's limit: a larger one (by its declared size, then
 * by the bytes actually inflated) is BF_ELIMIT and never held whole.
 *
 * Ownership: the bundle owns its names; bf_bundle_close frees them.
 *
 *     bf_bundle *b;
 *     if (bf_bundle_open("instagram.zip", &b) == BF_OK) {
 *         long i = bf_bundle_find(b, "followers_1.json");
 *         if (i >= 0) err = bf_bundle_load(b, (size_t)i, 1 << 30, &buf);
 *         bf_bundle_close(b);
 *     }
 */
#ifndef BF_INGEST_BUNDLE_H
#define BF_INGEST_BUNDLE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define BF_BUNDLE_MAX_FILES 100000
#define BF_BUNDLE_MAX_DEPTH 12

typedef struct bf_bundle bf_bundle;

/*
 * bf_bundle_open lists the folder or zip at path.  BF_EIO when it is
 * neither, or a zip that does not open (truncated, not a zip); BF_ENOMEM.
 */
bf_err bf_bundle_open(const char *path, bf_bundle **out_b);

/*
 * bf_bundle_open_one makes a bundle of the one regular file at path (a
 * TikTok user_data_tiktok.json, a LinkedIn Shares.csv), named by its
 * base name, so the export readers read a lone file as they read it
 * inside its export.  BF_EIO when path is not a regular file.
 */
bf_err bf_bundle_open_one(const char *path, bf_bundle **out_b);

/*
 * bf_bundle_sub makes a bundle of the files of b under root (a folder
 * inside it, ending in '/', or "" for the top), named from root down,
 * with root added to b's path, leaving out the files under any of the
 * nskip folders skip (the other exports, which may lie inside this one's
 * folder): a folder holding several exports is read one export at a
 * time, as if each had been given alone.  The new bundle reads b's zip,
 * so close it before b.  BF_ENOMEM.
 */
bf_err bf_bundle_sub(const bf_bundle *b, const char *root,
                     const char *const *skip, size_t nskip,
                     bf_bundle **out_sub);

/* bf_bundle_close frees b; NULL is a no-op. */
void bf_bundle_close(bf_bundle *b);

/* bf_bundle_count is the number of files listed. */
size_t bf_bundle_count(const bf_bundle *b);

/* bf_bundle_name is the path of file i inside the export. */
const char *bf_bundle_name(const bf_bundle *b, size_t i);

/* bf_bundle_path is the path given to bf_bundle_open. */
const char *bf_bundle_path(const bf_bundle *b);

/*
 * bf_bundle_find is the index of the file whose path is suffix or ends
 * with "/" suffix, the shallowest first; -1 when there is none.
 */
long bf_bundle_find(const bf_bundle *b, const char *suffix);

/*
 * bf_bundle_load replaces out's contents with file i, followed by 64
 * zero bytes (padding for the JSON parser, not counted in out->len).
 * BF_ELIMIT when the file exceeds max bytes, BF_EIO when it cannot be
 * read (or is no longer a regular file).
 */
bf_err bf_bundle_load(bf_bundle *b, size_t i, size_t max, bf_buf *out);

#endif
