/*
 * fuzz_model.c - libFuzzer target for model files (bf_model_load): the
 * JSON read without xgboost (score/forest.h), its second stage kept as a
 * string attribute, the flat trees and the contributions behind the
 * reasons.  A model file is an input like any other: `score`, `eval` and
 * `verdicts` take one with --model, and $BONAFIDE_MODEL names one.
 *
 * The input is the file, written as fuzz.h writes a reader's, and loaded.
 * A refusal is fine; a model that loads must score rows of known values,
 * of unknown ones (NaN) and of extreme ones, give their kinds and their
 * reasons, one by one and in a batch, and be freed, with every read
 * inside what was allocated.
 */
#include <math.h>

#include "fuzz.h"
#include "score/features.h"
#include "score/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const float fill[] = { 0.0f, NAN, 1e30f, -1.0f };
    const char *path = bf_fuzz_write(data, size);
    bf_model *m = NULL;
    size_t k, i;

    if (bf_model_load(path, &m) != BF_OK)
        return 0;
    for (k = 0; k < sizeof fill / sizeof fill[0]; k++) {
        bf_features x;
        bf_reason r[BF_MODEL_REASONS_MAX];
        double p = -1, kinds[BF_KIND__COUNT];
        float c[BF_FEAT__COUNT + 1];
        size_t n = 0;

        for (i = 0; i < BF_FEAT__COUNT; i++)
            x.v[i] = i % 3 == 0 ? fill[(k + 1) % 4] : fill[k];
        if (bf_model_predict(m, &x, &p) != BF_OK || !(p >= 0 && p <= 1))
            abort();
        (void)bf_model_predict_kinds(m, &x, kinds);
        bf_model_contribs(m, x.v, c);
        if (bf_model_reasons(m, &x, r, &n) != BF_OK || n > BF_MODEL_REASONS_MAX)
            abort();
    }
    /* A batch, whose trees' vectors are kept per pattern of sides. */
    {
        enum { ROWS = 20 };

        float *X = malloc(ROWS * BF_FEAT__COUNT * sizeof *X);
        bf_reason *r = malloc(ROWS * BF_MODEL_REASONS_MAX * sizeof *r);
        size_t rn[ROWS];

        if (!X || !r)
            abort();
        for (i = 0; i < ROWS * BF_FEAT__COUNT; i++)
            X[i] = fill[(i / 7 + i % 5) % 4];
        if (bf_model_reasons_batch(m, X, ROWS, r, rn) != BF_OK)
            abort();
        for (i = 0; i < ROWS; i++)
            if (rn[i] > BF_MODEL_REASONS_MAX)
                abort();
        free(X);
        free(r);
    }
    bf_model_free(m);
    return 0;
}
