// Values of map entries as the map printers see them: merged aggregation numbers, averages and
// the division of print(@m, top, div). Shared by the text and JSON map printers.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "runtime/output/map_snapshot.h"
#include "runtime/output/value_bytes.h"
#include "types/type.h"

namespace sonde {

// Integer division of a value holding `type`'s signedness; div 0 or 1 leaves it unchanged.
inline uint64_t divide_bits(uint64_t bits, bool is_signed, uint64_t div) {
  if (div <= 1) return bits;
  if (is_signed) return static_cast<uint64_t>(static_cast<int64_t>(bits) / static_cast<int64_t>(div));
  return bits / div;
}

// avg/stats: total / count, truncated toward zero; 0 for an empty aggregate.
inline uint64_t entry_average(const Type& value_type, const MapEntry& e) {
  if (e.count == 0) return 0;
  if (value_type.is_signed()) return static_cast<uint64_t>(e.total / static_cast<int64_t>(e.count));
  return static_cast<uint64_t>(e.total) / e.count;
}

// hist counts are divided by print's div; lhist counts never are (spec builtins §2).
inline uint64_t hist_div(const Type& value_type, uint64_t div) {
  return value_type.is(TypeKind::Hist) ? div : 1;
}

// Bytes of `type` from `bytes`, zero-filled if the snapshot held fewer.
inline const uint8_t* sized_bytes(const std::vector<uint8_t>& bytes, const Type& type,
                                  std::vector<uint8_t>& scratch) {
  if (bytes.size() >= type.size()) return bytes.data();
  scratch.assign(type.size(), 0);
  if (!bytes.empty()) std::memcpy(scratch.data(), bytes.data(), bytes.size());
  return scratch.data();
}

// A plain integer value after division, as an 8-byte integer of the same signedness (enums
// and other values keep their bytes: div applies to numbers only).
struct PlainValue {
  Type type;
  const uint8_t* data;
  uint8_t widened[8];
};

inline void plain_value(const Type& type, const uint8_t* data, uint64_t div, PlainValue& out) {
  out.type = type;
  out.data = data;
  if (div <= 1 || !type.is_integer() || type.is_enum()) return;
  const uint64_t bits = divide_bits(read_scalar_bits(type, data), type.is_signed(), div);
  std::memcpy(out.widened, &bits, 8);
  out.type = Type::integer(8, type.is_signed());
  out.data = out.widened;
}

}  // namespace sonde
