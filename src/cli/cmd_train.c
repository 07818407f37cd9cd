/*
 * cmd_train.c - bonafide train (being written).
 */
#include <stdio.h>

#include "cli/cli.h"

int cmd_train(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "bonafide train: not available yet\n");
    return BF_EXIT_FAIL;
}
