/*
 * zipfn.h - libzip, opened when the first ZIP file is read.
 *
 * Only exports packed as ZIP files need libzip, which pulls in OpenSSL's
 * libcrypto, so it is opened with dlopen(3) rather than linked into every
 * command (base/dl.h says why).  bundle.c and x_archive.c call its
 * functions through bf__zip, whose pointers have the types of <zip.h>;
 * they are valid once bf__zip_load succeeded, which both do before they
 * open a ZIP file.
 */
#ifndef BF_INGEST_ZIPFN_H
#define BF_INGEST_ZIPFN_H

#include <zip.h>

#include "base/err.h"

typedef struct bf__zip_fns {
    __typeof__(zip_open) *open;
    __typeof__(zip_discard) *discard;
    __typeof__(zip_get_num_entries) *get_num_entries;
    __typeof__(zip_get_name) *get_name;
    __typeof__(zip_file_get_external_attributes) *file_get_external_attributes;
    __typeof__(zip_stat_init) *stat_init;
    __typeof__(zip_stat_index) *stat_index;
    __typeof__(zip_fopen_index) *fopen_index;
    __typeof__(zip_fread) *fread;
    __typeof__(zip_fclose) *fclose;
} bf__zip_fns;

extern bf__zip_fns bf__zip;

/* bf__zip_load opens libzip once; BF_ENOLIB when it is missing. */
bf_err bf__zip_load(void);

#endif
