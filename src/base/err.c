/*
 * err.c - descriptions of the error codes, in English and in French.
 *
 * A switch rather than a table indexed by the code, so that an unknown value
 * (a caller's bug, or a newer library) still gets a string and never reads
 * past an array.  Each case gives both languages side by side, so a new code
 * cannot be added in one language only; the unit test checks that both are
 * there and differ.  The language index is 1 for French as in bf_lang
 * (report/catalog.h); base sits below report and so takes it as an int.
 */
#include "base/err.h"

#include <errno.h>

const char *bf_strerror_lang(bf_err err, int lang)
{
    /* 0 English, 1 French: the order of bf_lang. */
    int fr = lang == 1;

    switch (err) {
    case BF_OK:
        return fr ? "succès" : "success";
    case BF_ENOMEM:
        return fr ? "mémoire insuffisante" : "out of memory";
    case BF_EIO:
        return fr ? "erreur d'entrée/sortie" : "input/output error";
    case BF_EPARSE:
        return fr ? "données mal formées" : "malformed input";
    case BF_ECORRUPT:
        return fr ? "fichier corrompu" : "corrupt file";
    case BF_EINVAL:
        return fr ? "argument invalide" : "invalid argument";
    case BF_ENOTFOUND:
        return fr ? "introuvable" : "not found";
    case BF_ELIMIT:
        return fr ? "limite dépassée" : "limit exceeded";
    case BF_ESQL:
        return fr ? "erreur de base de données" : "database error";
    case BF_ENET:
        return fr ? "erreur réseau" : "network error";
    case BF_ENOSPC:
        return fr ? "plus d'espace disponible sur le périphérique"
                  : "no space left on device";
    case BF_EACCES:
        return fr ? "permission refusée ou système de fichiers en lecture "
                    "seule"
                  : "permission denied or read-only file system";
    case BF_ENOTDIR:
        return fr ? "n'est pas un répertoire" : "not a directory";
    case BF_ENOLIB:
        return fr ? "bibliothèque partagée absente"
                  : "shared library not installed";
    }
    return fr ? "erreur inconnue" : "unknown error";
}

bf_err bf_err_from_errno(int e)
{
    switch (e) {
    case 0:
        return BF_EIO; /* a failure that set no errno is still one */
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EFBIG:
        return BF_ENOSPC;
    case ENOMEM:
        return BF_ENOMEM;
    case EACCES:
    case EPERM:
    case EROFS:
        return BF_EACCES;
    case ENOTDIR:
        return BF_ENOTDIR;
    case ENOENT:
        return BF_ENOTFOUND;
    }
    return BF_EIO;
}

const char *bf_strerror(bf_err err)
{
    return bf_strerror_lang(err, 0);
}
