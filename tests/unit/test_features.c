/*
 * test_features.c - the self-declared automation words of a biography.
 *
 * One table of French, English and Spanish bios, each with the answer a
 * reader would give: does the account say it is automated?  The rows that
 * matter most are the negatives whose "bot" is followed by an accented
 * letter ("botón", "botté", "botánica"): UTF-8 letters continue a word, so
 * these are not the word "bot".  Punctuation, spaces and emoji after "bot"
 * end the word ("bot🤖", "bot…", "«bot»").  The robot emoji on its own is
 * not a statement (features.h says why), and neither are bytes that are
 * not UTF-8 (they count as letters).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "score/features.h"

typedef struct bio_case {
    const char *lang;
    const char *bio;
    int want;
} bio_case;

static const bio_case cases[] = {
    /* English: the word, its compounds, and what follows it. */
    { "en", "I am a bot that posts every hour", 1 },
    { "en", "A #TwitterBot by @someone", 1 },
    { "en", "news_bot, weather_bot", 1 },
    { "en", "Just a bot\xe2\x80\xa6 beep", 1 },            /* … */
    { "en", "bot\xe2\x80\x94posts the tides", 1 },         /* — */
    { "en", "weather bot\xf0\x9f\xa4\x96 by @x", 1 },      /* 🤖 */
    { "en", "a robot\xf0\x9f\xa6\x9c naming colours", 1 }, /* 🦜 */
    { "en", "BOT\xe2\x84\xa2 of the day", 1 },             /* ™ */
    { "en", "Automated alerts, auto-generated", 1 },
    { "en", "Robotics engineer, bottle collector", 0 },
    { "en", "Bot2000 fan club", 0 },
    { "en", "Baker in Lyon.", 0 },
    { "en", "\xf0\x9f\xa4\x96 made by @x", 0 },          /* 🤖 alone */
    { "en", "Building bots\xc2\xb7 humans welcome", 0 }, /* "bots" */
    /* French. */
    { "fr", "Un petit robot.", 1 },
    { "fr", "Je suis un \xc2\xab bot \xc2\xbb", 1 }, /* « bot » */
    { "fr",
      "\xc2\xab"
      "bot\xc2\xbb de la mairie",
      1 }, /* «bot» */
    { "fr",
      "bot\xc2\xa0"
      "de la m\xc3\xa9t\xc3\xa9"
      "o",
      1 }, /* nbsp */
    { "fr", "Compte automatique de la mairie", 1 },
    { "fr", "Tweets g\xc3\xa9n\xc3\xa9r\xc3\xa9s automatiquement", 1 },
    { "fr", "Fan du Chat bott\xc3\xa9", 0 }, /* botté */
    { "fr", "Bottier et sabotier", 0 },
    { "fr",
      "Sabot\xc3\xa9"
      "e par le vent",
      0 }, /* sabotée */
    { "fr", "Robotique, bottes et bottines", 0 },
    { "fr",
      "Bote\xcc\x81"
      "e",
      0 },                      /* "Botée", the accent combining */
    { "fr", "bot\xcc\x81", 0 }, /* "bot" and a combining accent */
    /* Spanish. */
    { "es", "\xc2\xa1Soy un bot!", 1 }, /* ¡ */
    { "es",
      "Bot de noticias \xc2\xbf"
      "dudas?",
      1 },
    { "es", "Cuenta bot: boletines", 1 },
    { "es", "Ah\xc3\xad tienes el bot\xc3\xb3n #ANIME", 0 }, /* botón */
    { "es", "Amante de la bot\xc3\xa1nica", 0 },             /* botánica */
    { "es", "Bot\xc3\xadn de la semana", 0 },                /* botín */
    { "es", "El bal\xc3\xb3n bot\xc3\xb3 dos veces", 0 },    /* botó */
    /* Other scripts' punctuation ends the word, their letters do not. */
    { "--", "\xe3\x83\x9c\xe3\x83\x83\xe3\x83\x88 bot\xe3\x80\x82",
      1 },                                /* 。 */
    { "--", "robot\xd0\xb8\xd0\xba", 0 }, /* Cyrillic */
    /* Bytes that are not UTF-8 continue the word. */
    { "--", "bot\xff", 0 },
    { "--", "bot\xc3", 0 },
    { "--", "", 0 },
};

static void self_declared_bios(void **state)
{
    bf_account a;
    size_t i;
    int failed = 0;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float got;

        bf_account_clear(&a);
        a.platform = "twitter";
        a.native_id = "1";
        a.handle = "someone";
        a.bio = cases[i].bio;
        got = bf_features_self_declared(&a);
        if (got != (float)cases[i].want) {
            print_error("%s: \"%s\": got %g, want %d\n", cases[i].lang,
                        cases[i].bio, (double)got, cases[i].want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

/*
 * The platform's flag says automated whatever the bio; a bio word that is
 * not "bot" leaves the account as its flag says.
 */
static void self_declared_flag(void **state)
{
    bf_account a;

    (void)state;
    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = "1";
    a.bio = "Ah\xc3\xad tienes el bot\xc3\xb3n";
    a.automated = 1;
    assert_float_equal(bf_features_self_declared(&a), 1, 0);
    a.automated = 0;
    assert_float_equal(bf_features_self_declared(&a), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(self_declared_bios),
        cmocka_unit_test(self_declared_flag),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
