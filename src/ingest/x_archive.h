/*
 * x_archive.h - the X archive reader with its size limit exposed.
 *
 * bf_ingest_archive (ingest/ingest.h) reads an X account archive, the
 * unzipped folder or the .zip, with a limit of BF_X_ARCHIVE_MAX_MEMBER
 * bytes per member file.  This header gives tests and the fuzz target the
 * same reader with a smaller limit, so the over-limit path can be reached
 * without gigabytes of input.  docs/formats-x-archive.md describes the
 * files read and how they map to records.
 *
 * Invariants: a member larger than the limit is never held in memory; it is
 * reported (BF_D_LINE_TOO_LONG) and skipped.  Direct messages and every
 * other file the reader does not know are never opened.
 *
 * Ownership: path, opts, sink and diags are borrowed for the call; records
 * given to the sink live only during the sink call.
 *
 *     bf_ingest_opts o;
 *     bf_ingest_opts_init(&o);
 *     err = bf__x_archive_read("archive.zip", &o, 4096, &sink, &diags);
 */
#ifndef BF_INGEST_X_ARCHIVE_H
#define BF_INGEST_X_ARCHIVE_H

#include <stddef.h>

#include "ingest/ingest.h"

/* The largest member file (tweets.js, ...) read from an archive: 1 GiB. */
#define BF_X_ARCHIVE_MAX_MEMBER ((size_t)1 << 30)

/*
 * bf__x_archive_read is bf_ingest_archive with max_member in place of
 * BF_X_ARCHIVE_MAX_MEMBER.  It returns BF_EIO (after a BF_D_IO
 * diagnostic) when path cannot be opened as a folder or a zip, a sink's
 * error when the sink fails, BF_ENOMEM when memory runs out, else BF_OK:
 * bad members and elements are diagnostics, not errors.
 */
bf_err bf__x_archive_read(const char *path, const bf_ingest_opts *opts,
                          size_t max_member, bf_sink *sink, bf_diags *diags);

#endif
