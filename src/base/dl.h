/*
 * dl.h - shared libraries opened when first needed.
 *
 * A program maps every library it is linked with, and every library
 * those pull in, before main runs.  libcurl (live collection),
 * libmicrohttpd (the web page) and libzip (archives) bring GnuTLS,
 * OpenSSL's libcrypto, Kerberos, LDAP, nghttp2 and a dozen more: 30 of
 * the 45 shared objects bonafide mapped, and 14 ms of the 25 ms every
 * command took to start, the audit of a small account included
 * (docs/audit.md, "Start-up"); libxgboost, wanted only to train a
 * model, brought libgomp and libdmlc.  Most commands use none of them.  So they
 * are not linked: the module that calls one opens it by its soname with
 * dlopen(3) the first time it needs it and looks its functions up into
 * a table of pointers it declares, typed from the library's own header,
 * as systemd does for its optional libraries.
 *
 *     static struct {
 *         __typeof__(curl_easy_init) *easy_init;
 *     } cu;
 *     static const bf_dl_sym syms[] = {
 *         BF_DL_SYM("curl_easy_init", cu.easy_init),
 *     };
 *     static bf_dl lib = BF_DL_INIT("libcurl.so.4", "libcurl4", syms);
 *
 *     if (bf_dl_load(&lib) != BF_OK)
 *         return BF_ENOLIB;
 *     h = cu.easy_init();
 *
 * Thread-safe: the first caller loads, the others wait for it; a library
 * that failed to load is not tried again.  Libraries stay loaded until
 * the process ends.
 */
#ifndef BF_BASE_DL_H
#define BF_BASE_DL_H

#include <pthread.h>
#include <stddef.h>

#include "base/err.h"

/* A function to look up: its name, and the caller's pointer to fill. */
typedef struct bf_dl_sym {
    const char *name;
    void *slot; /* the address of a function pointer */
} bf_dl_sym;

#define BF_DL_SYM(name, ptr)   \
    {                          \
        (name), (void *)&(ptr) \
    }

/* A library and the functions taken from it. */
typedef struct bf_dl {
    const char *soname;  /* "libcurl.so.4" */
    const char *package; /* the Debian package that installs it */
    const bf_dl_sym *syms;
    size_t nsyms;
    pthread_mutex_t mu;
    int state; /* 0 not tried, 1 loaded, -1 failed */
} bf_dl;

#define BF_DL_INIT(soname, package, syms)                              \
    {                                                                  \
        (soname), (package), (syms), sizeof(syms) / sizeof((syms)[0]), \
                PTHREAD_MUTEX_INITIALIZER, 0                           \
    }

/*
 * bf_dl_load opens lib and fills every pointer of its table, once.
 * BF_ENOLIB when the library or one of its functions is missing; the
 * first failure says which on standard error, with the package to
 * install, in the diagnostics' language (bf_diag_french), and the
 * pointers stay NULL.
 */
bf_err bf_dl_load(bf_dl *lib);

#endif
