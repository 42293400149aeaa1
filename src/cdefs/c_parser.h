// Script type definitions: `struct|union|enum NAME { ... }` items of a script parsed into
// sonde Types laid out as gcc lays them out on x86_64 (natural alignment, gcc's bitfield
// packing, `__attribute__((packed))`). Types named inside (`struct sock *`, `u32`) resolve
// through the script's own definitions first, then through `external` (kernel BTF and the
// built-in base types).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdefs/c_tokens.h"
#include "types/type.h"

namespace sonde::cdefs {

struct ScriptEnum {
  Type type;
  std::vector<std::pair<std::string, int64_t>> values;
};

// Everything the script's definitions declared.
struct ScriptTypeTable {
  // "struct foo" / "union foo" -> layout. Placeholders (referenced through a pointer, never
  // defined) are left with `complete == false` in `incomplete`.
  std::map<std::string, std::shared_ptr<StructDef>> structs;
  std::map<std::string, bool> complete;
  std::map<std::string, ScriptEnum> enums;  // by enum name (without "enum ")
  // Enumerator name -> value and the enum's type.
  std::map<std::string, std::pair<int64_t, Type>> enumerators;
};

struct CParseError {
  int line = 1;  // within the parsed text
  int column = 1;
  std::string message;
};

struct CParserHooks {
  // A type not defined by the script: "struct sock", "u32", "unsigned long" -> Type.
  std::function<std::optional<Type>(const std::string& c_name)> external_type;
  // A constant usable in array sizes and enumerator values (macros, BTF enumerators).
  std::function<std::optional<int64_t>(const std::string& name)> constant;
};

// Parses one definition item into `table`. Returns the first error, if any.
std::optional<CParseError> parse_c_definition(const std::string& text, ScriptTypeTable& table,
                                              const CParserHooks& hooks);

// C base type spellings without BTF ("unsigned long", "u32", "uint8_t", "pid_t" ...).
std::optional<Type> builtin_c_type(const std::string& c_name);

}  // namespace sonde::cdefs
