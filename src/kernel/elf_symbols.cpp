#include "kernel/elf_symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "support/unique_fd.h"

namespace sonde {

namespace {

bool search_section(Elf* elf, Elf_Scn* scn, const GElf_Shdr& shdr, const std::string& name,
                    ElfSymbol& out) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data || shdr.sh_entsize == 0) return false;
  size_t count = shdr.sh_size / shdr.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
    const char* sym_name = elf_strptr(elf, shdr.sh_link, sym.st_name);
    if (!sym_name || name != sym_name || sym.st_shndx == SHN_UNDEF) continue;
    out.address = sym.st_value;
    out.size = sym.st_size;
    return true;
  }
  return false;
}

}  // namespace

Result<ElfSymbol> find_elf_symbol(const std::string& path, const std::string& name) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return errno_error("cannot open " + path, errno);
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd.get(), ELF_C_READ, nullptr);
  if (!elf) return Error{path + " is not an ELF file"};
  ElfSymbol result;
  GElf_Ehdr ehdr;
  bool found = false;
  if (gelf_getehdr(elf, &ehdr)) {
    result.position_independent = ehdr.e_type == ET_DYN;
    for (Elf64_Word wanted : {SHT_SYMTAB, SHT_DYNSYM}) {
      for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn && !found; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr shdr;
        if (gelf_getshdr(scn, &shdr) && shdr.sh_type == wanted)
          found = search_section(elf, scn, shdr, name, result);
      }
      if (found) break;
    }
  }
  elf_end(elf);
  if (!found) return Error{"Could not resolve symbol: " + path + ":" + name};
  return result;
}

}  // namespace sonde
