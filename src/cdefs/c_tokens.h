// A C tokenizer for the small parts of C that sonde reads itself: preprocessor lines, struct /
// union / enum definitions, and integer constant expressions (#define values, #if conditions,
// enumerator values, array sizes). Comments are dropped; strings and characters are kept as
// single tokens.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::cdefs {

struct CToken {
  enum class Kind { Identifier, Number, Char, String, Punct, End } kind = Kind::End;
  std::string text;
  int line = 1;    // 1-based, relative to the tokenized text
  int column = 1;  // 1-based byte column

  bool is(std::string_view punct_or_word) const {
    return (kind == Kind::Punct || kind == Kind::Identifier) && text == punct_or_word;
  }
};

// Tokens of `text`, ending with one End token.
std::vector<CToken> tokenize_c(std::string_view text);

// Value of an integer literal with C suffixes (123, 0x1f, 017, 10UL), or nullopt.
std::optional<uint64_t> parse_c_integer(std::string_view text);

// Evaluates an integer constant expression over tokens [begin, end). `identifier` gives the
// value of a name (a macro or enumerator), or nullopt when unknown: evaluation then fails,
// except in preprocessor mode, where unknown names are 0 and `defined` is understood (asking
// `identifier` with the prefix "defined:"). Casts to C integer types are accepted and ignored.
struct ConstEvalOptions {
  std::function<std::optional<int64_t>(const std::string& name)> identifier;
  bool preprocessor = false;
};
std::optional<int64_t> evaluate_c_expression(const std::vector<CToken>& tokens, size_t begin,
                                             size_t end, const ConstEvalOptions& options);

}  // namespace sonde::cdefs
