// Which identifiers the lexer reports as type names inside '(' (casts, sizeof, offsetof).
#pragma once

#include <string_view>

#include "parser/parse.h"

namespace sonde::parser_detail {

// int8 ... uint64, bool, string, buffer.
bool is_builtin_type_name(std::string_view name);

// Builtin variables and functions (pid, comm, arg0, printf, ...): never type names, so that
// `(pid)*2` stays a multiplication whatever BTF says.
bool is_builtin_name(std::string_view name);

// A built-in type name, or a name `options.is_type_name` accepts that is not a builtin.
bool names_type(std::string_view name, const ParseOptions& options);

}  // namespace sonde::parser_detail
