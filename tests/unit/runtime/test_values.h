// Helpers for runtime output tests: build value bytes by hand, laid out as types/type.h says.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include "types/type.h"

namespace sonde::testing {

// A value tree: integers (also bool, pointer and other 8-byte kinds), strings (string and
// buffer contents), or lists (tuple, record, struct and array elements).
struct TV {
  std::variant<int64_t, std::string, std::vector<TV>> v;
  TV(int v) : v(static_cast<int64_t>(v)) {}
  TV(int64_t v) : v(v) {}
  TV(uint64_t v) : v(static_cast<int64_t>(v)) {}
  TV(const char* s) : v(std::string(s)) {}
  TV(std::string s) : v(std::move(s)) {}
  TV(std::initializer_list<TV> l) : v(std::vector<TV>(l)) {}
};

inline void encode(const Type& t, const TV& value, uint8_t* out) {
  switch (t.kind()) {
    case TypeKind::String: {
      const auto& s = std::get<std::string>(value.v);
      std::memcpy(out, s.data(), std::min<size_t>(s.size(), t.capacity()));
      return;
    }
    case TypeKind::Buffer: {
      const auto& s = std::get<std::string>(value.v);
      uint32_t len = static_cast<uint32_t>(s.size());
      std::memcpy(out, &len, 4);
      std::memcpy(out + 4, s.data(), s.size());
      return;
    }
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      const auto& l = std::get<std::vector<TV>>(value.v);
      for (size_t i = 0; i < l.size(); ++i)
        encode(*t.fields()[i].type, l[i], out + t.fields()[i].offset);
      return;
    }
    case TypeKind::Array: {
      const auto& l = std::get<std::vector<TV>>(value.v);
      for (size_t i = 0; i < l.size(); ++i) encode(t.element(), l[i], out + i * t.element().size());
      return;
    }
    default: {
      int64_t v = std::get<int64_t>(value.v);
      std::memcpy(out, &v, std::min<uint32_t>(8, t.size()));
      return;
    }
  }
}

inline std::vector<uint8_t> bytes_of(const Type& t, const TV& value) {
  std::vector<uint8_t> b(t.size());
  encode(t, value, b.data());
  return b;
}

}  // namespace sonde::testing
