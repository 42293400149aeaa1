// Reading scalars out of value bytes (little-endian, possibly unaligned). Every printer decodes
// values through these so that sign extension and widths are handled in one place.
#pragma once

#include <cstdint>
#include <cstring>

#include "types/type.h"

namespace sonde {

inline uint64_t read_unsigned(const uint8_t* data, uint32_t bytes) {
  uint64_t v = 0;
  std::memcpy(&v, data, bytes < 8 ? bytes : 8);
  return v;
}

inline int64_t sign_extend(uint64_t v, uint32_t bits) {
  if (bits == 0 || bits >= 64) return static_cast<int64_t>(v);
  const uint64_t sign = uint64_t{1} << (bits - 1);
  v &= (sign << 1) - 1;
  return static_cast<int64_t>((v ^ sign) - sign);
}

inline int64_t read_signed(const uint8_t* data, uint32_t bytes) {
  return sign_extend(read_unsigned(data, bytes), bytes * 8);
}

// Integer, enum, bool or pointer value as 64 bits, sign-extended for signed integer types.
inline uint64_t read_scalar_bits(const Type& type, const uint8_t* data) {
  const uint32_t bytes = type.size();
  if (type.is_integer() && type.is_signed())
    return static_cast<uint64_t>(read_signed(data, bytes));
  return read_unsigned(data, bytes);
}

// A bitfield member: bit_width bits starting at bit_offset of the storage unit at `data`
// (which is type.size() bytes long, or fewer when the unit runs past the end of the struct).
inline uint64_t read_bitfield(const Type& type, const uint8_t* data, uint32_t available,
                              uint32_t bit_offset, uint32_t bit_width) {
  uint32_t bytes = (bit_offset + bit_width + 7) / 8;
  if (bytes < type.size()) bytes = type.size();
  if (bytes > available) bytes = available;
  if (bytes > 8) bytes = 8;
  uint64_t v = read_unsigned(data, bytes) >> bit_offset;
  if (bit_width < 64) v &= (uint64_t{1} << bit_width) - 1;
  if (type.is_integer() && type.is_signed()) return static_cast<uint64_t>(sign_extend(v, bit_width));
  return v;
}

}  // namespace sonde
