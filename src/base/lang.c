/*
 * lang.c - how each language writes a number (lang.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/lang.h"

void bf_lang_number(char num[64], bf_lang lang, double v, int prec, int group)
{
    char raw[64], *dot;
    size_t i, o = 0, int_start, int_len;

    if (prec < 0 || prec > 9)
        prec = 2;
    snprintf(raw, sizeof raw, "%.*f", prec, v);
    /* "-0" reads oddly in a report; so does "-0.0". */
    if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1))
        memmove(raw, raw + 1, strlen(raw));
    int_start = raw[0] == '-' ? 1 : 0;
    dot = strchr(raw, '.');
    int_len = (dot ? (size_t)(dot - raw) : strlen(raw)) - int_start;
    if (int_start)
        num[o++] = '-';
    for (i = 0; i < int_len && o < 60; i++) {
        if (group && i && (int_len - i) % 3 == 0)
            num[o++] = lang == BF_LANG_FR ? ' ' : ',';
        num[o++] = raw[int_start + i];
    }
    if (dot) {
        num[o++] = lang == BF_LANG_FR ? ',' : '.';
        for (i = 1; dot[i] && o < 63; i++)
            num[o++] = dot[i];
    }
    num[o] = '\0';
}
