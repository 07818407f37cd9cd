/*
 * exports.h - the account exports of Instagram, Facebook, TikTok, LinkedIn
 * and YouTube, and the archives of X and Mastodon, told apart and read.
 *
 * "Download your information" (Meta), TikTok's and LinkedIn's data
 * downloads and Google Takeout give an account holder a folder of files,
 * zipped.  bf__ingest_export opens one as a bundle (bundle.h), tells from
 * the names of its files which platform wrote it, and runs that platform's
 * reader; docs/formats-exports.md lists the files each reader takes and how
 * they map to records.  Each reader is only its platform's mapping: the
 * reader kit (kit.h) does the rest.
 *
 * Every reader names the export's owner (the account the export belongs
 * to), sends its followers and followings as follow edges with their
 * arrival dates when the export has them, its posts with whatever counts
 * the export holds, and its audience insights; the owner's account record
 * comes last, once its counts are known.  Nothing is sent before the
 * bundle has been opened and recognised, so an archive that cannot be
 * read (truncated, not a zip) leaves the store as it was.
 *
 * Ownership: all arguments are borrowed for the call.
 */
#ifndef BF_INGEST_EXPORTS_H
#define BF_INGEST_EXPORTS_H

#include "ingest/bundle.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/kit.h"

/* The largest file of an export read: 1 GiB. */
#define BF_EXPORT_MAX_MEMBER ((size_t)1 << 30)

/*
 * bf__export_detect is the format of the export b holds, from the names
 * of its files: BF_FMT_X_ARCHIVE, BF_FMT_MASTODON (outbox.json and
 * actor.json), BF_FMT_INSTAGRAM, BF_FMT_FACEBOOK, BF_FMT_TIKTOK,
 * BF_FMT_LINKEDIN or BF_FMT_YOUTUBE; BF_FMT_AUTO when none fits.
 */
bf_format bf__export_detect(const bf_bundle *b);

/*
 * bf__export_detect_top is bf__export_detect counting only the files
 * that lie where their platform puts them in its export (account.js at
 * the top or in data/, followers_and_following/ at the top or in
 * connections/...): a folder is an export when this is not BF_FMT_AUTO.
 * A folder holding exports deeper (a folder of downloads, an unzipped
 * archive's own top folder) is not one; each of its subfolders may be.
 */
bf_format bf__export_detect_top(const bf_bundle *b);

/*
 * bf__ingest_export reads the folder, zip, .tar.gz (Mastodon) or single
 * file at path as an export in opts->format (detected when
 * BF_FMT_AUTO).  BF_EIO after a BF_D_IO diagnostic when it cannot be
 * opened; BF_EPARSE after BF_D_UNKNOWN_FORMAT when it is no known export.
 */
bf_err bf__ingest_export(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags);

/*
 * bf__export_json loads file i of b into buf, sets the kit's position to
 * it, and parses it with p into *out_root.  A file too large, unreadable
 * or not JSON is reported and gives non-BF_OK (the reader skips it).
 */
bf_err bf__export_json(bf_kit *k, bf_bundle *b, long i, bf_json_parser *p,
                       bf_buf *buf, bf_json *out_root);

/*
 * bf__export_text loads file i of b into buf (NUL-terminated) and sets
 * the kit's position to it; reported and non-BF_OK when it fails.
 */
bf_err bf__export_text(bf_kit *k, bf_bundle *b, long i, bf_buf *buf);

/*
 * bf__export_owner picks the export owner's handle: opts->subject when
 * given, else name (may be NULL) when it is a valid id, else the export's
 * file or folder name without its extension and its trailing date, a
 * number of six digits or more ("twocatsgallery_20220812.zip" ->
 * "twocatsgallery", "lampros-m_2024-12" -> "lampros-m", but "youtube_2"
 * stays), or the account of Meta's download name
 * ("instagram-shop.owner-2024-12-05-AbCdEf12.zip" -> "shop.owner"),
 * written into out.
 */
const char *bf__export_owner(const bf_ingest_opts *opts, const char *path,
                             const char *name, bf_buf *out);

/* The readers, one per platform (instagram.c, facebook.c, ...). */
bf_err bf__read_instagram(bf_bundle *b, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags);
bf_err bf__read_facebook(bf_bundle *b, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags);
bf_err bf__read_tiktok(bf_bundle *b, const bf_ingest_opts *opts, bf_sink *sink,
                       bf_diags *diags);
bf_err bf__read_linkedin(bf_bundle *b, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags);
bf_err bf__read_youtube(bf_bundle *b, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags);

#endif
