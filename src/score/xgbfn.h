/*
 * xgbfn.h - libxgboost, opened when a model is trained.
 *
 * Scoring reads a model file and walks its trees without xgboost
 * (score/forest.h), so only training, and the tests and benchmarks that
 * hold the walker to xgboost's own figures, call it.  Linked, libxgboost
 * and the libraries it pulls in (libgomp, libdmlc) were mapped and
 * relocated by every command before main ran; they are opened with
 * dlopen(3) instead (base/dl.h says why), the first time a booster or a
 * matrix is made.  model.c calls xgboost through bf__xgb, whose pointers
 * have the types of <xgboost/c_api.h>; they are valid once bf__xgb_load
 * succeeded.
 */
#ifndef BF_SCORE_XGBFN_H
#define BF_SCORE_XGBFN_H

#include <xgboost/c_api.h>

#include "base/err.h"

typedef struct bf__xgb_fns {
    __typeof__(XGBGetLastError) *get_last_error;
    __typeof__(XGBoostVersion) *version;
    __typeof__(XGBoosterCreate) *booster_create;
    __typeof__(XGBoosterFree) *booster_free;
    __typeof__(XGBoosterGetAttr) *booster_get_attr;
    __typeof__(XGBoosterSetAttr) *booster_set_attr;
    __typeof__(XGBoosterLoadModelFromBuffer) *booster_load_model_from_buffer;
    __typeof__(XGBoosterSaveModelToBuffer) *booster_save_model_to_buffer;
    __typeof__(XGBoosterPredict) *booster_predict;
    __typeof__(XGBoosterSetParam) *booster_set_param;
    __typeof__(XGBoosterUpdateOneIter) *booster_update_one_iter;
    __typeof__(XGDMatrixCreateFromMat) *dmatrix_create_from_mat;
    __typeof__(XGDMatrixFree) *dmatrix_free;
    __typeof__(XGDMatrixSetFloatInfo) *dmatrix_set_float_info;
} bf__xgb_fns;

extern bf__xgb_fns bf__xgb;

/* bf__xgb_load opens libxgboost once; BF_ENOLIB when it is missing. */
bf_err bf__xgb_load(void);

#endif
