/*
 * lang.h - the languages a user-facing sentence can be written in.
 *
 * The type sits in base so that every stage (scoring's reasons, the report
 * catalog, the server, the fetchers) can name a language without
 * including the report layer above it, and so does the way each language
 * writes a number (bf_lang_number).  The functions that read and name
 * languages (bf_lang_parse, bf_lang_code, bf_lang_from_env) live with the
 * sentences, in report/catalog.h.
 *
 * Invariant: BF_LANG_EN is 0, so a zeroed struct speaks English.
 *
 *     bf_lang l = BF_LANG_FR;
 *     const char *s = l == BF_LANG_FR ? "Abonnés" : "Followers";
 */
#ifndef BF_BASE_LANG_H
#define BF_BASE_LANG_H

typedef enum bf_lang { BF_LANG_EN = 0, BF_LANG_FR = 1, BF_LANG__COUNT } bf_lang;

/*
 * bf_lang_number writes v with prec decimals (0..9, else 2) into num,
 * lang-style: a decimal comma in French and, when group is set, digits
 * grouped by three from 1,000 up ("12,345.6" in English, "12 345,6" in
 * French, with a plain space so terminals and golden files stay ASCII;
 * the catalog's typography makes it narrow where it prints French).
 * "-0" is written "0".
 */
void bf_lang_number(char num[64], bf_lang lang, double v, int prec, int group);

#endif
