#include "sema/apply_config.h"

#include <cstdlib>

#include "support/strings.h"

namespace sonde {

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

namespace {

// Each setter parses a textual value; an error message is returned on a bad value.
using Setter = std::function<std::optional<std::string>(RuntimeConfig&, const std::string& key,
                                                        const std::string& value)>;

Setter number(uint64_t RuntimeConfig::*field) {
  return [field](RuntimeConfig& c, const std::string& key,
                 const std::string& value) -> std::optional<std::string> {
    auto n = parse_unsigned(value);
    if (!n) return key + ": expecting a number, got " + value;
    c.*field = *n;
    return std::nullopt;
  };
}

Setter boolean(bool RuntimeConfig::*field) {
  return [field](RuntimeConfig& c, const std::string& key,
                 const std::string& value) -> std::optional<std::string> {
    if (value == "true" || value == "1") c.*field = true;
    else if (value == "false" || value == "0") c.*field = false;
    else return key + ": expecting a boolean, got " + value;
    return std::nullopt;
  };
}

Setter one_of(std::string RuntimeConfig::*field, std::vector<std::string> allowed) {
  return [field, allowed](RuntimeConfig& c, const std::string& key,
                          const std::string& value) -> std::optional<std::string> {
    for (const auto& a : allowed) {
      if (a == value) {
        c.*field = value;
        return std::nullopt;
      }
    }
    return key + ": invalid value '" + value + "', expecting one of: " + join(allowed, ", ");
  };
}

Setter text(std::string RuntimeConfig::*field) {
  return [field](RuntimeConfig& c, const std::string&,
                 const std::string& value) -> std::optional<std::string> {
    c.*field = value;
    return std::nullopt;
  };
}

std::optional<std::string> set_missing_probes(RuntimeConfig& c, const std::string& key,
                                              const std::string& value) {
  if (value == "error") c.missing_probes = MissingProbes::Error;
  else if (value == "warn") c.missing_probes = MissingProbes::Warn;
  else if (value == "ignore") c.missing_probes = MissingProbes::Ignore;
  else return key + ": invalid value '" + value + "', expecting one of: error, warn, ignore";
  return std::nullopt;
}

std::optional<std::string> accept_unstable(RuntimeConfig&, const std::string& key,
                                           const std::string& value) {
  static const char* ok[] = {"enable", "warn", "error", "true", "false", "1", "0"};
  for (const char* v : ok)
    if (value == v) return std::nullopt;
  return key + ": invalid value '" + value + "', expecting one of: enable, warn, error";
}

struct Key {
  const char* name;
  Setter set;
};

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      {"max_strlen", number(&RuntimeConfig::max_strlen)},
      {"max_map_keys", number(&RuntimeConfig::max_map_keys)},
      {"max_probes", number(&RuntimeConfig::max_probes)},
      {"max_bpf_progs", number(&RuntimeConfig::max_bpf_progs)},
      {"max_cat_bytes", number(&RuntimeConfig::max_cat_bytes)},
      {"log_size", number(&RuntimeConfig::log_size)},
      {"perf_rb_pages", number(&RuntimeConfig::perf_rb_pages)},
      {"on_stack_limit", number(&RuntimeConfig::on_stack_limit)},
      {"stack_mode", one_of(&RuntimeConfig::stack_mode, {"bpftrace", "perf", "raw", "build_id"})},
      {"str_trunc_trailer", text(&RuntimeConfig::str_trunc_trailer)},
      {"missing_probes", set_missing_probes},
      {"print_maps_on_exit", boolean(&RuntimeConfig::print_maps_on_exit)},
      {"cpp_demangle", boolean(&RuntimeConfig::cpp_demangle)},
      {"cache_user_symbols",
       one_of(&RuntimeConfig::cache_user_symbols, {"PER_PID", "PER_PROGRAM", "NONE"})},
      {"lazy_symbolication", boolean(&RuntimeConfig::lazy_symbolication)},
      {"license", one_of(&RuntimeConfig::license,
                         {"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
                          "Dual MIT/GPL", "Dual MPL/GPL"})},
      {"show_debug_info", boolean(&RuntimeConfig::lazy_symbolication)},
      {"use_blazesym", [](RuntimeConfig&, const std::string&, const std::string&) {
         return std::optional<std::string>();
       }},
      {"unstable_tseries", accept_unstable},
      {"unstable_dw_ustack", accept_unstable},
      {"unstable_typeinfo", accept_unstable},
      {"unstable_import_statement", accept_unstable},
  };
  return table;
}

// Renamed keys still work from a config block, with a warning.
const std::pair<const char*, const char*> kRenamed[] = {
    {"strlen", "max_strlen"},
    {"map_keys_max", "max_map_keys"},
    {"cat_bytes_max", "max_cat_bytes"},
    {"no_cpp_demangle", "cpp_demangle"},
};

const char* kEnvOnly[] = {"btf", "kernel_build", "kernel_source", "vmlinux"};

const Key* find_key(const std::string& name) {
  for (const auto& k : keys())
    if (name == k.name) return &k;
  return nullptr;
}

std::string entry_text(const ast::ConfigEntry& e) {
  switch (e.kind) {
    case ast::ConfigEntry::Kind::Integer: return std::to_string(e.int_value);
    case ast::ConfigEntry::Kind::Bool: return e.bool_value ? "true" : "false";
    default: return e.text;
  }
}

void apply_entry(const ast::ConfigEntry& e, RuntimeConfig& config, Diagnostics& diags) {
  std::string key = to_lower(e.key);
  if (starts_with(key, "bpftrace_")) key = key.substr(9);
  std::string value = entry_text(e);
  for (const char* env_only : kEnvOnly) {
    if (key == env_only) {
      diags.error(e.loc, key + ": can only be set as an environment variable");
      return;
    }
  }
  for (const auto& [old_name, new_name] : kRenamed) {
    if (key == old_name) {
      diags.warning(e.loc, key + " has been renamed, please use " + new_name);
      key = new_name;
      if (std::string(old_name) == "no_cpp_demangle")
        value = (value == "true" || value == "1") ? "false" : "true";
    }
  }
  const Key* k = find_key(key);
  if (!k) {
    diags.error(e.loc, e.key + ": not a known configuration option");
    return;
  }
  if (auto problem = k->set(config, key, value)) diags.error(e.loc, *problem);
}

}  // namespace

void apply_config(const ast::Program& program, const EnvLookup& env, RuntimeConfig& config,
                  Diagnostics& diags) {
  for (const auto& entry : program.config) apply_entry(entry, config, diags);
  // The environment overrides the script.
  for (const auto& k : keys()) {
    std::string name = "BPFTRACE_" + to_lower(k.name);
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (auto value = env(name)) {
      if (auto problem = k.set(config, k.name, *value)) diags.error(*problem);
    }
  }
}

}  // namespace sonde
