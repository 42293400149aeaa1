#include "runtime/output/value_text.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>

#include "runtime/output/system_values.h"
#include "runtime/output/value_bytes.h"

namespace sonde {

namespace {

void append_integer(std::string& out, const Type& type, const uint8_t* data,
                    const ValueContext& ctx) {
  const uint64_t bits = read_scalar_bits(type, data);
  if (type.is_enum() && ctx.enumerator) {
    std::string name = ctx.enumerator(type.name(), static_cast<int64_t>(bits));
    if (!name.empty()) {
      out += name;
      return;
    }
  }
  char digits[24];
  auto end = type.is_signed() ? std::to_chars(digits, digits + sizeof digits,
                                              static_cast<int64_t>(bits)).ptr
                              : std::to_chars(digits, digits + sizeof digits, bits).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

void append_field(std::string& out, const Field& f, const uint8_t* data, uint32_t struct_size,
                  const ValueContext& ctx) {
  if (f.data_loc) {
    out += format_data_loc(data, struct_size, f.offset);
  } else if (f.bit_width != 0) {
    uint64_t bits = read_bitfield(*f.type, data + f.offset, struct_size - f.offset, f.bit_offset,
                                  f.bit_width);
    uint8_t widened[8];
    std::memcpy(widened, &bits, 8);
    const Type& t = *f.type;
    Type wide = t.is_enum()      ? Type::enumeration(t.name(), 8, t.is_signed())
                : t.is_integer() ? Type::integer(8, t.is_signed())
                                 : Type::uint64();
    append_integer(out, wide, widened, ctx);
  } else {
    append_value(out, *f.type, data + f.offset, ctx);
  }
}

void append_tuple(std::string& out, const Type& type, const uint8_t* data,
                  const ValueContext& ctx, bool parens) {
  if (parens) out += '(';
  const auto& fields = type.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    append_field(out, fields[i], data, type.size(), ctx);
  }
  if (parens) out += ')';
}

void append_struct(std::string& out, const Type& type, const uint8_t* data,
                   const ValueContext& ctx) {
  const auto& fields = type.fields();
  if (fields.empty()) {
    out += "{}";
    return;
  }
  out += "{ ";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    if (!fields[i].name.empty()) out += "." + fields[i].name + " = ";
    append_field(out, fields[i], data, type.size(), ctx);
  }
  out += " }";
}

void append_array(std::string& out, const Type& type, const uint8_t* data,
                  const ValueContext& ctx) {
  const Type& elem = type.element();
  out += '[';
  for (uint32_t i = 0; i < type.count(); ++i) {
    if (i) out += ',';
    append_value(out, elem, data + i * elem.size(), ctx);
  }
  out += ']';
}

// Aggregation values read inside a tuple: count/sum/min/max/avg as integers, stats as a record.
void append_aggregation(std::string& out, const Type& type, const uint8_t* data) {
  const bool sign = type.is_signed();
  auto number = [&](uint64_t bits) {
    out += sign ? std::to_string(static_cast<int64_t>(bits)) : std::to_string(bits);
  };
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
      number(read_unsigned(data, 8));
      return;
    case TypeKind::Avg:
    case TypeKind::Stats: {
      const uint64_t total = read_unsigned(data, 8), count = read_unsigned(data + 8, 8);
      uint64_t avg = 0;
      if (count != 0)
        avg = sign ? static_cast<uint64_t>(static_cast<int64_t>(total) /
                                           static_cast<int64_t>(count))
                   : total / count;
      if (type.is(TypeKind::Avg))
        number(avg);
      else
        out += format_stats(count, static_cast<int64_t>(avg), static_cast<int64_t>(total), sign);
      return;
    }
    default:
      return;  // histograms have no single-value text form
  }
}

}  // namespace

const ValueContext& default_value_context() {
  static const ValueContext ctx;
  return ctx;
}

std::string hex_address(uint64_t addr) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, addr);
  return buf;
}

std::string format_string(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  const uint32_t cap = type.capacity();
  uint32_t len = 0;
  while (len < cap && data[len] != 0) ++len;
  std::string s(reinterpret_cast<const char*>(data), len);
  if (type.string_truncates() && cap > 0 && len + 1 >= cap) s += ctx.trunc_trailer();
  return s;
}

std::string format_data_loc(const uint8_t* record, uint32_t record_size, uint32_t field_offset) {
  const uint32_t loc = static_cast<uint32_t>(read_unsigned(record + field_offset, 4));
  const uint32_t offset = loc & 0xffff, len = loc >> 16;
  if (offset + len > record_size) return "";
  std::string out;
  for (uint32_t i = 0; i < len && record[offset + i] != 0; ++i)
    out += static_cast<char>(record[offset + i]);
  return out;
}

std::string format_buffer_bytes(const uint8_t* bytes, size_t len, BufferStyle style) {
  std::string out;
  char hex[8];
  for (size_t i = 0; i < len; ++i) {
    const uint8_t b = bytes[i];
    switch (style) {
      case BufferStyle::Text:
        if (b >= 32 && b <= 126) {
          out += static_cast<char>(b);
          continue;
        }
        [[fallthrough]];
      case BufferStyle::Hex:
        std::snprintf(hex, sizeof hex, "\\x%02x", b);
        out += hex;
        break;
      case BufferStyle::HexBytes:
        std::snprintf(hex, sizeof hex, "%s%02x", i ? " " : "", b);
        out += hex;
        break;
    }
  }
  return out;
}

std::string format_buffer(const Type& type, const uint8_t* data, BufferStyle style) {
  uint32_t len = static_cast<uint32_t>(read_unsigned(data, 4));
  if (len > type.capacity()) len = type.capacity();
  return format_buffer_bytes(data + 4, len, style);
}

std::string format_stats(uint64_t count, int64_t average, int64_t total, bool is_signed) {
  auto num = [&](int64_t v) {
    return is_signed ? std::to_string(v) : std::to_string(static_cast<uint64_t>(v));
  };
  return "{ .count = " + std::to_string(count) + ", .average = " + num(average) +
         ", .total = " + num(total) + " }";
}

void append_value(std::string& out, const Type& type, const uint8_t* data,
                  const ValueContext& ctx) {
  switch (type.kind()) {
    case TypeKind::None: return;
    case TypeKind::Integer: append_integer(out, type, data, ctx); return;
    case TypeKind::Bool: out += data[0] ? "true" : "false"; return;
    case TypeKind::String: out += format_string(type, data, ctx); return;
    case TypeKind::Buffer: out += format_buffer(type, data, BufferStyle::Text); return;
    case TypeKind::Pointer: out += hex_address(read_unsigned(data, 8)); return;
    case TypeKind::Array: append_array(out, type, data, ctx); return;
    case TypeKind::Struct: append_struct(out, type, data, ctx); return;
    case TypeKind::Tuple: append_tuple(out, type, data, ctx, true); return;
    case TypeKind::KStack:
    case TypeKind::UStack: out += format_stack(type, data, ctx); return;
    case TypeKind::Ksym:
    case TypeKind::Usym: out += format_symbol(type, data, ctx); return;
    case TypeKind::Inet: out += format_inet(data); return;
    case TypeKind::Timestamp: out += format_timestamp(type, data, ctx); return;
    case TypeKind::Username: out += format_username(data, ctx); return;
    case TypeKind::Macaddr: out += format_macaddr(data); return;
    case TypeKind::CgroupPath: out += format_cgroup_path(data, ctx); return;
    default: append_aggregation(out, type, data); return;
  }
}

std::string format_value(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  std::string out;
  append_value(out, type, data, ctx);
  return out;
}

void append_key(std::string& out, const Type& key, const uint8_t* data, const ValueContext& ctx) {
  if (key.is(TypeKind::Tuple))
    append_tuple(out, key, data, ctx, false);
  else
    append_value(out, key, data, ctx);
}

std::string format_key(const Type& key, const uint8_t* data, const ValueContext& ctx) {
  std::string out;
  append_key(out, key, data, ctx);
  return out;
}

}  // namespace sonde
