#include "cdefs/script_types.h"

#include "cdefs/builtin_constants.h"
#include "kernel/btf_types.h"

namespace sonde {

ScriptTypes::ScriptTypes(BtfTypes* btf) : btf_(btf) {}

ScriptTypes::~ScriptTypes() {
  for (auto& [name, def] : table_.structs) {
    def->fields_.clear();
    def->loader = nullptr;
  }
}

std::vector<std::string> ScriptTypes::load(const std::vector<ast::CDefinition>& definitions,
                                           const ScriptTypesOptions& options) {
  if (definitions.empty() && options.pre_includes.empty()) return {};
  cdefs::PreprocessOptions pp;
  pp.include_dirs = options.include_dirs;
  pp.system_dirs = options.system_include_dirs.empty() ? cdefs::default_system_include_dirs()
                                                       : options.system_include_dirs;
  pp.script_dir = options.script_dir;
  pp.btf_available = btf_ && btf_->available();
  preprocessor_ = std::make_unique<cdefs::Preprocessor>(std::move(pp));
  for (const auto& header : options.pre_includes) preprocessor_->include_file(header);

  std::vector<std::string> items;
  for (const auto& d : definitions) items.push_back(d.text);
  auto active = preprocessor_->process(items);
  std::vector<std::string> errors = preprocessor_->errors();
  if (!errors.empty()) return errors;

  cdefs::CParserHooks hooks;
  hooks.external_type = [this](const std::string& c_name) { return external_type(c_name); };
  hooks.constant = [this](const std::string& name) -> std::optional<int64_t> {
    if (auto c = constant(name)) return c->value;
    return std::nullopt;
  };
  for (const auto& def : active) {
    if (auto error = cdefs::parse_c_definition(def.text, table_, hooks)) {
      errors.push_back("definitions.h:" + std::to_string(def.defs_line + error->line - 1) + ":" +
                       std::to_string(error->column) + ": error: " + error->message);
      break;
    }
  }
  return errors;
}

std::optional<Type> ScriptTypes::external_type(const std::string& c_name) {
  if (btf_)
    if (auto t = btf_->type_by_name(c_name)) return t;
  return cdefs::builtin_c_type(c_name);
}

std::optional<Type> ScriptTypes::named_type(const std::string& name) {
  if (auto it = table_.structs.find(name); it != table_.structs.end())
    return Type::structure(it->second);
  if (name.rfind("enum ", 0) == 0) {
    if (auto it = table_.enums.find(name.substr(5)); it != table_.enums.end())
      return it->second.type;
  }
  // Base spellings first: `(uint32_t)x` needs no BTF.
  if (auto t = cdefs::builtin_c_type(name)) return t;
  if (btf_)
    if (auto t = btf_->type_by_name(name)) return t;
  return std::nullopt;
}

std::optional<NamedConstant> ScriptTypes::constant(const std::string& name) {
  if (preprocessor_)
    if (auto v = preprocessor_->macro_value(name)) return NamedConstant{*v, Type::int64()};
  if (auto it = table_.enumerators.find(name); it != table_.enumerators.end())
    return NamedConstant{it->second.first, it->second.second};
  if (auto v = cdefs::builtin_constant(name)) return NamedConstant{*v, Type::int64()};
  if (btf_)
    if (auto e = btf_->enumerator(name)) return NamedConstant{e->value, e->type};
  return std::nullopt;
}

std::string ScriptTypes::enumerator(const std::string& enum_name, int64_t value) {
  if (auto it = table_.enums.find(enum_name); it != table_.enums.end()) {
    for (const auto& [name, v] : it->second.values)
      if (v == value) return name;
    return "";
  }
  return btf_ ? btf_->enumerator_name(enum_name, value) : "";
}

bool ScriptTypes::is_type_name(std::string_view name) {
  std::string text(name);
  if (cdefs::builtin_c_type(text)) return true;
  return btf_ && btf_->is_type_name(text);
}

}  // namespace sonde
