/*
 * err.h - the one error type, re-exported for internal code, and its
 * descriptions in the user's language.
 *
 * bf_err itself lives in the public header so callers of the library and
 * its internals speak the same codes.  Every fallible function returns one;
 * BF_OK is zero so "if (err) goto out;" reads naturally.
 *
 * Invariant: every bf_err value, and any value outside the enum, has a
 * non-empty description in English and in French.  Ownership: the strings
 * returned are static and never freed.
 *
 *     bf_err err = bf_store_open(dir, &st);
 *     if (err)
 *         fprintf(stderr, "%s: %s\n", dir, bf_strerror_lang(err, lang));
 */
#ifndef BF_BASE_ERR_H
#define BF_BASE_ERR_H

#include "bonafide.h"

/*
 * bf_strerror_lang returns a static description of err in lang, a bf_lang
 * value (report/catalog.h): BF_LANG_FR gives French, any other value the
 * English text of bf_strerror.  lang is an int because bf_lang is declared
 * above base, in report/catalog.h, which base may not include; a bf_lang
 * converts to it implicitly.
 */
const char *bf_strerror_lang(bf_err err, int lang);

/*
 * bf_err_from_errno names the cause of a failed system call from its
 * errno value e: ENOSPC, EDQUOT and EFBIG are BF_ENOSPC, EACCES, EPERM
 * and EROFS BF_EACCES, ENOTDIR BF_ENOTDIR, ENOENT BF_ENOTFOUND, ENOMEM
 * BF_ENOMEM, and anything else (a real I/O error) BF_EIO.  So that a full
 * disk is never reported as an input/output error.
 */
bf_err bf_err_from_errno(int e);

#endif
