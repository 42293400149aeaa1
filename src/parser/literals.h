// Decoding of integer and string literal text (spec/language.md §1). The lexer matches the raw
// text; these functions turn it into values or a user-facing error message, which the lexer
// records at the literal's range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::parser_detail {

struct DecodedInteger {
  uint64_t value = 0;
  std::string error;  // empty on success
};

// `text` is a whole integer token: digits (with `_` separators), an optional `0x` prefix or
// leading `0` (octal), an optional `eN` exponent and an optional C or duration suffix.
DecodedInteger decode_integer(std::string_view text);

struct DecodedString {
  std::string value;
  std::string error;  // first error found; empty on success
};

// `body` is the text between the quotes, escapes not yet decoded.
DecodedString decode_string(std::string_view body);

}  // namespace sonde::parser_detail
