// Symbols of an ELF file on disk, for uaddr("sym") at compile time.
#pragma once

#include <cstdint>
#include <string>

#include "support/result.h"

namespace sonde {

struct ElfSymbol {
  uint64_t address = 0;  // st_value
  uint64_t size = 0;     // st_size
  bool position_independent = false;  // ET_DYN: address is relative to the load base
};

// Looks `name` up in .symtab, then .dynsym, of the ELF file at `path`.
Result<ElfSymbol> find_elf_symbol(const std::string& path, const std::string& name);

}  // namespace sonde
