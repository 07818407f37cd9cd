/*
 * xgbfn.c - libxgboost, opened when a model is trained (xgbfn.h).
 */
#include "score/xgbfn.h"

#include "base/dl.h"

bf__xgb_fns bf__xgb;

static const bf_dl_sym syms[] = {
    BF_DL_SYM("XGBGetLastError", bf__xgb.get_last_error),
    BF_DL_SYM("XGBoostVersion", bf__xgb.version),
    BF_DL_SYM("XGBoosterCreate", bf__xgb.booster_create),
    BF_DL_SYM("XGBoosterFree", bf__xgb.booster_free),
    BF_DL_SYM("XGBoosterGetAttr", bf__xgb.booster_get_attr),
    BF_DL_SYM("XGBoosterSetAttr", bf__xgb.booster_set_attr),
    BF_DL_SYM("XGBoosterLoadModelFromBuffer",
              bf__xgb.booster_load_model_from_buffer),
    BF_DL_SYM("XGBoosterSaveModelToBuffer",
              bf__xgb.booster_save_model_to_buffer),
    BF_DL_SYM("XGBoosterPredict", bf__xgb.booster_predict),
    BF_DL_SYM("XGBoosterSetParam", bf__xgb.booster_set_param),
    BF_DL_SYM("XGBoosterUpdateOneIter", bf__xgb.booster_update_one_iter),
    BF_DL_SYM("XGDMatrixCreateFromMat", bf__xgb.dmatrix_create_from_mat),
    BF_DL_SYM("XGDMatrixFree", bf__xgb.dmatrix_free),
    BF_DL_SYM("XGDMatrixSetFloatInfo", bf__xgb.dmatrix_set_float_info),
};

static bf_dl lib = BF_DL_INIT("libxgboost.so.0", "libxgboost0", syms);

bf_err bf__xgb_load(void)
{
    return bf_dl_load(&lib);
}
