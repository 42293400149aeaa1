#include "kernel/elf_binary.h"

#include <bcc/bcc_elf.h>
#include <bcc/bcc_syms.h>
#include <cxxabi.h>
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "support/unique_fd.h"

namespace sonde {
namespace {

struct ElfDeleter {
  void operator()(Elf* elf) const { elf_end(elf); }
};

std::string section_name(Elf* elf, size_t shstrndx, const GElf_Shdr& shdr) {
  const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
  return name ? name : "";
}

int add_function(const char* name, uint64_t address, uint64_t size, void* payload) {
  if (name && *name && address != 0)
    static_cast<std::vector<ElfFunction>*>(payload)->push_back({name, address, size});
  return 0;
}

void add_note(const char*, const struct bcc_elf_usdt* probe, void* payload) {
  UsdtNote note;
  note.provider = probe->provider ? probe->provider : "";
  note.name = probe->name ? probe->name : "";
  note.args = probe->arg_fmt ? probe->arg_fmt : "";
  note.address = probe->pc;
  note.semaphore = probe->semaphore;
  // Notes and the base address each recorded (for the prelink adjustment in usdt_notes()).
  auto* out = static_cast<std::pair<std::vector<UsdtNote>, std::vector<uint64_t>>*>(payload);
  out->first.push_back(std::move(note));
  out->second.push_back(probe->base_addr);
}

}  // namespace

Result<ElfBinary> ElfBinary::open(const std::string& path) {
  elf_version(EV_CURRENT);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return errno_error("cannot open '" + path + "'", errno);
  std::unique_ptr<Elf, ElfDeleter> elf(elf_begin(fd.get(), ELF_C_READ, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF)
    return Error{"'" + path + "' is not an ELF file"};

  ElfBinary binary;
  binary.path_ = path;
  size_t count = 0;
  if (elf_getphdrnum(elf.get(), &count) != 0)
    return Error{"cannot read the program headers of '" + path + "'"};
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr phdr;
    if (gelf_getphdr(elf.get(), static_cast<int>(i), &phdr) && phdr.p_type == PT_LOAD)
      binary.segments_.push_back({phdr.p_vaddr, phdr.p_filesz, phdr.p_offset});
  }
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf.get(), &shstrndx) == 0) {
    for (Elf_Scn* scn = elf_nextscn(elf.get(), nullptr); scn; scn = elf_nextscn(elf.get(), scn)) {
      GElf_Shdr shdr;
      if (!gelf_getshdr(scn, &shdr)) continue;
      std::string name = section_name(elf.get(), shstrndx, shdr);
      if (name == ".stapsdt.base") binary.stapsdt_base_ = shdr.sh_addr;
      if (name == ".debug_info") binary.has_debug_info_ = true;
    }
  }
  return binary;
}

std::vector<ElfFunction> ElfBinary::functions() const {
  bcc_symbol_option option{};
  option.use_debug_file = 1;
  option.check_debug_file_crc = 1;
  option.lazy_symbolize = 0;
  option.use_symbol_type = (1 << STT_FUNC) | (1 << STT_GNU_IFUNC);
  std::vector<ElfFunction> functions;
  bcc_elf_foreach_sym(path_.c_str(), add_function, &option, &functions);
  std::sort(functions.begin(), functions.end(), [](const ElfFunction& a, const ElfFunction& b) {
    return a.name != b.name ? a.name < b.name : a.address < b.address;
  });
  functions.erase(std::unique(functions.begin(), functions.end(),
                              [](const ElfFunction& a, const ElfFunction& b) {
                                return a.name == b.name && a.address == b.address;
                              }),
                  functions.end());
  return functions;
}

std::vector<UsdtNote> ElfBinary::usdt_notes() const {
  std::pair<std::vector<UsdtNote>, std::vector<uint64_t>> found;
  bcc_elf_foreach_usdt(path_.c_str(), add_note, &found);
  // A prelinked binary moved its sections after the notes were written: the note records
  // where .stapsdt.base was, and the difference applies to the probe and semaphore addresses.
  for (size_t i = 0; i < found.first.size(); ++i) {
    uint64_t note_base = found.second[i];
    if (!stapsdt_base_ || note_base == 0 || note_base == *stapsdt_base_) continue;
    uint64_t shift = *stapsdt_base_ - note_base;
    found.first[i].address += shift;
    if (found.first[i].semaphore) found.first[i].semaphore += shift;
  }
  return std::move(found.first);
}

std::optional<uint64_t> ElfBinary::file_offset(uint64_t address) const {
  for (const auto& s : segments_)
    if (address >= s.vaddr && address < s.vaddr + s.filesz) return address - s.vaddr + s.offset;
  return std::nullopt;
}

std::optional<std::string> demangle(const std::string& name) {
  if (name.size() < 2 || name[0] != '_' || name[1] != 'Z') return std::nullopt;
  int status = 0;
  char* text = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !text) {
    std::free(text);
    return std::nullopt;
  }
  std::string result(text);
  std::free(text);
  return result;
}

}  // namespace sonde
