/*
 * privacy.h - the scrubber of contact details, for the model's records.
 *
 * The scrubber itself lives in base/privacy.h, below the diagnostics that
 * use it too; this header keeps the model's name for it.
 */
#ifndef BF_MODEL_PRIVACY_H
#define BF_MODEL_PRIVACY_H

#include "base/privacy.h"

#endif
