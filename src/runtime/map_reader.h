// Reads user-visible maps from the kernel into MapSnapshots (per-CPU values merged), and
// performs the map actions that run in user space (clear, zero).
#pragma once

#include <vector>

#include "program/compiled_program.h"
#include "runtime/output/map_snapshot.h"

namespace sonde {

// Kernel I/O on one map, without state: batched reads, per-CPU merging, clearing, zeroing.
class MapReader {
 public:
  MapReader();
  // Snapshot of the map whose kernel fd is `fd`. Entries that were never set are omitted.
  MapSnapshot read(const MapSpec& spec, int fd) const;
  void clear(const MapSpec& spec, int fd) const;
  void zero(const MapSpec& spec, int fd) const;
  int cpus() const { return cpus_; }

  // Every (key, value) pair of the map; a per-CPU value is `cpus()` slots of the value size
  // rounded up to 8 bytes. Batched where the kernel supports it.
  struct Contents {
    std::vector<uint8_t> keys;
    std::vector<uint8_t> values;
    size_t count = 0;
  };
  Contents read_all(int fd, uint32_t key_size, uint32_t value_bytes) const;

 private:
  uint32_t value_bytes(const MapSpec& spec) const;
  int cpus_;
};

// The program's maps by index into CompiledProgram::maps, with their kernel fds, and what user
// space must remember about them: a scalar map zeroed by zero() still has its (zero) entry,
// though nothing in the kernel says so.
struct MapAccessor {
  const CompiledProgram* program = nullptr;
  std::vector<int> fds;
  MapReader reader;

  // The entries to print at exit, on SIGUSR1 and for print(@m).
  MapSnapshot read(int index) const;
  // print(@m): like read(), but a scalar map never written shows its zero value.
  MapSnapshot read_for_print(int index) const;
  void clear(int index);
  void zero(int index);

 private:
  bool zeroed(int index) const;
  std::vector<bool> zeroed_;
};

}  // namespace sonde
