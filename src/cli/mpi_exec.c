/*
 * mpi_exec.c - `bonafide graph ... --mpi`: hand the command over to
 * bonafide-mpi.
 *
 * The MPI code is a separate program (mpi/, built by `make mpi` with
 * mpicc) so that the plain build never needs mpi.h.  When cmd_graph sees
 * --mpi it calls bf__cli_mpi_exec, which finds bonafide-mpi in the
 * directory of the running executable (/proc/self/exe) and execv's it
 * with the same arguments.
 * execv keeps the process id and the environment, so under `mpirun -np 4
 * bin/bonafide graph pagerank --mpi` each of the four processes started by
 * mpirun becomes a rank of bonafide-mpi and MPI_Init finds the variables
 * mpirun set.  When the program is missing the user is told to build it,
 * in French or English.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* The program's name, looked for beside the running executable. */
#define MPI_PROGRAM "bonafide-mpi"

static const char *const no_mpi[BF_LANG__COUNT] = {
    "bonafide: this build has no MPI: run make mpi (it needs mpicc, "
    "Debian packages openmpi-bin and libopenmpi-dev)\n",
    "bonafide : cette version n'a pas MPI : lancez make mpi (il faut "
    "mpicc, paquets Debian openmpi-bin et libopenmpi-dev)\n",
};

/*
 * program_path writes to out (len bytes) the path of bonafide-mpi beside
 * the running executable; -1 when it cannot be formed.
 */
static int program_path(char *out, size_t len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash;

    if (n <= 0)
        return -1;
    self[n] = '\0';
    slash = strrchr(self, '/');
    if (!slash)
        return -1;
    slash[1] = '\0';
    if ((size_t)snprintf(out, len, "%s%s", self, MPI_PROGRAM) >= len)
        return -1;
    return 0;
}

int bf__cli_mpi_exec(int argc, char **argv)
{
    char path[PATH_MAX];
    char **args;
    int i;

    if (program_path(path, sizeof path) != 0 || access(path, X_OK) != 0) {
        fputs(no_mpi[bf__cli_lang()], stderr);
        return BF_EXIT_FAIL;
    }
    /* bonafide-mpi reads argv as bonafide's: program, "graph", ... */
    args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return bf__cli_fail(MPI_PROGRAM, BF_ENOMEM);
    args[0] = path;
    for (i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    args[argc + 1] = NULL;
    fflush(NULL);
    execv(path, args);
    /* Only reached when execv failed. */
    fprintf(stderr, "bonafide: %s: %s\n", path, strerror(errno));
    free(args);
    return BF_EXIT_FAIL;
}
