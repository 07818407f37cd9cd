/*
 * lang.h - the languages a user-facing sentence can be written in.
 *
 * The type sits in base so that every stage (scoring's reasons, the report
 * catalog, the server, the fetchers) can name a language without
 * including the report layer above it.  The functions that read and name
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

#endif
