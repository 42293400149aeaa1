#include "runtime/output/printf_render.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string_view>

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
std::string c_format_text(const std::string& fmt, T value) {
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
    return c_format_text(fmt + 'd', static_cast<long long>(sign_extend(bits, width_bits)));
  if (width_bits < 64) bits &= (uint64_t{1} << width_bits) - 1;
  return c_format_text(fmt + conv, static_cast<unsigned long long>(bits));
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

PreparedFormat::PreparedFormat(const ParsedFormat& format) {
  for (const auto& seg : format.segments) {
    Piece piece;
    piece.literal = seg.literal;
    piece.spec = seg.spec;
    if (seg.spec && seg.spec->conv.size() == 1 &&
        std::string_view("diuoxX").find(seg.spec->conv[0]) != std::string_view::npos) {
      const FormatSpec& spec = *seg.spec;
      piece.length_bits = length_bits(spec.length);
      piece.c_format = "%" + spec.flags + (spec.width >= 0 ? std::to_string(spec.width) : "") +
                       "ll" + spec.conv;
      piece.plain_decimal = spec.flags.empty() && spec.width < 0 && spec.conv != "o" &&
                            spec.conv != "x" && spec.conv != "X";
    }
    pieces_.push_back(std::move(piece));
  }
}

namespace {

void append_chars(std::string& out, const char* begin, const char* end) {
  out.append(begin, static_cast<size_t>(end - begin));
}

// %d-family with a prepared C format; the value already cut to the length's width.
void append_integer(std::string& out, const std::string& c_format, bool plain, char conv,
                    uint32_t width_bits, uint64_t bits) {
  char buf[96];
  if (conv == 'd' || conv == 'i') {
    const long long v = sign_extend(bits, width_bits);
    if (plain) return append_chars(out, buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    const int n = std::snprintf(buf, sizeof buf, c_format.c_str(), v);
    if (n > 0 && static_cast<size_t>(n) < sizeof buf) out.append(buf, n);
    else out += c_format_text(c_format, v);
    return;
  }
  if (width_bits < 64) bits &= (uint64_t{1} << width_bits) - 1;
  const unsigned long long u = bits;
  if (plain) return append_chars(out, buf, std::to_chars(buf, buf + sizeof buf, u).ptr);
  const int n = std::snprintf(buf, sizeof buf, c_format.c_str(), u);
  if (n > 0 && static_cast<size_t>(n) < sizeof buf) out.append(buf, n);
  else out += c_format_text(c_format, u);
}

// %s of a string value, padded to the width.
void append_string(std::string& out, const FormatSpec& spec, const Type& type,
                   const uint8_t* data, const ValueContext& ctx) {
  const uint32_t cap = type.capacity();
  const void* nul = std::memchr(data, 0, cap);
  const size_t len = nul ? static_cast<size_t>(static_cast<const uint8_t*>(nul) - data) : cap;
  const bool trailer = type.string_truncates() && cap > 0 && len + 1 >= cap;
  const size_t shown = len + (trailer ? ctx.trunc_trailer().size() : 0);
  const size_t fill = spec.width > 0 && shown < static_cast<size_t>(spec.width) ? spec.width - shown : 0;
  const bool left = has_flag(spec, '-');
  if (!left) out.append(fill, ' ');
  out.append(reinterpret_cast<const char*>(data), len);
  if (trailer) out += ctx.trunc_trailer();
  if (left) out.append(fill, ' ');
}

}  // namespace

void PreparedFormat::render(std::string& out, const Type& args, const uint8_t* data,
                            const ValueContext& ctx) const {
  const auto& fields = args.fields();
  size_t arg = 0;
  for (const Piece& piece : pieces_) {
    out += piece.literal;
    if (!piece.spec) continue;
    const FormatSpec& spec = *piece.spec;
    if (arg >= fields.size()) {
      out += "!{missing argument for " + spec.text + "}";
      ++arg;
      continue;
    }
    const Field& f = fields[arg++];
    const uint8_t* value = data + f.offset;
    if (!piece.c_format.empty()) {
      if (std::optional<uint64_t> bits = integer_bits(*f.type, value)) {
        append_integer(out, piece.c_format, piece.plain_decimal, spec.conv[0], piece.length_bits,
                       *bits);
        continue;
      }
    } else if (spec.conv == "s" && f.type->is_string()) {
      append_string(out, spec, *f.type, value, ctx);
      continue;
    }
    out += render_spec(spec, *f.type, value, ctx);
  }
}

std::string render_printf(const ParsedFormat& format, const Type& args, const uint8_t* data,
                          const ValueContext& ctx) {
  std::string out;
  PreparedFormat(format).render(out, args, data, ctx);
  return out;
}

}  // namespace sonde
