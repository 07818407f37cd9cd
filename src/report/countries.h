/*
 * countries.h - country names in the report's language.
 *
 * Platforms name the countries of an audience in English ("United
 * States", an Instagram export) or by ISO 3166-1 code ("US", the Graph
 * API).  A French report says "États-Unis" for both, an English one
 * "United States".  The names come from Debian's iso-codes package, read
 * once per process: the codes and English names of
 * /usr/share/iso-codes/json/iso_3166-1.json and the French names of
 * /usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo (gettext's catalog,
 * keyed by the English names).  Without those files, or for a name they
 * do not hold (a city, "Kosovo"), the platform's own label is shown, as
 * before.  docs/report.md says why these files rather than a table of our
 * own.
 *
 *     const char *s = bf_country_name("US", BF_LANG_FR); // "États-Unis"
 */
#ifndef BF_REPORT_COUNTRIES_H
#define BF_REPORT_COUNTRIES_H

#include "base/lang.h"

/*
 * bf_country_name gives the name of the country a platform labels key
 * (an ISO 3166-1 alpha-2 code, or an English name as ISO or the
 * platforms write it), in lang; key itself when it names no country
 * known.  The result lives as long as the process, or as key.  Thread
 * safe; the first call reads the files.
 */
const char *bf_country_name(const char *key, bf_lang lang);

#endif
