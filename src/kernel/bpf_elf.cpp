#include "kernel/bpf_elf.h"

#include <elf.h>

#include <cerrno>
#include <cstring>

namespace sonde {
namespace {

#ifndef EM_BPF
#define EM_BPF 247
#endif

struct Section {
  std::string name;
  Elf64_Word type = SHT_NULL;
  Elf64_Xword flags = 0;
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

Elf64_Word add_string(std::vector<char>& table, const std::string& text) {
  auto offset = static_cast<Elf64_Word>(table.size());
  table.insert(table.end(), text.begin(), text.end());
  table.push_back('\0');
  return offset;
}

// Sections: null, one per program, license, .symtab, .strtab, .shstrtab (last).
std::vector<Section> object_sections(const std::vector<HandWrittenProgram>& programs) {
  std::vector<Section> sections(1);
  for (const auto& p : programs) {
    Section s{p.section, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, {}};
    for (const auto& insn : p.insns) append(s.bytes, insn);
    sections.push_back(std::move(s));
  }
  sections.push_back({"license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, {'G', 'P', 'L', '\0'}});

  std::vector<char> strtab(1, '\0');
  Section symtab{".symtab", SHT_SYMTAB, 0, {}};
  append(symtab.bytes, Elf64_Sym{});
  for (size_t i = 0; i < programs.size(); ++i) {
    Elf64_Sym sym{};
    sym.st_name = add_string(strtab, programs[i].name);
    sym.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
    sym.st_shndx = static_cast<Elf64_Half>(i + 1);
    sym.st_size = programs[i].insns.size() * sizeof(bpf_insn);
    append(symtab.bytes, sym);
  }
  symtab.entsize = sizeof(Elf64_Sym);
  symtab.info = 1;  // index of the first global symbol
  symtab.link = static_cast<Elf64_Word>(sections.size() + 1);  // .strtab follows
  sections.push_back(std::move(symtab));
  sections.push_back({".strtab", SHT_STRTAB, 0, std::move(strtab)});
  sections.push_back({".shstrtab", SHT_STRTAB, 0, {}});
  return sections;
}

}  // namespace

std::vector<char> hand_written_elf(const std::vector<HandWrittenProgram>& programs) {
  std::vector<Section> sections = object_sections(programs);
  std::vector<char> shstrtab(1, '\0');
  std::vector<Elf64_Word> name_offsets;
  for (const auto& s : sections)
    name_offsets.push_back(s.name.empty() ? 0 : add_string(shstrtab, s.name));
  sections.back().bytes = shstrtab;

  // Layout: ELF header, section contents (8-aligned), section header table.
  std::vector<char> body;
  std::vector<Elf64_Off> offsets;
  auto align = [&] {
    while ((sizeof(Elf64_Ehdr) + body.size()) % 8) body.push_back('\0');
  };
  for (const auto& s : sections) {
    align();
    offsets.push_back(sizeof(Elf64_Ehdr) + body.size());
    body.insert(body.end(), s.bytes.begin(), s.bytes.end());
  }
  align();

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

  std::vector<char> elf;
  append(elf, header);
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

Result<BpfObjectPtr> load_hand_written(const std::vector<HandWrittenProgram>& programs) {
  std::vector<char> elf = hand_written_elf(programs);
  constexpr size_t kLogSize = 64 * 1024;
  std::vector<char> log(kLogSize, '\0');
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "sonde_dispatch",
              .kernel_log_buf = log.data(), .kernel_log_size = kLogSize);
  BpfObjectPtr object(bpf_object__open_mem(elf.data(), elf.size(), &opts));
  if (!object) return errno_error("cannot open a hand-written BPF object", errno);
  bpf_program* prog;
  bpf_object__for_each_program(prog, object.get()) {
    bpf_program__set_log_buf(prog, log.data(), log.size());
  }
  if (int err = bpf_object__load(object.get()); err) {
    std::string message = "cannot load a hand-written BPF program: " + std::string(strerror(-err));
    if (log[0]) message += "\n" + std::string(log.data());
    return Error{message};
  }
  return object;
}

}  // namespace sonde
