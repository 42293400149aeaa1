// Finds probe providers by name or alias (case-insensitive).
#pragma once

#include <string_view>
#include <vector>

#include "probes/provider.h"

namespace sonde {

// nullptr if no provider has this name or alias.
const ProbeProvider* find_provider(std::string_view name);

// Every provider, in listing order (alphabetical by canonical name).
const std::vector<const ProbeProvider*>& all_providers();

// Checks, before anything is loaded, that the kernel supports every probe kind among
// `points` — with `load_only`, only that it loads (verifies) their programs. The error names
// the kind and the reason ("kprobe probes are not supported by this kernel: ..."). Also
// refuses mixing kinds that run to completion (iter) with other probes.
Status check_kernel_support(const std::vector<const AttachPoint*>& points, const ProbeEnv& env,
                            bool load_only);

// Splits an attach point on ':' outside double quotes, removing the quotes ("uprobe:/bin/x:
// \"ns::f\"" -> {"uprobe", "/bin/x", "ns::f"}).
std::vector<std::string> split_attach_point(std::string_view text);

}  // namespace sonde
