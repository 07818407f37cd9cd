/*
 * mhd.c - libmicrohttpd, opened when the server starts (mhd.h).
 */
#include "serve/mhd.h"

#include "base/dl.h"

bf__mhd_fns bf__mhd;

static const bf_dl_sym syms[] = {
    BF_DL_SYM("MHD_start_daemon", bf__mhd.start_daemon),
    BF_DL_SYM("MHD_stop_daemon", bf__mhd.stop_daemon),
    BF_DL_SYM("MHD_get_daemon_info", bf__mhd.get_daemon_info),
    BF_DL_SYM("MHD_get_connection_info", bf__mhd.get_connection_info),
    BF_DL_SYM("MHD_get_connection_values", bf__mhd.get_connection_values),
    BF_DL_SYM("MHD_lookup_connection_value", bf__mhd.lookup_connection_value),
    BF_DL_SYM("MHD_create_response_from_buffer",
              bf__mhd.create_response_from_buffer),
    BF_DL_SYM("MHD_add_response_header", bf__mhd.add_response_header),
    BF_DL_SYM("MHD_queue_response", bf__mhd.queue_response),
    BF_DL_SYM("MHD_destroy_response", bf__mhd.destroy_response),
    BF_DL_SYM("MHD_suspend_connection", bf__mhd.suspend_connection),
    BF_DL_SYM("MHD_resume_connection", bf__mhd.resume_connection),
    BF_DL_SYM("MHD_create_post_processor", bf__mhd.create_post_processor),
    BF_DL_SYM("MHD_post_process", bf__mhd.post_process),
    BF_DL_SYM("MHD_destroy_post_processor", bf__mhd.destroy_post_processor),
};

static bf_dl lib = BF_DL_INIT("libmicrohttpd.so.12", "libmicrohttpd12", syms);

bf_err bf__mhd_load(void)
{
    return bf_dl_load(&lib);
}
