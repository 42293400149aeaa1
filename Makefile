# Thin wrapper over CMake. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SONDE := $(BUILD_DIR)/sonde
PREFIX ?= /usr/local

.PHONY: all setup configure build run test unit e2e install clean bench fuzz

all: build

setup:
	@./scripts/setup.sh

$(BUILD_DIR)/CMakeCache.txt:
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

configure: setup $(BUILD_DIR)/CMakeCache.txt

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# A real trace: system calls per process for 5 seconds.
run: build
	$(SONDE) -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } interval:s:5 { exit(); }'

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

install: build
	@cmake --install $(BUILD_DIR) --prefix $(PREFIX)

bench: build
	@./bench/run_all.sh

clean:
	@rm -rf $(BUILD_DIR)
