#include "tiny_bpf_object.h"

#include <elf.h>
#include <linux/bpf.h>

#include <cerrno>
#include <cstring>

namespace sonde::testing {
namespace {

#ifndef EM_BPF
#define EM_BPF 247
#endif

struct Section {
  std::string name;
  Elf64_Word type;
  Elf64_Xword flags;
  std::vector<char> bytes;
  Elf64_Word link = 0;
  Elf64_Word info = 0;
  Elf64_Xword entsize = 0;
};

template <typename T>
void append(std::vector<char>& out, const T& value) {
  const char* p = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

// Adds `text` to a string table, returning its offset.
Elf64_Word add_string(std::vector<char>& table, const std::string& text) {
  Elf64_Word offset = static_cast<Elf64_Word>(table.size());
  table.insert(table.end(), text.begin(), text.end());
  table.push_back('\0');
  return offset;
}

}  // namespace

std::vector<char> tiny_bpf_elf(const std::vector<std::string>& program_sections) {
  const bpf_insn code[] = {
      {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0},
      {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
  };
  std::vector<Section> sections;
  sections.push_back({"", SHT_NULL, 0, {}});
  for (const auto& name : program_sections) {
    Section s{name, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, {}};
    append(s.bytes, code);
    sections.push_back(std::move(s));
  }
  sections.push_back({"license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, {'G', 'P', 'L', '\0'}});

  std::vector<char> strtab(1, '\0');
  Section symtab{".symtab", SHT_SYMTAB, 0, {}};
  append(symtab.bytes, Elf64_Sym{});
  for (size_t i = 0; i < program_sections.size(); ++i) {
    Elf64_Sym sym{};
    sym.st_name = add_string(strtab, "prog" + std::to_string(i));
    sym.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
    sym.st_shndx = static_cast<Elf64_Half>(i + 1);
    sym.st_size = sizeof(code);
    append(symtab.bytes, sym);
  }
  symtab.entsize = sizeof(Elf64_Sym);
  symtab.info = 1;  // first global symbol
  symtab.link = static_cast<Elf64_Word>(sections.size() + 1);
  sections.push_back(std::move(symtab));
  sections.push_back({".strtab", SHT_STRTAB, 0, std::move(strtab)});
  sections.push_back({".shstrtab", SHT_STRTAB, 0, {}});

  std::vector<char> shstrtab(1, '\0');
  std::vector<Elf64_Word> name_offsets;
  for (const auto& s : sections)
    name_offsets.push_back(s.name.empty() ? 0 : add_string(shstrtab, s.name));
  sections.back().bytes = shstrtab;

  // Layout: header, section contents (8-aligned), section header table.
  std::vector<char> body;
  std::vector<Elf64_Off> offsets;
  for (const auto& s : sections) {
    while ((sizeof(Elf64_Ehdr) + body.size()) % 8) body.push_back('\0');
    offsets.push_back(sizeof(Elf64_Ehdr) + body.size());
    body.insert(body.end(), s.bytes.begin(), s.bytes.end());
  }
  while ((sizeof(Elf64_Ehdr) + body.size()) % 8) body.push_back('\0');

  Elf64_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_type = ET_REL;
  header.e_machine = EM_BPF;
  header.e_version = EV_CURRENT;
  header.e_shoff = sizeof(Elf64_Ehdr) + body.size();
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_shentsize = sizeof(Elf64_Shdr);
  header.e_shnum = static_cast<Elf64_Half>(sections.size());
  header.e_shstrndx = static_cast<Elf64_Half>(sections.size() - 1);

  std::vector<char> elf(sizeof(header));
  std::memcpy(elf.data(), &header, sizeof(header));
  elf.reserve(header.e_shoff + sections.size() * sizeof(Elf64_Shdr));
  elf.insert(elf.end(), body.begin(), body.end());
  for (size_t i = 0; i < sections.size(); ++i) {
    const Section& s = sections[i];
    Elf64_Shdr shdr{};
    shdr.sh_name = name_offsets[i];
    shdr.sh_type = s.type;
    shdr.sh_flags = s.flags;
    shdr.sh_offset = i == 0 ? 0 : offsets[i];
    shdr.sh_size = s.bytes.size();
    shdr.sh_link = s.link;
    shdr.sh_info = s.info;
    shdr.sh_addralign = s.type == SHT_NULL ? 0 : 8;
    shdr.sh_entsize = s.entsize;
    append(elf, shdr);
  }
  return elf;
}

Result<std::unique_ptr<TinyBpfObject>> TinyBpfObject::load(
    const std::vector<std::string>& sections) {
  std::vector<char> elf = tiny_bpf_elf(sections);
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "sonde_tiny");
  bpf_object* object = bpf_object__open_mem(elf.data(), elf.size(), &opts);
  if (!object) return errno_error("bpf_object__open_mem", errno);
  std::unique_ptr<TinyBpfObject> tiny(new TinyBpfObject(object));
  if (bpf_object__load(object) != 0) return errno_error("bpf_object__load", errno);
  return tiny;
}

TinyBpfObject::~TinyBpfObject() { bpf_object__close(object_); }

bpf_program* TinyBpfObject::program(size_t index) const {
  return bpf_object__find_program_by_name(object_, ("prog" + std::to_string(index)).c_str());
}

}  // namespace sonde::testing
