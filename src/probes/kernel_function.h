// Shared by the kernel function providers (kprobe, kretprobe, fentry, fexit): the
// `[MODULE:]FUNC[+OFF]` attach point syntax, matching it against the traceable functions, and
// listing them with their BTF signatures.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/traceable_functions.h"
#include "probes/provider.h"

namespace sonde {

struct KernelFunctionSpec {
  std::string module = "*";  // pattern; "*" when not written
  bool module_given = false;
  std::string function;      // pattern
  uint64_t offset = 0;       // +OFF
  std::string offset_text;   // OFF as written ("" if none)
  std::optional<uint64_t> address;  // `kprobe:0xADDR`
};

// Parses the parts after the provider. `allow_offset`: +OFF and addresses are accepted
// (kprobe); otherwise they are errors (`Offset not allowed`).
Result<KernelFunctionSpec> parse_kernel_function_spec(std::string_view provider,
                                                      const std::vector<std::string>& parts,
                                                      bool allow_offset);

// Traceable functions matching the spec, sorted. A plain name (no wildcard, no module) that
// is not listed is still returned, in module "vmlinux": the kernel decides at attach time.
// With `require_btf`, only functions kernel BTF describes (fentry). None: "No matches for
// PROVIDER PATTERN."
Result<std::vector<KernelFunction>> match_kernel_functions(std::string_view provider,
                                                           const KernelFunctionSpec& spec,
                                                           const ProbeEnv& env,
                                                           bool require_btf);

// What -lv prints under each function: parameters, the return value ("TYPE retval"), both.
enum class ListSignature { Params, Retval, ParamsAndRetval };

// Lists matching functions as "PROVIDER:FUNC" (kprobe style: module shown for module
// functions or when the pattern names one) or "PROVIDER:MODULE:FUNC" (`always_module`).
void list_kernel_functions(std::string_view provider, const ListRequest& request,
                           const ProbeEnv& env, ListSignature signature, bool always_module,
                           std::ostream& out);

}  // namespace sonde
