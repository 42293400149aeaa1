#include "runtime/symbolizer.h"

#include <bcc/bcc_syms.h>
#include <elf.h>

#include <fstream>
#include <vector>
#include <sstream>

namespace sonde {

namespace {

bcc_symbol_option symbol_options() {
  bcc_symbol_option options{};
  options.use_debug_file = 1;
  options.check_debug_file_crc = 1;
  // Names are copied when a module is loaded, so they stay after the process is gone.
  options.lazy_symbolize = 0;
  options.use_symbol_type = (1u << STT_FUNC) | (1u << STT_GNU_IFUNC);
  return options;
}

// Start addresses of the executable mappings of a process (one per mapped object).
std::vector<uint64_t> executable_mapping_starts(uint32_t pid) {
  std::vector<uint64_t> starts;
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    if (perms.size() < 3 || perms[2] != 'x') continue;
    starts.push_back(std::stoull(range.substr(0, range.find('-')), nullptr, 16));
  }
  return starts;
}

std::string with_offset_text(const char* name, uint64_t offset, bool with_offset) {
  std::string text = name;
  if (with_offset) text += "+" + std::to_string(offset);
  return text;
}

}  // namespace

struct Symbolizer::ProcessCache {
  uint32_t pid = 0;
  void* cache = nullptr;
  ~ProcessCache() {
    if (cache) bcc_free_symcache(cache, static_cast<int>(pid));
  }
};

Symbolizer::Symbolizer() = default;

Symbolizer::~Symbolizer() {
  if (kernel_cache_) bcc_free_symcache(kernel_cache_, -1);
}

std::string Symbolizer::kernel(uint64_t addr, bool with_offset) {
  if (!kernel_cache_) kernel_cache_ = bcc_symcache_new(-1, nullptr);
  if (!kernel_cache_) return "";
  bcc_symbol sym{};
  if (bcc_symcache_resolve(kernel_cache_, addr, &sym) != 0 || !sym.name) return "";
  return with_offset_text(sym.name, sym.offset, with_offset);
}

Symbolizer::ProcessCache* Symbolizer::process(uint32_t pid) {
  auto it = processes_.find(pid);
  if (it != processes_.end()) return it->second.get();
  auto entry = std::make_unique<ProcessCache>();
  entry->pid = pid;
  bcc_symbol_option options = symbol_options();
  entry->cache = bcc_symcache_new(static_cast<int>(pid), &options);
  if (entry->cache) {
    // Load every mapped object's symbols now, while /proc/PID still describes them.
    for (uint64_t start : executable_mapping_starts(pid)) {
      bcc_symbol sym{};
      if (bcc_symcache_resolve(entry->cache, start, &sym) == 0) bcc_symbol_free_demangle_name(&sym);
    }
  }
  return processes_.emplace(pid, std::move(entry)).first->second.get();
}

void Symbolizer::note_process(uint32_t pid) {
  if (pid != 0) process(pid);
}

std::string Symbolizer::user(uint32_t pid, uint64_t addr, bool with_offset,
                             std::string* module) {
  if (module) module->clear();
  ProcessCache* p = pid != 0 ? process(pid) : nullptr;
  if (!p || !p->cache) return "";
  bcc_symbol sym{};
  // Unresolved: no module either, so perf mode prints "([unknown])" as bpftrace does.
  if (bcc_symcache_resolve(p->cache, addr, &sym) != 0) return "";
  if (module && sym.module) *module = sym.module;
  const char* name = sym.demangle_name ? sym.demangle_name : sym.name;
  std::string text = name ? with_offset_text(name, sym.offset, with_offset) : "";
  bcc_symbol_free_demangle_name(&sym);
  return text;
}

}  // namespace sonde
