/*
 * err.c - descriptions of the error codes.
 *
 * A switch rather than a table indexed by the code, so that an unknown value
 * (a caller's bug, or a newer library) still gets a string and never reads
 * past an array.
 */
#include "base/err.h"

const char *bf_strerror(bf_err err)
{
    switch (err) {
    case BF_OK:
        return "success";
    case BF_ENOMEM:
        return "out of memory";
    case BF_EIO:
        return "input/output error";
    case BF_EPARSE:
        return "malformed input";
    case BF_ECORRUPT:
        return "corrupt file";
    case BF_EINVAL:
        return "invalid argument";
    case BF_ENOTFOUND:
        return "not found";
    case BF_ELIMIT:
        return "limit exceeded";
    case BF_ESQL:
        return "database error";
    case BF_ENET:
        return "network error";
    }
    return "unknown error";
}
