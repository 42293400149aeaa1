// Reads user-visible maps from the kernel into MapSnapshots (per-CPU values merged), and
// performs the map actions that run in user space (clear, zero).
#pragma once

#include "program/compiled_program.h"
#include "runtime/output/map_snapshot.h"

namespace sonde {

class MapReader {
 public:
  MapReader();
  // Snapshot of the map whose kernel fd is `fd`. Entries that were never set are omitted.
  MapSnapshot read(const MapSpec& spec, int fd) const;
  void clear(const MapSpec& spec, int fd) const;
  void zero(const MapSpec& spec, int fd) const;
  int cpus() const { return cpus_; }

 private:
  // All (key, value) pairs; per-CPU values are `cpus_` slots of rounded value size.
  void read_all(int fd, uint32_t key_size, uint32_t value_size, bool per_cpu,
                std::vector<uint8_t>& keys, std::vector<uint8_t>& values, size_t& count) const;
  int cpus_;
};

}  // namespace sonde
