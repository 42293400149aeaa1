#include "probes/registry.h"

#include <algorithm>

#include "support/strings.h"

namespace sonde {

// Each provider's file defines `const ProbeProvider& NAME_provider()`. A new provider is one
// more line here.
#define SONDE_PROVIDERS(X) \
  X(begin)                 \
  X(end)                   \
  X(fentry)                \
  X(fexit)                 \
  X(hardware)              \
  X(interval)              \
  X(iter)                  \
  X(kprobe)                \
  X(kretprobe)             \
  X(profile)               \
  X(rawtracepoint)         \
  X(software)              \
  X(tracepoint)            \
  X(uprobe)                \
  X(uretprobe)             \
  X(usdt)                  \
  X(watchpoint)

#define SONDE_DECLARE(name) const ProbeProvider& name##_provider();
SONDE_PROVIDERS(SONDE_DECLARE)
#undef SONDE_DECLARE

namespace {

// Aliases that clash when case is ignored: `U` is usdt, `u` uprobe. Written this way they
// match only exactly.
bool is_case_sensitive_alias(std::string_view name) { return name == "u" || name == "U"; }

bool matches(const ProbeProvider& provider, std::string_view name, bool ignore_case) {
  auto same = [&](std::string_view candidate) {
    return ignore_case ? to_lower(candidate) == to_lower(name) : candidate == name;
  };
  if (same(provider.name())) return true;
  for (std::string_view alias : provider.aliases())
    if (same(alias)) return true;
  return false;
}

}  // namespace

const std::vector<const ProbeProvider*>& all_providers() {
#define SONDE_ADDRESS(name) &name##_provider(),
  static const std::vector<const ProbeProvider*> providers = [] {
    std::vector<const ProbeProvider*> list = {SONDE_PROVIDERS(SONDE_ADDRESS)};
    std::sort(list.begin(), list.end(),
              [](const auto* a, const auto* b) { return a->name() < b->name(); });
    return list;
  }();
#undef SONDE_ADDRESS
  return providers;
}

const ProbeProvider* find_provider(std::string_view name) {
  for (const auto* provider : all_providers())
    if (matches(*provider, name, false)) return provider;
  if (is_case_sensitive_alias(name)) return nullptr;
  for (const auto* provider : all_providers())
    if (matches(*provider, name, true)) return provider;
  return nullptr;
}

Status check_kernel_support(const std::vector<const AttachPoint*>& points, const ProbeEnv& env,
                            bool load_only) {
  std::vector<const ProbeProvider*> kinds;
  for (const AttachPoint* point : points) {
    const ProbeProvider* provider = find_provider(point->provider);
    if (!provider) return Error{"Invalid probe type: " + point->provider};
    if (std::find(kinds.begin(), kinds.end(), provider) == kinds.end()) kinds.push_back(provider);
  }
  for (const ProbeProvider* provider : kinds) {
    Status status = load_only ? provider->loadable(env) : provider->supported(env);
    if (!status)
      return Error{std::string(provider->name()) + " probes are not supported by this kernel: " +
                   status.error().message};
  }
  for (const ProbeProvider* provider : kinds) {
    if (!provider->runs_to_completion()) continue;
    size_t count = std::count_if(points.begin(), points.end(), [&](const AttachPoint* p) {
      return find_provider(p->provider) == provider;
    });
    if (count > 1) return Error{"only one " + std::string(provider->name()) + " probe is allowed"};
    bool alone = kinds.size() == 1 ||
                 std::all_of(kinds.begin(), kinds.end(), [&](const ProbeProvider* other) {
                   return other == provider || other->name() == "begin" || other->name() == "end";
                 });
    if (!alone)
      return Error{std::string(provider->name()) +
                   " probes cannot be combined with other probes (except begin and end)"};
  }
  return Status::success();
}

std::vector<std::string> split_attach_point(std::string_view text) {
  std::vector<std::string> parts(1);
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      parts.back() += text[++i];
    } else if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == ':' && !in_quotes) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

}  // namespace sonde
