#include "kernel/kallsyms.h"

#include <cstdio>
#include <cstring>

namespace sonde {

Result<uint64_t> kernel_symbol_address(const std::string& name, const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (!file) return errno_error("cannot read " + path, errno);
  // Lines: "ffffffff81234560 T vfs_read" with an optional "\t[module]".
  char line[512];
  uint64_t found = 0;
  bool have = false;
  while (!have && std::fgets(line, sizeof line, file)) {
    char* saveptr = nullptr;
    char* addr = strtok_r(line, " \t\n", &saveptr);
    char* kind = strtok_r(nullptr, " \t\n", &saveptr);
    char* symbol = strtok_r(nullptr, " \t\n", &saveptr);
    if (!addr || !kind || !symbol || name != symbol) continue;
    found = std::strtoull(addr, nullptr, 16);
    have = true;
  }
  std::fclose(file);
  if (!have) return Error{"Failed to resolve kernel symbol: " + name};
  return found;
}

}  // namespace sonde
