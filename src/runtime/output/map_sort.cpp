#include <algorithm>
#include <cstring>

#include "runtime/output/map_print.h"
#include "runtime/output/map_values.h"

namespace sonde {

namespace {

int compare_numbers(uint64_t a, uint64_t b, bool is_signed) {
  if (is_signed) {
    const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

int compare_strings(uint32_t capacity, const uint8_t* a, const uint8_t* b) {
  for (uint32_t i = 0; i < capacity; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    if (a[i] == 0) return 0;
  }
  return 0;
}

int compare_fields(const Type& type, const uint8_t* a, const uint8_t* b) {
  for (const Field& f : type.fields()) {
    int c = 0;
    if (f.bit_width != 0) {
      const uint32_t avail = type.size() - f.offset;
      c = compare_numbers(read_bitfield(*f.type, a + f.offset, avail, f.bit_offset, f.bit_width),
                          read_bitfield(*f.type, b + f.offset, avail, f.bit_offset, f.bit_width),
                          f.type->is_signed());
    } else {
      c = compare_values(*f.type, a + f.offset, b + f.offset);
    }
    if (c != 0) return c;
  }
  return 0;
}

// The number an entry is sorted by, when its value kind sorts by value.
struct SortNumber {
  bool by_value = false;
  bool is_signed = false;
};

SortNumber sort_kind(const Type& value) {
  switch (value.kind()) {
    case TypeKind::Integer: return {true, value.is_signed()};
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
    case TypeKind::Avg:
    case TypeKind::Stats: return {true, value.is_signed()};
    case TypeKind::Hist:
    case TypeKind::Lhist: return {true, false};
    default: return {false, false};
  }
}

uint64_t sort_value(const Type& value, const MapEntry& e) {
  switch (value.kind()) {
    case TypeKind::Integer: {
      std::vector<uint8_t> scratch;
      return read_scalar_bits(value, sized_bytes(e.value, value, scratch));
    }
    case TypeKind::Avg:
    case TypeKind::Stats: return entry_average(value, e);
    case TypeKind::Hist:
    case TypeKind::Lhist: {
      uint64_t total = 0;
      for (uint64_t c : e.buckets) total += c;
      return total;
    }
    default: return static_cast<uint64_t>(e.number);
  }
}

}  // namespace

int compare_values(const Type& type, const uint8_t* a, const uint8_t* b) {
  switch (type.kind()) {
    case TypeKind::Integer:
      return compare_numbers(read_scalar_bits(type, a), read_scalar_bits(type, b),
                             type.is_signed());
    case TypeKind::String: return compare_strings(type.capacity(), a, b);
    case TypeKind::Tuple:
    case TypeKind::Struct: return compare_fields(type, a, b);
    case TypeKind::Array: {
      const Type& elem = type.element();
      for (uint32_t i = 0; i < type.count(); ++i)
        if (int c = compare_values(elem, a + i * elem.size(), b + i * elem.size())) return c;
      return 0;
    }
    case TypeKind::Bool:
    case TypeKind::Pointer:
    case TypeKind::Ksym:
    case TypeKind::Timestamp:
    case TypeKind::Username:
    case TypeKind::CgroupPath:
      return compare_numbers(read_unsigned(a, type.size()), read_unsigned(b, type.size()), false);
    default: {
      int c = std::memcmp(a, b, type.size());
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
}

namespace {

// An integer key as a number whose unsigned order is the key order (the sign bit flipped
// for signed keys), so that sorting large maps compares plain numbers.
bool numeric_key(const Type& key) {
  return (key.is_integer() && !key.is_enum()) || key.is_bool() || key.is_pointer();
}

uint64_t key_order_number(const Type& key, const uint8_t* data) {
  const uint64_t bits = read_scalar_bits(key, data);
  return key.is_integer() && key.is_signed() ? bits ^ (uint64_t{1} << 63) : bits;
}

}  // namespace

std::vector<const MapEntry*> sorted_entries(const MapSnapshot& map, uint64_t top) {
  const Type& key = map.spec->key;
  const Type& value = map.spec->value;
  const SortNumber kind = sort_kind(value);
  const bool by_key_number = numeric_key(key);

  // Sort keys are computed once per entry; short key bytes are zero-filled into scratch.
  struct Sortable {
    const MapEntry* entry;
    uint64_t number;      // value order (signedness per kind), when sorting by value
    uint64_t key_number;  // key order, for integer keys
    const uint8_t* key;
  };
  std::vector<Sortable> items;
  items.reserve(map.entries.size());
  std::vector<std::vector<uint8_t>> scratch(map.entries.size());
  for (size_t i = 0; i < map.entries.size(); ++i) {
    const MapEntry& e = map.entries[i];
    const uint8_t* key_bytes = sized_bytes(e.key, key, scratch[i]);
    items.push_back({&e, kind.by_value ? sort_value(value, e) : 0,
                     by_key_number ? key_order_number(key, key_bytes) : 0, key_bytes});
  }
  // Keys are unique, so value-then-key is a total order and an unstable sort is exact.
  std::sort(items.begin(), items.end(), [&](const Sortable& a, const Sortable& b) {
    if (kind.by_value) {
      if (int c = compare_numbers(a.number, b.number, kind.is_signed)) return c < 0;
    }
    if (by_key_number) return a.key_number < b.key_number;
    return !key.is_none() && compare_values(key, a.key, b.key) < 0;
  });

  const size_t keep = top != 0 && top < items.size() ? top : items.size();
  std::vector<const MapEntry*> entries;
  for (size_t i = items.size() - keep; i < items.size(); ++i) entries.push_back(items[i].entry);
  return entries;
}

}  // namespace sonde
