#include "cli/listing.h"

#include <sys/stat.h>

#include <iostream>

#include "probes/registry.h"
#include "support/strings.h"

namespace sonde {

namespace {

// User-space kinds are only searched when named explicitly (or with -p).
bool is_user_space(const ProbeProvider& p) {
  return p.name() == "uprobe" || p.name() == "uretprobe" || p.name() == "usdt";
}

bool provider_matches(const ProbeProvider& p, const std::string& pattern) {
  std::string lower = to_lower(pattern);
  if (wildcard_match(lower, std::string(p.name()))) return true;
  for (auto alias : p.aliases())
    if (lower == to_lower(alias) || wildcard_match(pattern, std::string(alias))) return true;
  return false;
}

void list_one(const std::string& pattern, bool verbose, const ProbeEnv& env, std::ostream& out) {
  std::string provider_pattern = "*", rest = pattern;
  auto colon = pattern.find(':');
  if (colon != std::string::npos) {
    provider_pattern = pattern.substr(0, colon);
    rest = pattern.substr(colon + 1);
  }
  bool explicit_provider = provider_pattern.find('*') == std::string::npos;
  for (const ProbeProvider* p : all_providers()) {
    if (!provider_matches(*p, provider_pattern)) continue;
    if (is_user_space(*p) && !explicit_provider && !env.pid) continue;
    if (p->name() == "begin" || p->name() == "end") continue;
    p->list(ListRequest{rest.empty() ? "*" : rest, verbose}, env, out);
  }
}

}  // namespace

int list_probes(const Options& o, const ProbeEnv& env) {
  std::string pattern = o.list_pattern.value_or("*");
  if (o.script_path && !o.list_pattern) pattern = *o.script_path;
  struct stat st;
  if (pattern.find(':') == std::string::npos && pattern.find('*') == std::string::npos &&
      pattern.find('.') != std::string::npos && stat(pattern.c_str(), &st) != 0) {
    std::cerr << "WARNING: It appears that '" << pattern
              << "' is a filename but the file does not exist. Treating '" << pattern
              << "' as a search pattern.\n";
  }
  for (const auto& p : split(pattern, ',')) list_one(p, o.verbose, env, std::cout);
  return 0;
}

int list_program_probes(const SemanticModel& model, std::ostream& out) {
  for (const auto& probe : model.probes)
    for (const auto& point : probe.points)
      if (point.provider != "begin" && point.provider != "end") out << point.name << "\n";
  return 0;
}

}  // namespace sonde
