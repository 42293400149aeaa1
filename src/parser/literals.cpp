#include "parser/literals.h"

#include <array>
#include <optional>

namespace sonde::parser_detail {

namespace {

struct Suffix {
  std::string_view text;
  uint64_t multiplier;  // nanoseconds for durations, 1 for the ignored C suffixes
};

// Lowercase C suffixes are accepted and ignored; durations scale to nanoseconds.
constexpr std::array<Suffix, 12> kSuffixes{{
    {"", 1},
    {"u", 1},
    {"l", 1},
    {"ul", 1},
    {"ll", 1},
    {"ull", 1},
    {"ns", 1},
    {"us", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};
constexpr Suffix kDay{"d", 86'400'000'000'000};

std::optional<uint64_t> suffix_multiplier(std::string_view suffix, bool hex) {
  for (const Suffix& s : kSuffixes) {
    if (s.text != suffix) continue;
    // Durations only make sense on decimal numbers (and `0x1d` is a hex digit anyway).
    if (hex && s.multiplier != 1) return std::nullopt;
    return s.multiplier;
  }
  if (!hex && suffix == kDay.text) return kDay.multiplier;
  return std::nullopt;
}

bool is_digit_of(char c, int base) {
  if (base == 16) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
  return c >= '0' && c <= '9';
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool checked_mul(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

bool checked_add(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_add_overflow(a, b, &out);
}

// Digits (already free of `_`) in `base`; false on overflow.
bool accumulate(std::string_view digits, int base, uint64_t& value) {
  value = 0;
  for (char c : digits) {
    if (!checked_mul(value, base, value) || !checked_add(value, digit_value(c), value))
      return false;
  }
  return true;
}

// Splits off a run of digits and `_` separators starting at `pos`.
std::string_view take_digits(std::string_view text, size_t& pos, int base) {
  size_t start = pos;
  while (pos < text.size() && (is_digit_of(text[pos], base) || text[pos] == '_')) ++pos;
  return text.substr(start, pos - start);
}

std::string without_separators(std::string_view digits) {
  std::string out;
  for (char c : digits) {
    if (c != '_') out += c;
  }
  return out;
}

}  // namespace

DecodedInteger decode_integer(std::string_view text) {
  const std::string whole(text);
  auto fail = [&](std::string message) { return DecodedInteger{0, std::move(message)}; };
  const std::string overflow =
      "syntax: overflow error, maximum value is 18446744073709551615: " + whole;

  bool hex = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  size_t pos = hex ? 2 : 0;
  std::string_view raw_digits = take_digits(text, pos, hex ? 16 : 10);
  if (raw_digits.empty() || raw_digits.front() == '_')
    return fail("syntax: invalid trailing bytes: " + whole);
  if (raw_digits.back() == '_') return fail("syntax: trailing underscore in integer literal");
  std::string digits = without_separators(raw_digits);

  // Scientific notation: a single-digit coefficient times a power of ten.
  std::optional<uint64_t> exponent;
  if (!hex && pos + 1 < text.size() && text[pos] == 'e' && is_digit_of(text[pos + 1], 10)) {
    ++pos;
    std::string_view raw_exp = take_digits(text, pos, 10);
    if (raw_exp.back() == '_') return fail("syntax: trailing underscore in integer literal");
    if (digits.size() != 1 || digits[0] == '0')
      return fail("syntax: coefficient part of scientific literal must be 1-9: " + whole);
    uint64_t e = 0;
    if (!accumulate(without_separators(raw_exp), 10, e)) return fail(overflow);
    exponent = e;
  }

  std::optional<uint64_t> multiplier = suffix_multiplier(text.substr(pos), hex);
  if (!multiplier) return fail("syntax: invalid trailing bytes: " + whole);

  int base = hex ? 16 : (digits.size() > 1 && digits[0] == '0' && !exponent ? 8 : 10);
  if (base == 8) {
    for (char c : digits) {
      if (c > '7') return fail("syntax: invalid digit in octal literal: " + whole);
    }
  }
  uint64_t value = 0;
  if (!accumulate(digits, base, value)) return fail(overflow);
  if (exponent) {
    for (uint64_t i = 0; i < *exponent; ++i) {
      if (!checked_mul(value, 10, value)) return fail(overflow);
    }
  }
  if (!checked_mul(value, *multiplier, value)) return fail(overflow);
  return DecodedInteger{value, {}};
}

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

bool is_hex(char c) { return is_digit_of(c, 16); }

// Decodes the escape starting at body[pos] (the character after the backslash); advances pos
// past it. Returns an error message, or empty.
std::string decode_escape(std::string_view body, size_t& pos, std::string& out) {
  char c = body[pos++];
  switch (c) {
    case 'n': out += '\n'; return {};
    case 't': out += '\t'; return {};
    case 'r': out += '\r'; return {};
    case '"': out += '"'; return {};
    case '\\': out += '\\'; return {};
    default: break;
  }
  if (is_octal(c)) {
    size_t start = pos - 1;
    unsigned value = c - '0';
    while (pos < body.size() && pos - start < 3 && is_octal(body[pos]))
      value = value * 8 + (body[pos++] - '0');
    if (value > 255) {
      return "octal escape sequence out of range: '\\" +
             std::string(body.substr(start, pos - start)) + "'";
    }
    out += static_cast<char>(value);
    return {};
  }
  if (c == 'x' && pos < body.size() && is_hex(body[pos])) {
    unsigned value = digit_value(body[pos++]);
    if (pos < body.size() && is_hex(body[pos])) value = value * 16 + digit_value(body[pos++]);
    out += static_cast<char>(value);
    return {};
  }
  return std::string("invalid escape character '\\") + c + "'";
}

}  // namespace

DecodedString decode_string(std::string_view body) {
  DecodedString result;
  size_t pos = 0;
  while (pos < body.size()) {
    char c = body[pos++];
    if (c != '\\' || pos >= body.size()) {
      result.value += c;
      continue;
    }
    std::string error = decode_escape(body, pos, result.value);
    if (!error.empty() && result.error.empty()) result.error = std::move(error);
  }
  return result;
}

}  // namespace sonde::parser_detail
