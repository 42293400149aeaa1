#include "kernel/traceable_functions.h"

#include <algorithm>

#include "support/strings.h"

namespace sonde {

bool TraceableFunctions::contains(std::string_view module, std::string_view name) const {
  KernelFunction key{std::string(name), std::string(module)};
  return std::binary_search(functions.begin(), functions.end(), key);
}

TraceableFunctions parse_available_filter_functions(std::string_view text) {
  TraceableFunctions result;
  result.from_ftrace = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    size_t space = line.find(' ');
    std::string_view name = line.substr(0, space);
    if (name.empty() || name.find('.') != std::string_view::npos ||
        starts_with(name, "__ftrace_invalid_address__"))
      continue;
    std::string module = "vmlinux";
    if (space != std::string_view::npos) {
      size_t open = line.find('[', space), close = line.find(']', space);
      if (open != std::string_view::npos && close != std::string_view::npos && close > open)
        module = std::string(line.substr(open + 1, close - open - 1));
    }
    result.functions.push_back({std::string(name), std::move(module)});
  }
  std::sort(result.functions.begin(), result.functions.end());
  result.functions.erase(std::unique(result.functions.begin(), result.functions.end()),
                         result.functions.end());
  return result;
}

}  // namespace sonde
