# bonafide - GNU Makefile.
#
#   make            bin/bonafide and libbonafide.a
#   make demo       install missing packages, build, run the demo
#   make test       install missing packages, build, run every test
#   make check      the tests again under ASan + UBSan (build/san)
#   make bench      benchmarks against peers, as ratios
#   make bench-platform  a Twitter-size graph through the whole pipeline
#                   (41.7 M accounts; BENCH_PLATFORM=DIR with 60 GB free)
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each
#   make mpi        bin/bonafide-mpi: graph metrics on MPI (needs mpicc)
#   make format     clang-format every source file in place
#   make lint       formatting check and cppcheck
#
# Sources are found by wildcard: a new src/<stage>/<module>.c joins the
# library, a new tests/unit/test_<module>.c becomes a test binary.
# Warnings are errors when CI is set (or WERROR=1).

BUILD ?= build
# The recipes below that build first use every core.
NPROC := $(shell nproc 2>/dev/null || echo 2)
# V=1 shows the full compiler command lines.
Q = $(if $(V),,@)
CC ?= cc
CXX ?= c++
OPT ?= -O2

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wvla -Wwrite-strings -Wformat=2 -fno-common
ifneq ($(CI)$(WERROR),)
WARN += -Werror
endif
CFLAGS_ALL = -std=c11 $(OPT) -g $(WARN) -D_POSIX_C_SOURCE=200809L \
             -D_DEFAULT_SOURCE -Iinclude -Isrc $(SANFLAGS) $(CFLAGS)
CXXFLAGS_ALL = -std=c++17 $(OPT) -g -Wall -Wextra -Wshadow -fno-common \
               $(if $(CI)$(WERROR),-Werror) -Iinclude -Isrc $(SANFLAGS) \
               $(CXXFLAGS)
# libcurl, libmicrohttpd, libzip and libxgboost are not linked: the
# commands that use them open them when first needed (src/base/dl.h).  The
# unit tests that write ZIP files call libzip directly, and test_model
# calls xgboost to hold the model's own walker to it.
LIBS = -lsimdjson -lsqlite3 -lzstd -lz -lnettle -lstdc++ -lm \
       -lpthread

ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
endif

LIB_C   = $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
LIB_CXX = $(sort $(wildcard src/*/*.cpp))
CLI_C   = $(sort $(wildcard src/cli/*.c))
LIB_OBJ = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cpp=$(BUILD)/%.o)
CLI_OBJ = $(CLI_C:%.c=$(BUILD)/%.o)
UNIT    = $(sort $(wildcard tests/unit/test_*.c))
UNITBIN = $(UNIT:tests/unit/%.c=$(BUILD)/tests/%)
BENCH   = $(sort $(wildcard bench/bench_*.c))
BENCHBIN = $(BENCH:bench/%.c=$(BUILD)/bench/%)

ifeq ($(BUILD),build)
LIBA = libbonafide.a
BIN  = bin/bonafide
else
LIBA = $(BUILD)/libbonafide.a
BIN  = $(BUILD)/bin/bonafide
endif

.PHONY: all deps demo test check bench bench-platform fuzz format lint clean units model
all: $(BIN) $(LIBA)

deps:
	@sh scripts/deps.sh deps.txt

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cpp
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	$(Q)$(CXX) $(CXXFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $(CLI_OBJ) $(LIBA) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) -lcmocka -lzip -lxgboost $(LIBS)

$(BUILD)/bench/%: bench/%.c $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) -ljansson -ligraph $(LIBS)

units: $(UNITBIN)

demo: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all
	./$(BIN) demo

# bonafide-mpi joins the tests wherever make deps could install OpenMPI.
HAVE_MPICC = command -v $${MPICC:-mpicc} >/dev/null 2>&1

test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all units
	@if $(HAVE_MPICC); then $(MAKE) --no-print-directory mpi; fi
	@sh tests/run.sh $(BUILD) $(BIN)

check: deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build/san SAN=1 OPT=-O1 \
	    all units
	@if $(HAVE_MPICC); then $(MAKE) --no-print-directory BUILD=build/san \
	    SAN=1 OPT=-O1 mpi; fi
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 sh tests/run.sh build/san build/san/bin/bonafide

# The shipped model, rebuilt from ../shared/data byte for byte
# (scripts/model.sh; models/README.md says what it records).
model: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@tmp=$$(mktemp -d) && \
	 sh scripts/model.sh $(BIN) $$tmp/store models/default.model; \
	 rc=$$?; rm -rf $$tmp; exit $$rc
	@sha256sum models/default.model

bench: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all $(BENCHBIN)
	@if $(HAVE_MPICC); then $(MAKE) --no-print-directory mpi; fi
	@sh bench/run.sh $(BUILD) $(BIN)

BENCH_PLATFORM_ACCOUNTS ?= 41700000
bench-platform: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@BONAFIDE_BIN=$(BIN) BENCH_PLATFORM_ACCOUNTS=$(BENCH_PLATFORM_ACCOUNTS) \
	 sh bench/bench_platform.sh

FUZZ_SECONDS ?= 30
fuzz: deps
	@sh fuzz/run.sh $(FUZZ_SECONDS)

SOURCES = $(shell find src include tests bench fuzz mpi -name '*.[ch]' -o \
            -name '*.cpp' 2>/dev/null)
format:
	clang-format -i $(SOURCES)

lint:
	clang-format --dry-run --Werror $(SOURCES)
	cppcheck --quiet --error-exitcode=1 --std=c11 -Iinclude -Isrc \
	  --suppress=missingIncludeSystem src

clean:
	rm -rf build bin libbonafide.a

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# `make mpi` (mpi/mpi.mk): last, as it uses the variables above.
include mpi/mpi.mk
