// Kernel functions that kprobes and fentry may attach to: tracefs'
// available_filter_functions ("name" or "name [module]"), or, where that file cannot be read
// (lockdown, no ftrace), the functions named in kernel BTF.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sonde {

struct KernelFunction {
  std::string name;
  std::string module;  // "vmlinux" for the kernel image
  bool operator<(const KernelFunction& o) const {
    return module != o.module ? module < o.module : name < o.name;
  }
  bool operator==(const KernelFunction& o) const { return module == o.module && name == o.name; }
};

struct TraceableFunctions {
  std::vector<KernelFunction> functions;  // sorted by module, then name; unique
  // True when the list came from ftrace (so a function missing from it is really not
  // traceable); false for the BTF fallback.
  bool from_ftrace = false;

  bool contains(std::string_view module, std::string_view name) const;
};

// Parses available_filter_functions text. Names with a ".cold"/".part" style suffix are
// compiler-made fragments and are skipped, as are "__ftrace_invalid_address___" entries.
TraceableFunctions parse_available_filter_functions(std::string_view text);

}  // namespace sonde
