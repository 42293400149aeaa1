// A user-space ELF executable or shared library as uprobes and USDT need it: its function
// symbols, its USDT notes, and the translation of virtual addresses to file offsets (what the
// kernel's uprobe interface takes). Symbols and notes are read with bcc's ELF helpers
// (libbcc-loader-static); segments and sections with libelf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/result.h"

namespace sonde {

struct ElfFunction {
  std::string name;       // as in the symbol table (C++ names mangled)
  uint64_t address = 0;   // virtual address (st_value)
  uint64_t size = 0;
};

// One `.note.stapsdt` entry: a USDT probe location.
struct UsdtNote {
  std::string provider;
  std::string name;
  std::string args;        // argument specs, e.g. "-4@%eax 8@-8(%rbp) 4@$5"
  uint64_t address = 0;    // virtual address of the probe's nop, adjusted for prelinking
  uint64_t semaphore = 0;  // virtual address of the semaphore, 0 if none
};

class ElfBinary {
 public:
  // Reads the ELF header, program headers and the `.stapsdt.base` section. Fails for files
  // that are not ELF (with a message naming the path).
  static Result<ElfBinary> open(const std::string& path);

  const std::string& path() const { return path_; }
  bool has_debug_info() const { return has_debug_info_; }

  // Function symbols (STT_FUNC, STT_GNU_IFUNC) with an address, from .symtab, .dynsym and a
  // separate debug file if there is one; deduplicated, sorted by name then address.
  std::vector<ElfFunction> functions() const;

  // USDT probes of the binary, in note order.
  std::vector<UsdtNote> usdt_notes() const;

  // The file offset of a virtual address inside a loaded segment.
  std::optional<uint64_t> file_offset(uint64_t address) const;

 private:
  struct Segment {
    uint64_t vaddr = 0;
    uint64_t filesz = 0;
    uint64_t offset = 0;
  };

  std::string path_;
  std::vector<Segment> segments_;
  std::optional<uint64_t> stapsdt_base_;  // address of the .stapsdt.base section
  bool has_debug_info_ = false;
};

// C++ demangling: the demangled name, or nullopt if `name` is not a mangled name.
std::optional<std::string> demangle(const std::string& name);

}  // namespace sonde
