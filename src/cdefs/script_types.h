// ScriptTypes: sema's TypeLookup (src/sema/type_lookup.h) for a whole run, combining, in this
// order of precedence,
//   1. the script's own C definitions and preprocessor lines (struct/union/enum, #define,
//      headers scanned for #defines — see preprocessor.h for how #include is served),
//   2. sonde's built-in table of common macros (builtin_constants.h),
//   3. kernel BTF, looked up lazily by name (src/kernel/btf_types.h),
//   4. C base type spellings ("unsigned long", "u32") when BTF is not there.
// Nothing is loaded before it is asked for: a script without C definitions, casts or enum
// identifiers never loads BTF.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.h"
#include "cdefs/c_parser.h"
#include "cdefs/preprocessor.h"
#include "sema/type_lookup.h"

namespace sonde {

class BtfTypes;

struct ScriptTypesOptions {
  std::vector<std::string> include_dirs;  // -I
  std::vector<std::string> pre_includes;  // --include FILE
  std::string script_dir;                 // for #include "x.h"
  // Defaults to default_system_include_dirs() when empty.
  std::vector<std::string> system_include_dirs;
};

class ScriptTypes : public TypeLookup {
 public:
  // `btf` may be null (no kernel BTF); it must outlive this object.
  explicit ScriptTypes(BtfTypes* btf);
  // Script structs may point at each other (shared StructDefs); the destructor empties them
  // to break those cycles, so this object must outlive every Type it returned.
  ~ScriptTypes() override;

  // Processes the script's C definitions. Returns fatal problems as complete message lines
  // in the form bpftrace (through clang) prints them, e.g.
  // "definitions.h:2:10: fatal error: 'lol/no.h' file not found"; empty on success.
  std::vector<std::string> load(const std::vector<ast::CDefinition>& definitions,
                                const ScriptTypesOptions& options);

  std::optional<Type> named_type(const std::string& name) override;
  std::optional<NamedConstant> constant(const std::string& name) override;
  std::string enumerator(const std::string& enum_name, int64_t value) override;

  // For the parser: whether an identifier after '(' names a type (a BTF typedef or base type,
  // or one of sonde's built-in typedef spellings).
  bool is_type_name(std::string_view name);

 private:
  std::optional<Type> external_type(const std::string& c_name);

  BtfTypes* btf_;
  std::unique_ptr<cdefs::Preprocessor> preprocessor_;
  cdefs::ScriptTypeTable table_;
};

}  // namespace sonde
