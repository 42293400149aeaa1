// A map's contents read from the kernel, with per-CPU values already merged: what the printers
// consume. Produced by the runtime's map reader.
#pragma once

#include <cstdint>
#include <vector>

#include "program/compiled_program.h"

namespace sonde {

struct MapEntry {
  std::vector<uint8_t> key;    // key bytes laid out as spec.key (empty for scalar maps)
  std::vector<uint8_t> value;  // plain (non-aggregation) value bytes laid out as spec.value
  // count/sum/min/max: merged value (two's complement bits; signedness from spec.value)
  int64_t number = 0;
  // avg/stats: merged count and total
  uint64_t count = 0;
  int64_t total = 0;
  // hist/lhist: counters by bucket index (Type::bucket_count() entries)
  std::vector<uint64_t> buckets;
};

struct MapSnapshot {
  const MapSpec* spec = nullptr;
  std::vector<MapEntry> entries;
};

}  // namespace sonde
