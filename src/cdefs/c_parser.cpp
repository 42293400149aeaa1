#include "cdefs/c_parser.h"

#include <algorithm>
#include <set>

namespace sonde::cdefs {

namespace {

// Sizes are 32-bit in sonde's types; anything near that is a mistake in a tracing script.
constexpr int64_t kMaxObjectSize = 1 << 30;

const std::set<std::string>& qualifiers() {
  static const std::set<std::string> words = {
      "const",   "volatile", "restrict", "__restrict", "__restrict__", "static",  "extern",
      "inline",  "__inline", "register", "__user",     "__rcu",        "__percpu", "__iomem",
      "__kernel", "__force", "__must_check", "__aligned_largest", "__randomize_layout",
      "__packed"};
  return words;
}

bool is_base_word(const std::string& w) {
  static const std::set<std::string> words = {"signed", "unsigned", "short", "long", "int",
                                              "char",   "_Bool",    "bool",  "float", "double",
                                              "void",   "__int128"};
  return words.count(w) > 0;
}

// The type of a run of base words ("unsigned long int").
std::optional<Type> base_words_type(const std::vector<std::string>& words) {
  int longs = 0;
  bool is_unsigned = false, has_char = false, has_short = false, has_void = false;
  bool has_bool = false, has_int128 = false, has_float = false, has_double = false;
  for (const auto& w : words) {
    if (w == "long") ++longs;
    else if (w == "unsigned") is_unsigned = true;
    else if (w == "char") has_char = true;
    else if (w == "short") has_short = true;
    else if (w == "void") has_void = true;
    else if (w == "_Bool" || w == "bool") has_bool = true;
    else if (w == "__int128") has_int128 = true;
    else if (w == "float") has_float = true;
    else if (w == "double") has_double = true;
  }
  if (has_void) return Type::none();
  if (has_bool) return Type::boolean();
  if (has_int128) return Type::array(Type::integer(1, false), 16);
  if (has_float) return Type::integer(4, true);
  if (has_double) return Type::integer(8, true);
  if (has_char) return Type::integer(1, !is_unsigned);
  if (has_short) return Type::integer(2, !is_unsigned);
  if (longs > 0) return Type::integer(8, !is_unsigned);
  return Type::integer(4, !is_unsigned);
}

// One-byte signed integer arrays hold text (spec/language.md §4: char[N] -> string).
Type make_array(const Type& element, uint32_t count, bool element_is_char) {
  if (element_is_char) return Type::string(count);
  return Type::array(element, count);
}

struct Declarator {
  std::string name;
  Type type;
  std::optional<uint32_t> bit_width;
  int line = 1, column = 1;
};

class Parser {
 public:
  Parser(const std::string& text, ScriptTypeTable& table, const CParserHooks& hooks)
      : tokens_(tokenize_c(text)), table_(table), hooks_(hooks) {}

  std::optional<CParseError> run() {
    skip_attributes();
    if (!at_any({"struct", "union", "enum"})) return fail("expected struct, union or enum");
    auto type = type_specifier();
    if (error_) return error_;
    (void)type;
    skip_attributes();
    accept(";");
    skip_attributes();
    if (!at_end()) return fail("expected ';' after definition");
    return error_;
  }

 private:
  // ---- tokens ----
  const CToken& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool at_end() const { return peek().kind == CToken::Kind::End; }
  bool at(std::string_view s) const { return peek().is(s); }
  bool at_any(std::initializer_list<std::string_view> words) const {
    return std::any_of(words.begin(), words.end(), [&](auto w) { return at(w); });
  }
  bool accept(std::string_view s) {
    if (!at(s)) return false;
    ++pos_;
    return true;
  }
  std::optional<CParseError> fail(const std::string& message) {
    if (!error_) error_ = CParseError{peek().line, peek().column, message};
    return error_;
  }
  bool expect(std::string_view s) {
    if (accept(s)) return true;
    fail("expected '" + std::string(s) + "'");
    return false;
  }
  void skip_balanced(std::string_view open, std::string_view close) {
    int level = 0;
    do {
      if (at(open)) ++level;
      else if (at(close)) --level;
      ++pos_;
    } while (level > 0 && !at_end());
  }
  // __attribute__((...)), plus whether it asked for packing.
  bool skip_attributes() {
    bool packed = false;
    while (at("__attribute__") || at("__attribute") || at("__aligned") || at("__packed")) {
      if (at("__packed")) {
        packed = true;
        ++pos_;
        continue;
      }
      ++pos_;
      size_t begin = pos_;
      if (at("(")) skip_balanced("(", ")");
      for (size_t i = begin; i < pos_; ++i)
        if (tokens_[i].text == "packed" || tokens_[i].text == "__packed__") packed = true;
    }
    return packed;
  }
  void skip_qualifiers() {
    for (;;) {
      if (peek().kind == CToken::Kind::Identifier && qualifiers().count(peek().text)) {
        ++pos_;
        continue;
      }
      if (at("__attribute__") || at("__attribute") || at("__aligned")) {
        skip_attributes();
        continue;
      }
      return;
    }
  }

  std::optional<int64_t> constant_expression(std::initializer_list<std::string_view> stops) {
    size_t begin = pos_;
    int depth = 0;
    while (!at_end()) {
      if (depth == 0 && std::any_of(stops.begin(), stops.end(), [&](auto s) { return at(s); }))
        break;
      if (at("(") || at("[")) ++depth;
      if (at(")") || at("]")) --depth;
      ++pos_;
    }
    ConstEvalOptions options;
    options.identifier = [this](const std::string& name) -> std::optional<int64_t> {
      if (auto it = table_.enumerators.find(name); it != table_.enumerators.end())
        return it->second.first;
      return hooks_.constant ? hooks_.constant(name) : std::nullopt;
    };
    return evaluate_c_expression(tokens_, begin, pos_, options);
  }

  // ---- types ----
  std::optional<Type> type_specifier() {
    skip_qualifiers();
    if (at("struct") || at("union")) return record_specifier();
    if (at("enum")) return enum_specifier();
    std::vector<std::string> words;
    while (peek().kind == CToken::Kind::Identifier && is_base_word(peek().text)) {
      words.push_back(peek().text);
      ++pos_;
      skip_qualifiers();
    }
    if (!words.empty()) return base_words_type(words);
    if (peek().kind != CToken::Kind::Identifier) {
      fail("expected a type");
      return std::nullopt;
    }
    const CToken& name = peek();
    auto type = external(name.text);
    if (!type) {
      fail("unknown type name '" + name.text + "'");
      return std::nullopt;
    }
    ++pos_;
    skip_qualifiers();
    return type;
  }

  std::optional<Type> external(const std::string& c_name) {
    if (hooks_.external_type)
      if (auto t = hooks_.external_type(c_name)) return t;
    return builtin_c_type(c_name);
  }

  // A struct/union by name: the script's, else external, else an incomplete placeholder that a
  // later definition fills (so pointers to it work).
  std::shared_ptr<StructDef> named_record(const std::string& key, bool is_union, bool defining) {
    if (auto it = table_.structs.find(key); it != table_.structs.end()) return it->second;
    if (!defining) {
      if (auto t = external(key); t && t->struct_def()) return t->struct_def();
    }
    auto def = std::make_shared<StructDef>();
    def->name = key.substr(key.find(' ') + 1);
    def->is_union = is_union;
    table_.structs[key] = def;
    table_.complete[key] = false;
    return def;
  }

  std::optional<Type> record_specifier() {
    bool is_union = at("union");
    ++pos_;
    bool packed = skip_attributes();
    std::string name;
    if (peek().kind == CToken::Kind::Identifier) {
      name = peek().text;
      ++pos_;
    }
    std::string key = std::string(is_union ? "union " : "struct ") + name;
    if (!at("{")) {
      if (name.empty()) {
        fail("expected a struct name or '{'");
        return std::nullopt;
      }
      return Type::structure(named_record(key, is_union, false));
    }
    std::shared_ptr<StructDef> def;
    if (name.empty()) {
      def = std::make_shared<StructDef>();
      def->is_union = is_union;
    } else {
      def = named_record(key, is_union, true);
      if (table_.complete[key]) {
        fail("redefinition of '" + name + "'");
        return std::nullopt;
      }
    }
    std::vector<PendingField> members;
    if (!record_body(members)) return std::nullopt;
    packed = skip_attributes() || packed;
    if (!lay_out(*def, members, packed)) {
      fail("'" + key + "' is too large");
      return std::nullopt;
    }
    if (!name.empty()) table_.complete[key] = true;
    return Type::structure(def);
  }

  struct PendingField {
    Field field;
    bool anonymous_record = false;  // `struct { ... };` member: its fields are lifted
    bool realign = false;           // `int : 0;` starts a new storage unit
  };

  bool record_body(std::vector<PendingField>& members) {
    expect("{");
    pending_.emplace_back();
    while (!error_ && !at("}") && !at_end()) member_declaration();
    expect("}");
    members = std::move(pending_.back());
    pending_.pop_back();
    return !error_;
  }

  void member_declaration() {
    skip_qualifiers();
    auto base = type_specifier();
    if (!base) return;
    if (accept(";")) {  // anonymous struct/union member, or a bare declaration
      if (base->struct_def() && base->struct_def()->name.empty()) {
        Field f;
        f.type = std::make_shared<Type>(*base);
        pending_.back().push_back({f, true, false});
      }
      return;
    }
    do {
      auto d = declarator(*base);
      if (!d) return;
      if (d->type.is(TypeKind::Struct) && incomplete(d->type)) {
        error_ = CParseError{d->line, d->column,
                             "field has incomplete type '" + d->type.to_string() + "'"};
        return;
      }
      Field f;
      f.name = d->name;
      f.type = std::make_shared<Type>(d->type);
      f.bit_width = d->bit_width.value_or(0);
      pending_.back().push_back({f, false, d->bit_width && *d->bit_width == 0});
    } while (accept(","));
    skip_attributes();
    expect(";");
  }

  bool incomplete(const Type& t) {
    std::string key = t.to_string();
    auto it = table_.complete.find(key);
    return it != table_.complete.end() && !it->second;
  }

  std::optional<Declarator> declarator(const Type& base) {
    Declarator d;
    d.type = base;
    d.line = peek().line;
    d.column = peek().column;
    int stars = 0;
    for (;;) {
      skip_qualifiers();
      if (!accept("*")) break;
      ++stars;
    }
    bool function_pointer = false;
    if (at("(") && peek(1).is("*")) {  // (*name)(params): a function pointer
      pos_ += 2;
      while (accept("*")) {
      }
      skip_qualifiers();
      if (peek().kind == CToken::Kind::Identifier) d.name = peek().text, ++pos_;
      if (!expect(")")) return std::nullopt;
      if (at("(")) skip_balanced("(", ")");
      function_pointer = true;
    } else if (peek().kind == CToken::Kind::Identifier) {
      d.name = peek().text;
      ++pos_;
    }
    std::vector<uint32_t> dims;
    while (accept("[")) {
      if (accept("]")) {
        dims.push_back(0);
        continue;
      }
      auto n = constant_expression({"]"});
      if (!n || *n < 0) {
        fail("array size is not an integer constant");
        return std::nullopt;
      }
      if (*n > kMaxObjectSize) {
        fail("array is too large");
        return std::nullopt;
      }
      dims.push_back(static_cast<uint32_t>(*n));
      if (!expect("]")) return std::nullopt;
    }
    skip_attributes();
    if (accept(":")) {
      auto width = constant_expression({",", ";"});
      if (!width || *width < 0 || *width > 64) {
        fail("invalid bit-field width");
        return std::nullopt;
      }
      d.bit_width = static_cast<uint32_t>(*width);
    }
    Type t = base;
    if (function_pointer) {
      t = Type::pointer(Type::none());
    } else {
      for (int i = 0; i < stars; ++i) t = Type::pointer(t);
    }
    uint64_t total = t.size();
    for (uint32_t dim : dims) total *= std::max<uint32_t>(dim, 1);
    if (total > static_cast<uint64_t>(kMaxObjectSize)) {
      fail("array is too large");
      return std::nullopt;
    }
    bool is_char = stars == 0 && !function_pointer && base.is_integer() && base.size() == 1 &&
                   base.is_signed() && !base.is_enum();
    for (auto it = dims.rbegin(); it != dims.rend(); ++it) {
      t = make_array(t, *it, is_char);
      is_char = false;
    }
    d.type = t;
    return d;
  }

  std::optional<Type> enum_specifier() {
    ++pos_;
    skip_attributes();
    std::string name;
    if (peek().kind == CToken::Kind::Identifier) {
      name = peek().text;
      ++pos_;
    }
    if (!at("{")) {
      if (auto it = table_.enums.find(name); it != table_.enums.end()) return it->second.type;
      if (auto t = external("enum " + name)) return t;
      return Type::enumeration(name, 4, false);  // incomplete enum: still an int
    }
    ++pos_;
    ScriptEnum e;
    int64_t next = 0;
    while (!error_ && !at("}") && !at_end()) {
      if (peek().kind != CToken::Kind::Identifier) {
        fail("expected an enumerator name");
        return std::nullopt;
      }
      std::string enumerator = peek().text;
      ++pos_;
      if (accept("=")) {
        auto v = constant_expression({",", "}"});
        if (!v) {
          fail("enumerator value is not an integer constant");
          return std::nullopt;
        }
        next = *v;
      }
      e.values.emplace_back(enumerator, next);
      // Visible to later enumerators of the same enum.
      table_.enumerators[enumerator] = {next, Type::int64()};
      ++next;
      if (!accept(",")) break;
    }
    if (!expect("}")) return std::nullopt;
    bool negative = std::any_of(e.values.begin(), e.values.end(),
                                [](const auto& v) { return v.second < 0; });
    bool wide = std::any_of(e.values.begin(), e.values.end(), [](const auto& v) {
      return v.second > static_cast<int64_t>(UINT32_MAX) || v.second < INT32_MIN;
    });
    int bytes = wide ? 8 : 4;
    e.type = name.empty() ? Type::integer(bytes, negative)
                          : Type::enumeration(name, bytes, negative);
    for (const auto& [n, v] : e.values) table_.enumerators[n] = {v, e.type};
    if (!name.empty()) table_.enums[name] = e;
    return e.type;
  }

  // ---- layout (gcc, x86_64) ----
  // False when the struct would not fit sonde's 32-bit sizes.
  static bool lay_out(StructDef& def, const std::vector<PendingField>& members, bool packed) {
    uint64_t bit = 0, size_bits = 0;
    uint32_t align = 1;
    for (const auto& member : members) {
      Field f = member.field;
      uint32_t a = packed ? 1 : std::max<uint32_t>(1, f.type->align());
      uint32_t unit_bits = std::max<uint32_t>(8, f.type->size() * 8);
      if (def.is_union) bit = 0;
      if (member.realign) {
        bit = (bit + unit_bits - 1) / unit_bits * unit_bits;
        continue;
      }
      if (f.bit_width > 0) {
        // A bitfield never straddles a storage unit of its type (unless packed).
        if (!packed && bit / unit_bits != (bit + f.bit_width - 1) / unit_bits)
          bit = (bit + unit_bits - 1) / unit_bits * unit_bits;
        f.offset = static_cast<uint32_t>(bit / 8);
        f.bit_offset = static_cast<uint32_t>(bit % 8);
        bit += f.bit_width;
      } else {
        bit = (bit + a * 8 - 1) / (a * 8) * (a * 8);
        f.offset = static_cast<uint32_t>(bit / 8);
        bit += static_cast<uint64_t>(f.type->size()) * 8;
      }
      if (!f.name.empty() || member.anonymous_record) align = std::max(align, a);
      size_bits = std::max(size_bits, bit);
      if (member.anonymous_record) {
        for (const auto& inner : f.type->fields()) {
          Field lifted = inner;
          lifted.offset += f.offset;
          def.fields_.push_back(lifted);
        }
      } else if (!f.name.empty()) {
        def.fields_.push_back(f);
      }
    }
    uint64_t bytes = (size_bits + 7) / 8;
    if (bytes > kMaxObjectSize) return false;
    def.align = align;
    def.size = static_cast<uint32_t>((bytes + align - 1) / align * align);
    def.loaded = true;
    return true;
  }

  std::vector<CToken> tokens_;
  size_t pos_ = 0;
  ScriptTypeTable& table_;
  const CParserHooks& hooks_;
  std::optional<CParseError> error_;
  std::vector<std::vector<PendingField>> pending_;  // members collected per nesting level
};

}  // namespace

std::optional<Type> builtin_c_type(const std::string& c_name) {
  static const std::map<std::string, Type> kTypedefs = {
      {"u8", Type::integer(1, false)},       {"u16", Type::integer(2, false)},
      {"u32", Type::integer(4, false)},      {"u64", Type::integer(8, false)},
      {"s8", Type::integer(1, true)},        {"s16", Type::integer(2, true)},
      {"s32", Type::integer(4, true)},       {"s64", Type::integer(8, true)},
      {"__u8", Type::integer(1, false)},     {"__u16", Type::integer(2, false)},
      {"__u32", Type::integer(4, false)},    {"__u64", Type::integer(8, false)},
      {"__s8", Type::integer(1, true)},      {"__s16", Type::integer(2, true)},
      {"__s32", Type::integer(4, true)},     {"__s64", Type::integer(8, true)},
      {"uint8_t", Type::integer(1, false)},  {"uint16_t", Type::integer(2, false)},
      {"uint32_t", Type::integer(4, false)}, {"uint64_t", Type::integer(8, false)},
      {"int8_t", Type::integer(1, true)},    {"int16_t", Type::integer(2, true)},
      {"int32_t", Type::integer(4, true)},   {"int64_t", Type::integer(8, true)},
      {"size_t", Type::integer(8, false)},   {"ssize_t", Type::integer(8, true)},
      {"pid_t", Type::integer(4, true)},     {"uid_t", Type::integer(4, false)},
      {"gid_t", Type::integer(4, false)},    {"loff_t", Type::integer(8, true)},
      {"off_t", Type::integer(8, true)},     {"bool", Type::boolean()},
      {"uintptr_t", Type::integer(8, false)}, {"intptr_t", Type::integer(8, true)},
      {"__be16", Type::integer(2, false)},   {"__be32", Type::integer(4, false)},
      {"__le16", Type::integer(2, false)},   {"__le32", Type::integer(4, false)},
      {"__be64", Type::integer(8, false)},   {"__le64", Type::integer(8, false)},
      {"dev_t", Type::integer(4, false)},    {"umode_t", Type::integer(2, false)},
      {"sector_t", Type::integer(8, false)}, {"gfp_t", Type::integer(4, false)},
  };
  if (auto it = kTypedefs.find(c_name); it != kTypedefs.end()) return it->second;
  // Base type spellings: every word must be a base word.
  std::vector<std::string> words;
  size_t start = 0;
  while (start < c_name.size()) {
    size_t end = c_name.find(' ', start);
    if (end == std::string::npos) end = c_name.size();
    if (end > start) words.push_back(c_name.substr(start, end - start));
    start = end + 1;
  }
  if (words.empty()) return std::nullopt;
  for (const auto& w : words)
    if (!is_base_word(w)) return std::nullopt;
  return base_words_type(words);
}

std::optional<CParseError> parse_c_definition(const std::string& text, ScriptTypeTable& table,
                                              const CParserHooks& hooks) {
  return Parser(text, table, hooks).run();
}

}  // namespace sonde::cdefs
