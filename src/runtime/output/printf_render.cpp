#include "runtime/output/printf_render.h"

#include <cinttypes>
#include <cstdio>

#include "runtime/output/value_bytes.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

// No length modifier means C's int; hh char, h short; l ll j z t 64 bits.
uint32_t length_bits(const std::string& length) {
  if (length.empty()) return 32;
  if (length == "hh") return 8;
  if (length == "h") return 16;
  return 64;
}

bool has_flag(const FormatSpec& spec, char flag) {
  return spec.flags.find(flag) != std::string::npos;
}

// Width padding for non-numeric conversions: right-justified with spaces unless '-'.
std::string pad(std::string text, const FormatSpec& spec) {
  if (spec.width < 0 || text.size() >= static_cast<size_t>(spec.width)) return text;
  const size_t fill = spec.width - text.size();
  if (has_flag(spec, '-')) return text + std::string(fill, ' ');
  return std::string(fill, ' ') + text;
}

// The argument as integer bits for d i u o x X c p gr, or nullopt if it is not one.
std::optional<uint64_t> integer_bits(const Type& type, const uint8_t* data) {
  if (type.is_scalar()) return read_scalar_bits(type, data);
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
      return read_unsigned(data, 8);
    default:
      return std::nullopt;
  }
}

// C's own formatting for flags and width, on a value already cut to the length's width.
template <typename T>
std::string c_format(const std::string& fmt, T value) {
  int n = std::snprintf(nullptr, 0, fmt.c_str(), value);
  if (n <= 0) return "";
  std::string out(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), fmt.c_str(), value);
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string render_integer(const FormatSpec& spec, uint64_t bits) {
  const uint32_t width_bits = length_bits(spec.length);
  const char conv = spec.conv[0];
  std::string fmt = "%" + spec.flags + (spec.width >= 0 ? std::to_string(spec.width) : "") + "ll";
  if (conv == 'd' || conv == 'i')
    return c_format(fmt + 'd', static_cast<long long>(sign_extend(bits, width_bits)));
  if (width_bits < 64) bits &= (uint64_t{1} << width_bits) - 1;
  return c_format(fmt + conv, static_cast<unsigned long long>(bits));
}

std::string render_pointer(const FormatSpec& spec, uint64_t bits) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "%" PRIx64, bits);
  std::string digits = hex;
  const size_t len = digits.size() + 2;
  if (has_flag(spec, '0') && !has_flag(spec, '-') && spec.width > 0 &&
      len < static_cast<size_t>(spec.width))
    digits.insert(0, spec.width - len, '0');
  return pad("0x" + digits, spec);
}

std::string render_char(const FormatSpec& spec, uint64_t bits) {
  return pad(std::string(1, static_cast<char>(bits & 0xff)), spec);
}

std::string render_numeric(const FormatSpec& spec, const Type& type, const uint8_t* data) {
  std::optional<uint64_t> bits = integer_bits(type, data);
  if (!bits) return "!{cannot print " + type.to_string() + " with %" + spec.conv + "}";
  if (spec.conv == "c") return render_char(spec, *bits);
  if (spec.conv == "p") return render_pointer(spec, *bits);
  if (spec.conv == "gr") {
    uint64_t flags = *bits;
    const uint32_t w = length_bits(spec.length);
    if (w < 64) flags &= (uint64_t{1} << w) - 1;
    return pad(format_gfp_flags(flags), spec);
  }
  return render_integer(spec, *bits);
}

std::string render_buffer(const FormatSpec& spec, const Type& type, const uint8_t* data) {
  if (!type.is(TypeKind::Buffer))
    return "!{cannot print " + type.to_string() + " with %" + spec.conv + "}";
  BufferStyle style = spec.conv == "rx"   ? BufferStyle::Hex
                      : spec.conv == "rh" ? BufferStyle::HexBytes
                                          : BufferStyle::Text;
  return pad(format_buffer(type, data, style), spec);
}

}  // namespace

std::string render_spec(const FormatSpec& spec, const Type& type, const uint8_t* data,
                        const ValueContext& ctx) {
  if (spec.conv == "s") return pad(format_value(type, data, ctx), spec);
  if (spec.conv[0] == 'r') return render_buffer(spec, type, data);
  return render_numeric(spec, type, data);
}

std::string render_printf(const ParsedFormat& format, const Type& args, const uint8_t* data,
                          const ValueContext& ctx) {
  std::string out;
  const auto& fields = args.fields();
  size_t arg = 0;
  for (const auto& seg : format.segments) {
    out += seg.literal;
    if (!seg.spec) continue;
    if (arg < fields.size()) {
      const Field& f = fields[arg];
      out += render_spec(*seg.spec, *f.type, data + f.offset, ctx);
    } else {
      out += "!{missing argument for " + seg.spec->text + "}";
    }
    ++arg;
  }
  return out;
}

}  // namespace sonde
