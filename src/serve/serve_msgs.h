/*
 * serve_msgs.h - the web pages' own sentences, in English and in French.
 *
 * The report itself comes from report/catalog.h; this small catalog holds
 * only what the server's pages add around it: navigation labels, the
 * search and upload forms, job states and error messages.  It follows the
 * main catalog's rules: every id has both languages, and a message takes
 * only the conversions of bf_msg_format_str ("%.Nf", "%'.Nf", "%D",
 * "%%"), the same in both, and its plural choices "{one|other}".
 *
 * Invariants: every id below BF_SMSG__COUNT has a non-empty text in each
 * language (checked by tests/unit/test_serve.c).  Ownership: returned
 * strings are static.
 *
 *     bf_buf b;
 *     double n = 3;
 *     bf_smsg_format(&b, BF_LANG_FR, BF_SMSG_RESULTS, &n, 1);
 */
#ifndef BF_SERVE_SERVE_MSGS_H
#define BF_SERVE_SERVE_MSGS_H

#include <stddef.h>

#include "base/buf.h"
#include "report/catalog.h"

typedef enum bf_smsg_id {
    BF_SMSG_SEARCH,
    BF_SMSG_COMPARE,
    BF_SMSG_UPLOAD,
    BF_SMSG_SEARCH_HINT,
    BF_SMSG_SEARCH_BUTTON,
    BF_SMSG_RESULTS,
    BF_SMSG_NO_RESULTS,
    BF_SMSG_COMPARE_HINT,
    BF_SMSG_COMPARE_BUTTON,
    BF_SMSG_AUDIT_LINK,
    BF_SMSG_UPLOAD_HINT,
    BF_SMSG_UPLOAD_FILE,
    BF_SMSG_UPLOAD_PLATFORM,
    BF_SMSG_UPLOAD_BUTTON,
    BF_SMSG_UPLOAD_LIMIT,
    BF_SMSG_JOB,
    BF_SMSG_JOB_QUEUED,
    BF_SMSG_JOB_RUNNING,
    BF_SMSG_JOB_DONE,
    BF_SMSG_JOB_FAILED,
    BF_SMSG_JOB_COUNTS,
    BF_SMSG_JOB_REJECTED,
    BF_SMSG_JOB_DIAGS,
    BF_SMSG_OTHER_LANG,
    BF_SMSG_ERR_NOT_FOUND,
    BF_SMSG_ERR_BAD_REQUEST,
    BF_SMSG_ERR_TOO_MANY,
    BF_SMSG_ERR_INTERNAL,
    BF_SMSG_COL_ACCOUNT,
    BF_SMSG_COL_NAME,
    BF_SMSG_ERR_FORBIDDEN,
    BF_SMSG__COUNT
} bf_smsg_id;

/* bf_smsg is the text of id in lang ("" for an id out of range). */
const char *bf_smsg(bf_lang lang, bf_smsg_id id);

/*
 * bf_smsg_format appends id in lang to out with args[0..nargs) substituted
 * (French numbers with a decimal comma, French typography's no-break
 * spaces: bf_msg_typo; for HTML); BF_EINVAL when nargs differs from the
 * message's number of conversions.
 */
bf_err bf_smsg_format(bf_buf *out, bf_lang lang, bf_smsg_id id,
                      const double *args, size_t nargs);

#endif
