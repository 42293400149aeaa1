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

// Splits an attach point on ':' outside double quotes, removing the quotes ("uprobe:/bin/x:
// \"ns::f\"" -> {"uprobe", "/bin/x", "ns::f"}).
std::vector<std::string> split_attach_point(std::string_view text);

}  // namespace sonde
