/*
 * cmd_serve.c - bonafide serve (being written).
 */
#include <stdio.h>

#include "cli/cli.h"

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bonafide serve: not available yet\n");
    return BF_EXIT_FAIL;
}
