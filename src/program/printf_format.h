// printf-style format strings (spec/output.md §6): parsed once at compile time to check the
// arguments, and again by the runtime to render events.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"
#include "types/type.h"

namespace sonde {

struct FormatSpec {
  std::string flags;   // any of "-0+# "
  int width = -1;      // -1: none
  int precision = -1;  // parsed and ignored, as bpftrace 0.26 does
  std::string length;  // "", "hh", "h", "l", "ll", "j", "z", "t"
  std::string conv;    // d i u o x X c s p r rx rh gr
  std::string text;    // the specifier as written, e.g. "%-5d"
};

struct FormatSegment {
  std::string literal;              // text before the specifier (with %% folded to %)
  std::optional<FormatSpec> spec;   // none for the trailing literal
};

struct ParsedFormat {
  std::vector<FormatSegment> segments;
  size_t arg_count() const;
};

// Errors carry the spec's messages, e.g. "unsupported format specifier: f".
Result<ParsedFormat> parse_format(std::string_view format);

// Whether `arg` may be printed by `spec`; the error message if not, e.g.
// "unsupported format specifier for type 'string[4]': d".
std::optional<std::string> check_format_arg(const FormatSpec& spec, const Type& arg);

}  // namespace sonde
