/*
 * dl.c - shared libraries opened when first needed (dl.h).
 */
#include "base/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"

/* fill looks every function of lib up in h; the first missing one's name
 * in *out_missing. */
static int fill(const bf_dl *lib, void *h, const char **out_missing)
{
    size_t i;

    for (i = 0; i < lib->nsyms; i++) {
        void *f = dlsym(h, lib->syms[i].name);

        if (!f) {
            *out_missing = lib->syms[i].name;
            return -1;
        }
        /* POSIX: a function pointer has the representation of a void *. */
        memcpy(lib->syms[i].slot, &f, sizeof f);
    }
    return 0;
}

bf_err bf_dl_load(bf_dl *lib)
{
    int state;

    pthread_mutex_lock(&lib->mu);
    if (lib->state == 0) {
        const char *missing = NULL;
        void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);

        /* In the language of the other diagnostics (base/diag.h). */
        int fr = bf_diag_french();

        if (!h) {
            fprintf(stderr,
                    fr ? "bonafide : %s (installez le paquet Debian %s)\n"
                       : "bonafide: %s (install the Debian package %s)\n",
                    dlerror(), lib->package);
            lib->state = -1;
        } else if (fill(lib, h, &missing) != 0) {
            fprintf(stderr,
                    fr ? "bonafide : %s n'a pas de fonction %s (installez le "
                         "paquet Debian %s)\n"
                       : "bonafide: %s has no function %s (install the "
                         "Debian package %s)\n",
                    lib->soname, missing, lib->package);
            /* None half-filled: a caller never meets a stale pointer. */
            for (size_t i = 0; i < lib->nsyms; i++)
                memset(lib->syms[i].slot, 0, sizeof(void *));
            dlclose(h);
            lib->state = -1;
        } else {
            lib->state = 1;
        }
    }
    state = lib->state;
    pthread_mutex_unlock(&lib->mu);
    return state == 1 ? BF_OK : BF_ENOLIB;
}
