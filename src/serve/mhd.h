/*
 * mhd.h - libmicrohttpd, opened when the server starts.
 *
 * Only `bonafide serve` answers HTTP, and libmicrohttpd pulls in GnuTLS
 * and what it needs, so it is opened with dlopen(3) by bf_serve_start
 * rather than linked into every command (base/dl.h says why).  The serve
 * modules call its functions through bf__mhd, whose pointers have the
 * types of <microhttpd.h>; they are valid once bf__mhd_load succeeded,
 * which bf_serve_start does before anything else.
 */
#ifndef BF_SERVE_MHD_H
#define BF_SERVE_MHD_H

#include <microhttpd.h>

#include "base/err.h"

typedef struct bf__mhd_fns {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_get_connection_info) *get_connection_info;
    __typeof__(MHD_get_connection_values) *get_connection_values;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_suspend_connection) *suspend_connection;
    __typeof__(MHD_resume_connection) *resume_connection;
    __typeof__(MHD_create_post_processor) *create_post_processor;
    __typeof__(MHD_post_process) *post_process;
    __typeof__(MHD_destroy_post_processor) *destroy_post_processor;
} bf__mhd_fns;

extern bf__mhd_fns bf__mhd;

/* bf__mhd_load opens libmicrohttpd once; BF_ENOLIB when it is missing. */
bf_err bf__mhd_load(void);

#endif
