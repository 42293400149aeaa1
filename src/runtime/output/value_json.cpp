#include "runtime/output/value_json.h"

#include <cstdio>

#include "runtime/output/value_bytes.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;

void append_json(std::string& out, const Type& type, const uint8_t* data,
                 const ValueContext& ctx);

std::string scalar_json(const Type& type, const uint8_t* data) {
  const uint64_t bits = read_scalar_bits(type, data);
  if (type.is_integer() && type.is_signed()) return json_integer(static_cast<int64_t>(bits));
  return json_unsigned(bits);
}

void append_elements(std::string& out, const Type& type, const uint8_t* data,
                     const ValueContext& ctx) {
  out += '[';
  if (type.is(TypeKind::Array)) {
    const Type& elem = type.element();
    for (uint32_t i = 0; i < type.count(); ++i) {
      if (i) out += ',';
      append_json(out, elem, data + i * elem.size(), ctx);
    }
  } else {
    const auto& fields = type.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      append_json(out, *fields[i].type, data + fields[i].offset, ctx);
    }
  }
  out += ']';
}

void append_member(std::string& out, const Field& f, const Type& parent, const uint8_t* data,
                   const ValueContext& ctx) {
  if (f.data_loc) {
    out += json_quote(format_data_loc(data, parent.size(), f.offset));
  } else if (f.bit_width != 0) {
    uint64_t bits = read_bitfield(*f.type, data + f.offset, parent.size() - f.offset,
                                  f.bit_offset, f.bit_width);
    out += f.type->is_integer() && f.type->is_signed() ? json_integer(static_cast<int64_t>(bits))
                                                       : json_unsigned(bits);
  } else {
    append_json(out, *f.type, data + f.offset, ctx);
  }
}

void append_struct(std::string& out, const Type& type, const uint8_t* data,
                   const ValueContext& ctx) {
  out += '{';
  const auto& fields = type.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    out += json_quote(fields[i].name) + ": ";
    append_member(out, fields[i], type, data, ctx);
  }
  out += '}';
}

void append_buffer(std::string& out, const Type& type, const uint8_t* data) {
  uint32_t len = static_cast<uint32_t>(read_unsigned(data, 4));
  if (len > type.capacity()) len = type.capacity();
  out += '[';
  for (uint32_t i = 0; i < len; ++i) {
    if (i) out += ',';
    out += std::to_string(static_cast<int>(static_cast<int8_t>(data[4 + i])));
  }
  out += ']';
}

void append_aggregation(std::string& out, const Type& type, const uint8_t* data) {
  const bool sign = type.is_signed();
  auto number = [&](uint64_t bits) {
    out += sign ? json_integer(static_cast<int64_t>(bits)) : json_unsigned(bits);
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
        out += format_stats_json(count, static_cast<int64_t>(avg), static_cast<int64_t>(total),
                                 sign);
      return;
    }
    default:
      out += "null";
      return;
  }
}

void append_json(std::string& out, const Type& type, const uint8_t* data,
                 const ValueContext& ctx) {
  switch (type.kind()) {
    case TypeKind::None: out += "null"; return;
    case TypeKind::Integer:
    case TypeKind::Pointer: out += scalar_json(type, data); return;
    case TypeKind::Bool: out += data[0] ? "true" : "false"; return;
    case TypeKind::Buffer: append_buffer(out, type, data); return;
    case TypeKind::Array:
    case TypeKind::Tuple: append_elements(out, type, data, ctx); return;
    case TypeKind::Struct: append_struct(out, type, data, ctx); return;
    case TypeKind::String:
    case TypeKind::KStack:
    case TypeKind::UStack:
    case TypeKind::Ksym:
    case TypeKind::Usym:
    case TypeKind::Inet:
    case TypeKind::Timestamp:
    case TypeKind::Username:
    case TypeKind::Macaddr:
    case TypeKind::CgroupPath: out += json_quote(format_value(type, data, ctx)); return;
    default: append_aggregation(out, type, data); return;
  }
}

}  // namespace

void append_json_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
          out += esc;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string json_quote(std::string_view text) {
  std::string out;
  append_json_quoted(out, text);
  return out;
}

std::string json_integer(int64_t v) {
  const uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (magnitude > kMaxExactInteger) return "\"" + std::to_string(v) + "\"";
  return std::to_string(v);
}

std::string json_unsigned(uint64_t v) {
  if (v > kMaxExactInteger) return "\"" + std::to_string(v) + "\"";
  return std::to_string(v);
}

std::string format_value_json(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  std::string out;
  append_json(out, type, data, ctx);
  return out;
}

std::string format_stats_json(uint64_t count, int64_t average, int64_t total, bool is_signed) {
  auto num = [&](int64_t v) {
    return is_signed ? json_integer(v) : json_unsigned(static_cast<uint64_t>(v));
  };
  return "{\"count\": " + json_unsigned(count) + ", \"average\": " + num(average) +
         ", \"total\": " + num(total) + "}";
}

}  // namespace sonde
