// Where sema finds names it does not define itself: C types (`struct sock`, `u32`, script
// `struct` definitions), enum values (`TCP_ESTABLISHED`) and `#define` constants. Implemented
// outside sema (script C definitions + lazy kernel BTF) and handed in through AnalysisOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "types/type.h"

namespace sonde {

struct NamedConstant {
  int64_t value = 0;
  Type type;  // enum type for enumerators, int64 for #defines
};

class TypeLookup {
 public:
  virtual ~TypeLookup() = default;
  // A type by its C spelling: "struct task_struct", "union u", "enum e", or a typedef / base
  // type name ("u32", "size_t", "unsigned int"). nullopt when unknown.
  virtual std::optional<Type> named_type(const std::string& name) = 0;
  // An enumerator or #define constant by name. nullopt when unknown.
  virtual std::optional<NamedConstant> constant(const std::string& name) = 0;
  // Enumerator name for a value of enum `enum_name` (for printing), "" when unknown.
  virtual std::string enumerator(const std::string& enum_name, int64_t value) { return ""; }
};

}  // namespace sonde
