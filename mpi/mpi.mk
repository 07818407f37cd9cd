# mpi/mpi.mk - `make mpi`: bonafide-mpi, the graph metrics on MPI.
#
# Included at the end of the Makefile (it uses BUILD, BIN, LIBA, Q,
# CFLAGS_ALL, SANFLAGS and LIBS, which must be defined before).  The plain
# `make` never reads mpi.h: the sources live in mpi/, outside the
# library's src/*/*.c wildcard, and only the `mpi` goal builds them, with
# mpicc (OpenMPI: Debian packages openmpi-bin and libopenmpi-dev).  The
# binary lands beside the CLI (bin/bonafide-mpi, or $(BUILD)/bin/ for
# another build directory), where `bonafide graph ... --mpi` looks for it.
# `make mpi` without mpicc says so and fails.

MPICC   ?= mpicc
MPI_C   = $(sort $(wildcard mpi/*.c))
MPI_OBJ = $(MPI_C:%.c=$(BUILD)/%.o)
MPI_BIN = $(dir $(BIN))bonafide-mpi

.PHONY: mpi
mpi: $(MPI_BIN)

$(MPI_OBJ): $(BUILD)/mpi/%.o: mpi/%.c
	@command -v $(MPICC) >/dev/null 2>&1 || { echo \
	  "make mpi: $(MPICC) not found (apt-get install openmpi-bin libopenmpi-dev)"; \
	  exit 1; }
	@mkdir -p $(dir $@)
	@echo "  MPICC   $<"
	$(Q)$(MPICC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(MPI_BIN): $(MPI_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(MPICC) $(SANFLAGS) -o $@ $(MPI_OBJ) $(LIBA) $(LIBS)

-include $(MPI_OBJ:.o=.d)
