/*
 * zipfn.c - libzip, opened when the first ZIP file is read (zipfn.h).
 */
#include "ingest/zipfn.h"

#include "base/dl.h"

bf__zip_fns bf__zip;

static const bf_dl_sym syms[] = {
    BF_DL_SYM("zip_open", bf__zip.open),
    BF_DL_SYM("zip_discard", bf__zip.discard),
    BF_DL_SYM("zip_get_num_entries", bf__zip.get_num_entries),
    BF_DL_SYM("zip_get_name", bf__zip.get_name),
    BF_DL_SYM("zip_file_get_external_attributes",
              bf__zip.file_get_external_attributes),
    BF_DL_SYM("zip_stat_init", bf__zip.stat_init),
    BF_DL_SYM("zip_stat_index", bf__zip.stat_index),
    BF_DL_SYM("zip_fopen_index", bf__zip.fopen_index),
    BF_DL_SYM("zip_fread", bf__zip.fread),
    BF_DL_SYM("zip_fclose", bf__zip.fclose),
};

static bf_dl lib = BF_DL_INIT("libzip.so.4", "libzip4", syms);

bf_err bf__zip_load(void)
{
    return bf_dl_load(&lib);
}
