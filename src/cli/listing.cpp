#include "cli/listing.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "probes/registry.h"
#include "support/strings.h"

namespace sonde {

namespace {

bool names_provider(const ProbeProvider& p, const std::string& name) {
  std::string lower = to_lower(name);
  if (lower == p.name()) return true;
  for (auto alias : p.aliases())
    if (alias == name || (alias != "u" && alias != "U" && to_lower(alias) == lower)) return true;
  return false;
}

bool is_special(const ProbeProvider& p) { return p.name() == "begin" || p.name() == "end"; }

// One comma-separated pattern: "TYPE:REST", or "REST" meaning "*:REST". A TYPE with a wildcard
// (or none) covers the kinds listed by default; a named TYPE covers that kind.
void list_one(const std::string& pattern, bool verbose, const ProbeEnv& env, std::ostream& out) {
  std::string type = "*", rest = pattern;
  auto colon = pattern.find(':');
  if (colon != std::string::npos) {
    type = pattern.substr(0, colon);
    rest = pattern.substr(colon + 1);
  }
  ListRequest request{rest.empty() ? "*" : rest, verbose};
  bool named = !has_wildcard(type);
  for (const ProbeProvider* p : all_providers()) {
    if (is_special(*p)) continue;
    if (named ? !names_provider(*p, type)
              : !wildcard_match(type, p->name()) || !p->listed_by_default(request, env))
      continue;
    p->list(request, env, out);
  }
}

bool exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

bool is_elf_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, sizeof magic);
  return in && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

}  // namespace

std::optional<std::string> listed_script(const Options& o) {
  if (!o.list || o.program_text || !o.list_pattern) return std::nullopt;
  const std::string& arg = *o.list_pattern;
  if (arg.find_first_of(":*,") != std::string::npos || !exists(arg) || is_elf_file(arg))
    return std::nullopt;
  return arg;
}

int list_probes(const Options& o, const ProbeEnv& env) {
  std::string pattern = o.list_pattern.value_or("*");
  if (pattern.find(':') == std::string::npos && pattern.find('*') == std::string::npos &&
      !exists(pattern)) {
    if (pattern.find('.') != std::string::npos)
      std::cerr << "WARNING: It appears that '" << pattern
                << "' is a filename but the file does not exist. Treating '" << pattern
                << "' as a search pattern.\n";
  }
  // An ELF file: its uprobes and USDT probes.
  if (exists(pattern) && is_elf_file(pattern)) pattern = "uprobe:" + pattern + ",usdt:" + pattern;
  for (const auto& p : split(pattern, ',')) list_one(p, o.verbose, env, std::cout);
  std::cout.flush();
  return 0;
}

int list_program_probes(const SemanticModel& model, std::ostream& out) {
  for (const auto& probe : model.probes) {
    std::string last;  // a probe at several locations (usdt) is listed once
    for (const auto& point : probe.points) {
      if (point.provider == "begin" || point.provider == "end" || point.name == last) continue;
      out << point.name << "\n";
      last = point.name;
    }
  }
  return 0;
}

}  // namespace sonde
