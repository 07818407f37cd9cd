/*
 * err.h - the one error type, re-exported for internal code.
 *
 * bf_err itself lives in the public header so callers of the library and
 * its internals speak the same codes.  Every fallible function returns one;
 * BF_OK is zero so "if (err) goto out;" reads naturally.
 */
#ifndef BF_BASE_ERR_H
#define BF_BASE_ERR_H

#include "bonafide.h"

#endif
