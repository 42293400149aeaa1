#include "probes/kernel_function.h"

#include <algorithm>
#include <ostream>

#include "kernel/kernel.h"
#include "probes/registry.h"
#include "support/strings.h"

namespace sonde {
namespace {

constexpr std::string_view kKernelImage = "vmlinux";

bool function_has_btf(const ProbeEnv& env, const KernelFunction& f) {
  if (f.module != kKernelImage || !env.kernel) return false;
  auto signatures = env.kernel->btf_signatures();
  return signatures.ok() && (*signatures)->has_function(f.name);
}

// "MODULE:FUNC" or "FUNC" split into a spec without offsets (listing patterns).
KernelFunctionSpec list_spec(const std::string& pattern) {
  KernelFunctionSpec spec;
  auto parts = split_attach_point(pattern.empty() ? "*" : pattern);
  if (parts.size() >= 2) {
    spec.module = parts[0];
    spec.module_given = true;
    spec.function = parts[1];
  } else {
    spec.function = parts[0];
  }
  return spec;
}

void print_signature(const BtfSignature& sig, ListSignature what, std::ostream& out) {
  if (what != ListSignature::Retval)
    for (const auto& p : sig.params)
      out << "    " << p.c_type << " " << (p.name.empty() ? "" : p.name) << "\n";
  if (what != ListSignature::Params && sig.return_type_id != 0)
    out << "    " << sig.return_c_type << " retval\n";
}

}  // namespace

Result<KernelFunctionSpec> parse_kernel_function_spec(std::string_view provider,
                                                      const std::vector<std::string>& parts,
                                                      bool allow_offset) {
  if (parts.size() != 2 && parts.size() != 3)
    return Error{std::string(provider) + " probe type requires 1 or 2 arguments, found " +
                 std::to_string(parts.size() - 1)};
  KernelFunctionSpec spec;
  std::string function = parts.back();
  if (parts.size() == 3) {
    spec.module = parts[1];
    spec.module_given = true;
  }
  if (function.empty()) return Error{std::string(provider) + " probe has no function name"};
  if (std::isdigit(static_cast<unsigned char>(function[0])) && !spec.module_given) {
    auto address = parse_unsigned(function);
    if (!address) return Error{"Invalid address in " + std::string(provider) + " probe: " +
                               function};
    if (!allow_offset) return Error{"Offset not allowed"};
    spec.address = *address;
    return spec;
  }
  if (auto plus = function.find('+'); plus != std::string::npos) {
    if (!allow_offset) return Error{"Offset not allowed"};
    spec.offset_text = function.substr(plus + 1);
    auto offset = parse_unsigned(spec.offset_text);
    if (!offset) return Error{"Invalid offset in " + std::string(provider) + " probe: " +
                              spec.offset_text};
    spec.offset = *offset;
    function.resize(plus);
  }
  spec.function = std::move(function);
  return spec;
}

Result<std::vector<KernelFunction>> match_kernel_functions(std::string_view provider,
                                                           const KernelFunctionSpec& spec,
                                                           const ProbeEnv& env,
                                                           bool require_btf) {
  std::vector<KernelFunction> found;
  bool exact = !has_wildcard(spec.function) && (!spec.module_given || !has_wildcard(spec.module));
  if (env.kernel) {
    for (const auto& f : env.kernel->traceable_functions().functions) {
      if (!wildcard_match(spec.module, f.module) || !wildcard_match(spec.function, f.name))
        continue;
      if (require_btf && !function_has_btf(env, f)) continue;
      found.push_back(f);
      if (exact) break;
    }
  }
  if (found.empty() && exact && (!spec.module_given || spec.module == kKernelImage)) {
    KernelFunction f{spec.function, std::string(kKernelImage)};
    if (!require_btf || function_has_btf(env, f)) found.push_back(std::move(f));
  }
  if (found.empty()) {
    std::string pattern = (spec.module_given ? spec.module + ":" : "") + spec.function;
    return Error{"No matches for " + std::string(provider) + " " + pattern + "."};
  }
  return found;
}

void list_kernel_functions(std::string_view provider, const ListRequest& request,
                           const ProbeEnv& env, ListSignature signature, bool always_module,
                           std::ostream& out) {
  if (!env.kernel) return;
  KernelFunctionSpec spec = list_spec(request.pattern);
  BtfSignatures* signatures = nullptr;
  if (auto s = env.kernel->btf_signatures(); s.ok()) signatures = *s;
  bool require_btf = always_module;  // fentry/fexit need BTF
  for (const auto& f : env.kernel->traceable_functions().functions) {
    if (!wildcard_match(spec.module, f.module) || !wildcard_match(spec.function, f.name))
      continue;
    if (require_btf && !(signatures && f.module == kKernelImage &&
                         signatures->has_function(f.name)))
      continue;
    std::optional<BtfSignature> sig;
    if (signatures && f.module == kKernelImage && request.verbose)
      sig = signatures->function(f.name);
    bool show_module = always_module || spec.module_given || f.module != kKernelImage;
    out << provider << ":" << (show_module ? f.module + ":" : "") << f.name << "\n";
    if (request.verbose && sig) print_signature(*sig, signature, out);
  }
}

}  // namespace sonde
