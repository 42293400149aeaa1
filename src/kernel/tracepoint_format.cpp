#include "kernel/tracepoint_format.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "support/strings.h"

namespace sonde {
namespace {

// One "field:DECL; offset:N; size:N; signed:N;" line.
struct RawField {
  std::string declaration;
  uint32_t offset = 0;
  uint32_t size = 0;
  bool is_signed = false;
};

// A declaration taken apart: "const char *const * argv" -> base "char", stars 2, name "argv";
// "char comm[16]" -> base "char", array, dim "16"; "__data_loc char[] name" -> data_loc.
struct Declaration {
  std::string base;  // type words without qualifiers or '*': "unsigned long", "struct file"
  int stars = 0;
  std::string name;
  bool is_array = false;
  std::string dim;  // array dimension text; empty for "[]"
  bool data_loc = false;
};

struct IntegerSpec {
  int bytes;
  bool is_signed;
};

// C integer type names (and common kernel typedefs) found in format files. Their declared
// width wins over the field's `size:`: syscall records store every argument in 8 bytes, but
// `int dfd` is still an int. Names not listed fall back to `size:`/`signed:`.
const std::map<std::string, IntegerSpec, std::less<>>& known_integers() {
  static const std::map<std::string, IntegerSpec, std::less<>> table = {
      {"char", {1, true}}, {"signed char", {1, true}}, {"unsigned char", {1, false}},
      {"short", {2, true}}, {"short int", {2, true}}, {"signed short", {2, true}},
      {"unsigned short", {2, false}}, {"unsigned short int", {2, false}},
      {"int", {4, true}}, {"signed", {4, true}}, {"signed int", {4, true}},
      {"unsigned", {4, false}}, {"unsigned int", {4, false}}, {"uint", {4, false}},
      {"long", {8, true}}, {"long int", {8, true}}, {"signed long", {8, true}},
      {"unsigned long", {8, false}}, {"unsigned long int", {8, false}},
      {"long long", {8, true}}, {"long long int", {8, true}},
      {"unsigned long long", {8, false}}, {"unsigned long long int", {8, false}},
      {"s8", {1, true}}, {"u8", {1, false}}, {"__s8", {1, true}}, {"__u8", {1, false}},
      {"s16", {2, true}}, {"u16", {2, false}}, {"__s16", {2, true}}, {"__u16", {2, false}},
      {"s32", {4, true}}, {"u32", {4, false}}, {"__s32", {4, true}}, {"__u32", {4, false}},
      {"s64", {8, true}}, {"u64", {8, false}}, {"__s64", {8, true}}, {"__u64", {8, false}},
      {"int8_t", {1, true}}, {"uint8_t", {1, false}}, {"int16_t", {2, true}},
      {"uint16_t", {2, false}}, {"int32_t", {4, true}}, {"uint32_t", {4, false}},
      {"int64_t", {8, true}}, {"uint64_t", {8, false}},
      {"size_t", {8, false}}, {"ssize_t", {8, true}}, {"pid_t", {4, true}},
      {"tid_t", {4, true}}, {"uid_t", {4, false}}, {"gid_t", {4, false}},
      {"umode_t", {2, false}}, {"mode_t", {4, false}}, {"loff_t", {8, true}},
      {"off_t", {8, true}}, {"dev_t", {4, false}}, {"ino_t", {8, false}},
      {"sector_t", {8, false}}, {"gfp_t", {4, false}}, {"clockid_t", {4, true}},
      {"timer_t", {4, true}}, {"key_t", {4, true}}, {"key_serial_t", {4, true}},
      {"mqd_t", {4, true}}, {"qid_t", {4, false}}, {"time64_t", {8, true}},
      {"aio_context_t", {8, false}}, {"rwf_t", {4, true}}, {"fmode_t", {4, false}},
      {"dma_addr_t", {8, false}}, {"resource_size_t", {8, false}}, {"pgoff_t", {8, false}},
      {"blkcnt_t", {8, false}}, {"errseq_t", {4, false}}, {"vm_flags_t", {8, false}},
  };
  return table;
}

std::optional<RawField> parse_field_line(std::string_view line) {
  auto items = split(line, ';');
  if (items.size() < 4) return std::nullopt;
  RawField field;
  field.declaration = trim(std::string_view(items[0]).substr(6));  // after "field:"
  bool have_offset = false, have_size = false;
  for (size_t i = 1; i < items.size(); ++i) {
    std::string item = trim(items[i]);
    auto colon = item.find(':');
    if (colon == std::string::npos) continue;
    std::string key = item.substr(0, colon);
    auto value = parse_unsigned(trim(item.substr(colon + 1)));
    if (!value) continue;
    if (key == "offset") field.offset = static_cast<uint32_t>(*value), have_offset = true;
    if (key == "size") field.size = static_cast<uint32_t>(*value), have_size = true;
    if (key == "signed") field.is_signed = *value != 0;
  }
  if (!have_offset || !have_size || field.declaration.empty()) return std::nullopt;
  return field;
}

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Splits the type words into base words and pointer stars, dropping qualifiers.
void parse_type_words(std::string_view text, Declaration& decl) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && word != "const" && word != "volatile" && word != "__user")
      words.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (is_identifier_char(c)) {
      word += c;
      continue;
    }
    flush();
    if (c == '*') ++decl.stars;
  }
  flush();
  decl.base = join(words, " ");
}

Declaration parse_declaration(std::string_view text) {
  Declaration decl;
  std::string rest = trim(text);
  if (starts_with(rest, "__data_loc ")) {
    decl.data_loc = true;
    rest = trim(std::string_view(rest).substr(11));
  }
  if (!rest.empty() && rest.back() == ']') {
    auto open = rest.rfind('[');
    decl.is_array = true;
    decl.dim = trim(std::string_view(rest).substr(open + 1, rest.size() - open - 2));
    rest = trim(std::string_view(rest).substr(0, open));
  }
  size_t end = rest.size();
  size_t begin = end;
  while (begin > 0 && is_identifier_char(rest[begin - 1])) --begin;
  decl.name = rest.substr(begin);
  std::string type_text = rest.substr(0, begin);
  // "__data_loc char[] name": the brackets belong to the type.
  if (decl.data_loc) {
    auto bracket = type_text.find('[');
    if (bracket != std::string::npos) type_text.resize(bracket);
  }
  parse_type_words(type_text, decl);
  return decl;
}

std::optional<IntegerSpec> known_integer(const std::string& base) {
  const auto& table = known_integers();
  auto it = table.find(base);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

Type opaque_struct(const std::string& base, uint32_t size) {
  auto def = std::make_shared<StructDef>();
  bool is_union = starts_with(base, "union ");
  def->name = base.substr(is_union ? 6 : 7);
  def->is_union = is_union;
  def->size = size;
  return Type::structure(std::move(def));
}

bool is_struct_name(const std::string& base) {
  return starts_with(base, "struct ") || starts_with(base, "union ");
}

// Integer of `size` bytes, or bytes when the size is not an integer width.
Type integer_by_size(uint32_t size, bool is_signed) {
  if (size == 1 || size == 2 || size == 4 || size == 8)
    return Type::integer(static_cast<int>(size), is_signed);
  return Type::array(Type::integer(1, false), size);
}

// What a pointer of this declaration points to; unknown typedefs read as void.
Type pointee_type(const Declaration& decl) {
  if (auto spec = known_integer(decl.base)) return Type::integer(spec->bytes, spec->is_signed);
  if (decl.base == "bool" || decl.base == "_Bool") return Type::boolean();
  if (is_struct_name(decl.base)) return opaque_struct(decl.base, 0);
  if (starts_with(decl.base, "enum ")) return Type::integer(4, true);
  return Type::none();
}

// A value (not pointer, not array) of `size` bytes declared with `decl.base`.
Type value_type(const Declaration& decl, uint32_t size, bool is_signed) {
  if (auto spec = known_integer(decl.base); spec && static_cast<uint32_t>(spec->bytes) <= size)
    return Type::integer(spec->bytes, spec->is_signed);
  if ((decl.base == "bool" || decl.base == "_Bool") && size == 1) return Type::boolean();
  if (is_struct_name(decl.base)) return opaque_struct(decl.base, size);
  return integer_by_size(size, is_signed);
}

Type pointer_type(const Declaration& decl, AddrSpace space) {
  Type type = pointee_type(decl);
  for (int i = 0; i < decl.stars; ++i) type = Type::pointer(std::move(type), space);
  return type;
}

// Element type of an array field; `element_size` is 0 when unknown (flexible or data_loc).
Type element_type(const Declaration& decl, uint32_t element_size, bool is_signed,
                  AddrSpace space) {
  if (decl.stars > 0) return pointer_type(decl, space);
  if (element_size == 0) {
    Type pointee = pointee_type(decl);
    return pointee.is_none() ? Type::integer(1, false) : pointee;
  }
  return value_type(decl, element_size, is_signed);
}

Type array_type(const Declaration& decl, const RawField& raw, AddrSpace space) {
  bool is_char = decl.stars == 0 && decl.base == "char";
  auto dim = parse_unsigned(decl.dim);
  uint32_t count = dim ? static_cast<uint32_t>(*dim) : 0;
  if (decl.data_loc) count = 0;
  if (is_char) return Type::string(decl.data_loc ? 0 : (dim ? count : raw.size));
  Type probe = element_type(decl, 0, raw.is_signed, space);
  if (!dim && !decl.data_loc && probe.size() > 0) count = raw.size / probe.size();
  uint32_t element_size = count > 0 ? raw.size / count : 0;
  return Type::array(element_type(decl, element_size, raw.is_signed, space), count);
}

Type field_type(const Declaration& decl, const RawField& raw, AddrSpace space) {
  if (decl.is_array || decl.data_loc) return array_type(decl, raw, space);
  if (decl.stars > 0) return pointer_type(decl, space);
  return value_type(decl, raw.size, raw.is_signed);
}

}  // namespace

Result<TracepointFormat> parse_tracepoint_format(std::string_view text,
                                                 const TracepointFormatOptions& options) {
  TracepointFormat format;
  auto def = std::make_shared<StructDef>();
  def->name = options.struct_name;
  uint32_t record_end = 0;
  for (const auto& raw_line : split(text, '\n')) {
    std::string line = trim(raw_line);
    if (starts_with(line, "ID:")) {
      format.id = parse_unsigned(trim(std::string_view(line).substr(3))).value_or(0);
      continue;
    }
    if (!starts_with(line, "field:")) continue;
    auto raw = parse_field_line(line);
    if (!raw) return Error{"malformed field in tracepoint format: '" + line + "'"};
    record_end = std::max(record_end, raw->offset + raw->size);
    Declaration decl = parse_declaration(raw->declaration);
    if (decl.name.empty()) return Error{"malformed field in tracepoint format: '" + line + "'"};
    if (starts_with(decl.name, "common_")) continue;
    Field field;
    field.name = decl.name;
    field.type = std::make_shared<Type>(field_type(decl, *raw, options.pointer_space));
    field.offset = raw->offset;
    field.data_loc = decl.data_loc;
    def->align = std::max(def->align, field.type->align());
    def->fields_.push_back(std::move(field));
    format.declarations.push_back(raw->declaration);
  }
  def->size = (record_end + def->align - 1) / def->align * def->align;
  format.args = Type::structure(std::move(def));
  return format;
}

TracepointFormatOptions tracepoint_format_options(const std::string& category,
                                                  const std::string& event) {
  TracepointFormatOptions options;
  options.struct_name = "_tracepoint_" + category + "_" + event;
  // Syscall records hold the raw user-supplied arguments.
  options.pointer_space = category == "syscalls" ? AddrSpace::User : AddrSpace::Kernel;
  return options;
}

}  // namespace sonde
