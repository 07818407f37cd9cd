/*
 * fuzz_timeline.c - libFuzzer target for the reading of a post's text
 * and for the edit distance, each against its plain definition.
 *
 * The input is cut at its first two NUL bytes into a text, a source and
 * a third string.  The text and source go through the timeline
 * accumulator as one post; the hash it keeps must be that of what
 * bf_timeline_normalize writes.  The text and the third string (first
 * 150 bytes of each) go to bf_edit_distance, which must give what the
 * full table of Wagner and Fischer gives, both ways round, with and
 * without a limit.  A difference aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/edit.h"
#include "score/timeline.h"

#include "../tests/edit_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SHORT EDIT_TABLE_MAX

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 3), *text, *source, *third, norm[512];
    size_t n, na, nb, want, limit;
    bf_timeline_acc acc;
    bf_timeline t;
    bf_post p;

    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = buf[size + 2] = '\0';
    text = buf;
    source = text + strlen(text) + 1;
    /* At most buf + size + 2: the three NULs end every string. */
    third = source + strlen(source) + 1;

    if (bf_timeline_acc_init(&acc, 2) == BF_OK) {
        bf_post_clear(&p);
        p.created_at = 1700000000;
        p.text = text;
        p.source = source;
        p.likes = size & 7;
        bf_timeline_acc_add(&acc, &p);
        n = bf_timeline_normalize(text, norm, sizeof norm);
        if (acc.ring[0].text_hash != bf_timeline_text_hash(norm, n))
            abort();
        bf_timeline_acc_finish(&acc, &t);
        bf_timeline_acc_release(&acc);
    }

    na = strlen(text) < SHORT ? strlen(text) : SHORT;
    nb = strlen(third) < SHORT ? strlen(third) : SHORT;
    want = edit_table(text, na, third, nb);
    limit = size % 9;
    if (bf_edit_distance(text, na, third, nb, SIZE_MAX - 1) != want ||
        bf_edit_distance(third, nb, text, na, SIZE_MAX - 1) != want ||
        bf_edit_distance(text, na, third, nb, limit) !=
                (want > limit ? limit + 1 : want))
        abort();
    free(buf);
    return 0;
}
