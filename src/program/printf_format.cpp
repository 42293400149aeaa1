#include "program/printf_format.h"

#include <cstring>

namespace sonde {

namespace {

bool is_flag(char c) { return c == '-' || c == '0' || c == '+' || c == '#' || c == ' '; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Floating-point conversions are recognised only to reject them with a clear message.
bool is_float_conv(char c) { return std::strchr("fFeEgGaA", c) != nullptr; }

// Reads the longest length modifier at `pos`, advancing it.
std::string read_length(std::string_view f, size_t& pos) {
  for (std::string_view len : {"hh", "ll", "h", "l", "j", "z", "t"}) {
    if (f.substr(pos, len.size()) == len) {
      pos += len.size();
      return std::string(len);
    }
  }
  return "";
}

// Reads the conversion at `pos` ("" if the character there starts none).
std::string read_conv(std::string_view f, size_t& pos) {
  if (pos >= f.size()) return "";
  char c = f[pos];
  if (c == 'r') {
    if (pos + 1 < f.size() && (f[pos + 1] == 'x' || f[pos + 1] == 'h')) {
      pos += 2;
      return std::string(f.substr(pos - 2, 2));
    }
    ++pos;
    return "r";
  }
  if (c == 'g' && pos + 1 < f.size() && f[pos + 1] == 'r') {
    pos += 2;
    return "gr";
  }
  if (std::strchr("diuoxXcsp%", c) || is_float_conv(c)) {
    ++pos;
    return std::string(1, c);
  }
  return "";
}

int read_number(std::string_view f, size_t& pos) {
  int n = 0;
  while (pos < f.size() && is_digit(f[pos])) {
    if (n < 100000000) n = n * 10 + (f[pos] - '0');
    ++pos;
  }
  return n;
}

// Parses the specifier whose '%' is at `start`. Returns the spec and sets `end` past it, or
// nullopt when the text is not a specifier at all (it then stays literal).
std::optional<FormatSpec> read_spec(std::string_view f, size_t start, size_t& end) {
  FormatSpec spec;
  size_t pos = start + 1;
  while (pos < f.size() && is_flag(f[pos])) spec.flags += f[pos++];
  if (pos < f.size() && is_digit(f[pos])) spec.width = read_number(f, pos);
  if (pos < f.size() && f[pos] == '.') {
    ++pos;
    spec.precision = read_number(f, pos);
  }
  spec.length = read_length(f, pos);
  spec.conv = read_conv(f, pos);
  if (spec.conv.empty()) return std::nullopt;
  spec.text = std::string(f.substr(start, pos - start));
  end = pos;
  return spec;
}

}  // namespace

size_t ParsedFormat::arg_count() const {
  size_t n = 0;
  for (const auto& seg : segments)
    if (seg.spec) ++n;
  return n;
}

Result<ParsedFormat> parse_format(std::string_view format) {
  ParsedFormat parsed;
  std::string literal;
  size_t pos = 0;
  while (pos < format.size()) {
    char c = format[pos];
    size_t end = 0;
    std::optional<FormatSpec> spec;
    if (c == '%') spec = read_spec(format, pos, end);
    if (!spec) {
      literal += c;
      ++pos;
      continue;
    }
    pos = end;
    if (spec->conv == "%") {  // "%%", and also "%5%", print one '%'
      literal += '%';
      continue;
    }
    if (spec->conv.size() == 1 && is_float_conv(spec->conv[0]))
      return Error{"unsupported format specifier: " + spec->conv};
    parsed.segments.push_back(FormatSegment{std::move(literal), std::move(spec)});
    literal.clear();
  }
  if (!literal.empty() || parsed.segments.empty())
    parsed.segments.push_back(FormatSegment{std::move(literal), std::nullopt});
  return parsed;
}

std::optional<std::string> check_format_arg(const FormatSpec& spec, const Type& arg) {
  const std::string& conv = spec.conv;
  bool ok = true;
  if (conv == "s") {
    ok = true;
  } else if (conv == "r" || conv == "rx" || conv == "rh") {
    ok = arg.is(TypeKind::Buffer);
  } else {  // d i u o x X c p gr
    ok = arg.is_integer() || arg.is_bool() || arg.is_pointer();
  }
  if (ok) return std::nullopt;
  return "unsupported format specifier for type '" + arg.to_string() + "': " + conv;
}

}  // namespace sonde
