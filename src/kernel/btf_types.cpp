#include "kernel/btf_types.h"

#include <bpf/btf.h>

#include "kernel/kernel.h"

namespace sonde {

namespace {

// C spellings of base types that BTF names differently (gcc's spelling).
const std::map<std::string, std::string, std::less<>>& base_type_aliases() {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"unsigned", "unsigned int"},
      {"signed", "int"},
      {"signed int", "int"},
      {"short", "short int"},
      {"signed short", "short int"},
      {"unsigned short", "short unsigned int"},
      {"unsigned short int", "short unsigned int"},
      {"long", "long int"},
      {"signed long", "long int"},
      {"unsigned long", "long unsigned int"},
      {"unsigned long int", "long unsigned int"},
      {"long long", "long long int"},
      {"unsigned long long", "long long unsigned int"},
      {"unsigned long long int", "long long unsigned int"},
      {"bool", "_Bool"},
  };
  return table;
}

bool is_struct_like(const struct btf_type* t) { return btf_is_struct(t) || btf_is_union(t); }

}  // namespace

BtfTypes::BtfTypes(Kernel& kernel) : kernel_(&kernel) {}

BtfTypes::BtfTypes(const struct btf* btf) : btf_(btf), tried_(true) {}

BtfTypes::~BtfTypes() {
  for (auto& def : structs_) {
    def->loader = nullptr;
    def->loaded = true;
    def->fields_.clear();
  }
}

const struct btf* BtfTypes::btf() {
  if (!tried_) {
    tried_ = true;
    if (kernel_) {
      auto loaded = kernel_->btf();
      if (loaded.ok()) btf_ = *loaded;
    }
  }
  return btf_;
}

bool BtfTypes::available() { return btf() != nullptr; }

std::string BtfTypes::name_of(const struct btf_type* t) {
  const char* name = btf__name_by_offset(btf_, t->name_off);
  return name ? name : "";
}

uint32_t BtfTypes::find_id(const std::string& name, int kind) {
  if (!btf() || name.empty()) return 0;
  int id = btf__find_by_name_kind(btf_, name.c_str(), static_cast<uint32_t>(kind));
  return id > 0 ? static_cast<uint32_t>(id) : 0;
}

// Looks through typedefs and qualifiers.
uint32_t BtfTypes::skip_modifiers(uint32_t id) {
  for (int depth = 0; depth < 64 && id != 0; ++depth) {
    const struct btf_type* t = btf__type_by_id(btf_, id);
    if (!t) return 0;
    if (!(btf_is_typedef(t) || btf_is_mod(t) || btf_is_type_tag(t) || btf_is_decl_tag(t)))
      return id;
    id = t->type;
  }
  return id;
}

// A forward declaration names a struct or union that may be complete elsewhere.
uint32_t BtfTypes::complete_struct_id(uint32_t fwd_id) {
  const struct btf_type* t = btf__type_by_id(btf_, fwd_id);
  int kind = btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
  uint32_t id = find_id(name_of(t), kind);
  return id ? id : fwd_id;
}

std::optional<Type> BtfTypes::type_by_id(uint32_t id) {
  if (!btf() || !btf__type_by_id(btf_, id)) return std::nullopt;
  return convert(id);
}

std::optional<Type> BtfTypes::type_by_name(const std::string& c_name) {
  if (auto it = by_name_.find(c_name); it != by_name_.end()) return it->second;
  std::optional<Type> result;
  if (btf()) {
    auto starts = [&](std::string_view prefix) { return c_name.rfind(prefix, 0) == 0; };
    uint32_t id = 0;
    if (starts("struct ")) {
      id = find_id(c_name.substr(7), BTF_KIND_STRUCT);
    } else if (starts("union ")) {
      id = find_id(c_name.substr(6), BTF_KIND_UNION);
    } else if (starts("enum ")) {
      id = find_id(c_name.substr(5), BTF_KIND_ENUM);
      if (!id) id = find_id(c_name.substr(5), BTF_KIND_ENUM64);
    } else {
      id = find_id(c_name, BTF_KIND_TYPEDEF);
      if (!id) {
        auto alias = base_type_aliases().find(c_name);
        id = find_id(alias == base_type_aliases().end() ? c_name : alias->second, BTF_KIND_INT);
      }
    }
    if (id) result = convert(id);
  }
  by_name_.emplace(c_name, result);
  return result;
}

bool BtfTypes::is_type_name(std::string_view name) {
  std::string text(name);
  if (!btf()) return false;
  if (find_id(text, BTF_KIND_TYPEDEF)) return true;
  auto alias = base_type_aliases().find(text);
  return find_id(alias == base_type_aliases().end() ? text : alias->second, BTF_KIND_INT) != 0;
}

Type BtfTypes::convert(uint32_t id) {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  id = skip_modifiers(id);
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  const struct btf_type* t = id ? btf__type_by_id(btf_, id) : nullptr;
  if (!t) return Type::none();  // void
  Type result;
  if (btf_is_int(t)) {
    result = convert_int(t);
  } else if (btf_is_ptr(t)) {
    uint32_t target = skip_modifiers(t->type);
    const struct btf_type* pointee = target ? btf__type_by_id(btf_, target) : nullptr;
    // Function pointers and void * point to nothing sonde can read as a value.
    bool opaque = !pointee || btf_is_func_proto(pointee) || btf_is_func(pointee);
    result = Type::pointer(opaque ? Type::none() : convert(target));
  } else if (btf_is_array(t)) {
    result = convert_array(t);
  } else if (is_struct_like(t)) {
    return convert_struct(id, t);  // caches itself before its members can refer back
  } else if (btf_is_fwd(t)) {
    uint32_t complete = complete_struct_id(id);
    if (complete != id) return convert(complete);
    auto def = std::make_shared<StructDef>();
    def->name = name_of(t);
    def->is_union = btf_kflag(t);
    structs_.push_back(def);
    result = Type::structure(std::move(def));
  } else if (btf_is_any_enum(t)) {
    result = convert_enum(t);
  } else if (btf_is_float(t) && (t->size == 4 || t->size == 8)) {
    result = Type::integer(static_cast<int>(t->size), true);
  } else {
    result = Type::none();  // func, func_proto, var, datasec: not value types
  }
  by_id_.emplace(id, result);
  return result;
}

Type BtfTypes::convert_int(const struct btf_type* t) {
  uint8_t encoding = btf_int_encoding(t);
  if (encoding & BTF_INT_BOOL) return Type::boolean();
  std::string name = name_of(t);
  // `char` is signed on x86_64 although BTF records no encoding for it.
  bool is_signed = (encoding & BTF_INT_SIGNED) || name == "char";
  if (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8)
    return Type::integer(static_cast<int>(t->size), is_signed);
  return Type::array(Type::integer(1, false), t->size);  // __int128
}

Type BtfTypes::convert_array(const struct btf_type* t) {
  const struct btf_array* a = btf_array(t);
  uint32_t elem_id = skip_modifiers(a->type);
  const struct btf_type* elem = elem_id ? btf__type_by_id(btf_, elem_id) : nullptr;
  if (elem && btf_is_int(elem) && elem->size == 1 && !(btf_int_encoding(elem) & BTF_INT_BOOL)) {
    std::string name = name_of(elem);
    if ((btf_int_encoding(elem) & BTF_INT_SIGNED) || name == "char")
      return Type::string(a->nelems);
  }
  Type element = convert(a->type);
  if (element.is_none()) element = Type::integer(1, false);
  return Type::array(std::move(element), a->nelems);
}

Type BtfTypes::convert_struct(uint32_t id, const struct btf_type* t) {
  auto def = std::make_shared<StructDef>();
  def->name = name_of(t);
  def->is_union = btf_is_union(t);
  def->size = t->size;
  int align = btf__align_of(btf_, id);
  def->align = align > 0 ? static_cast<uint32_t>(align) : 1;
  def->loaded = false;
  def->loader = [this, id](StructDef& d) { load_members(d, id); };
  structs_.push_back(def);
  Type result = Type::structure(std::move(def));
  by_id_.emplace(id, result);
  return result;
}

void BtfTypes::load_members(StructDef& def, uint32_t id) { add_members(def.fields_, id, 0); }

// Appends the members of struct/union `id`, whose start is `base_bits` into the outermost
// struct; anonymous struct/union members are flattened.
void BtfTypes::add_members(std::vector<Field>& out, uint32_t id, uint32_t base_bits) {
  const struct btf_type* t = btf__type_by_id(btf_, id);
  const struct btf_member* m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i, ++m) {
    uint32_t bits = base_bits + btf_member_bit_offset(t, i);
    uint32_t width = btf_member_bitfield_size(t, i);
    const char* raw_name = btf__name_by_offset(btf_, m->name_off);
    std::string name = raw_name ? raw_name : "";
    uint32_t member_id = skip_modifiers(m->type);
    const struct btf_type* mt = member_id ? btf__type_by_id(btf_, member_id) : nullptr;
    if (name.empty()) {
      if (mt && is_struct_like(mt)) add_members(out, member_id, bits);
      continue;
    }
    Field field;
    field.name = std::move(name);
    field.type = std::make_shared<Type>(convert(m->type));
    if (width > 0) {
      field.offset = bits / 8;
      field.bit_offset = bits % 8;
      field.bit_width = width;
    } else {
      field.offset = bits / 8;
    }
    out.push_back(std::move(field));
  }
}

Type BtfTypes::convert_enum(const struct btf_type* t) {
  bool is_signed = btf_kflag(t);  // BTF_KIND_ENUM(64) kflag: signed values
  int bytes = t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8
                  ? static_cast<int>(t->size)
                  : 4;
  std::string name = name_of(t);
  if (name.empty()) return Type::integer(bytes, is_signed);
  return Type::enumeration(name, bytes, is_signed);
}

std::optional<FunctionProto> BtfTypes::function(const std::string& name) {
  uint32_t id = find_id(name, BTF_KIND_FUNC);
  if (!id) return std::nullopt;
  return function_proto_by_id(id);
}

std::optional<FunctionProto> BtfTypes::function_proto_by_id(uint32_t id) {
  if (!btf()) return std::nullopt;
  const struct btf_type* t = nullptr;
  for (int depth = 0; depth < 8; ++depth) {
    id = skip_modifiers(id);
    t = id ? btf__type_by_id(btf_, id) : nullptr;
    if (!t) return std::nullopt;
    if (btf_is_func(t) || btf_is_ptr(t)) {
      id = t->type;
      continue;
    }
    break;
  }
  if (!t || !btf_is_func_proto(t)) return std::nullopt;
  FunctionProto proto;
  proto.return_type = convert(t->type);
  const struct btf_param* p = btf_params(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i, ++p) {
    if (p->type == 0) {  // a trailing void parameter marks `...`
      proto.variadic = true;
      continue;
    }
    const char* name = btf__name_by_offset(btf_, p->name_off);
    proto.params.push_back({name ? name : "", convert(p->type)});
  }
  return proto;
}

std::optional<BtfEnumerator> BtfTypes::enumerator(const std::string& name) {
  if (!btf()) return std::nullopt;
  if (!enumerators_) {
    enumerators_.emplace();
    uint32_t count = btf__type_cnt(btf_);
    for (uint32_t id = 1; id < count; ++id) {
      const struct btf_type* t = btf__type_by_id(btf_, id);
      if (btf_is_enum(t)) {
        const struct btf_enum* e = btf_enum(t);
        for (uint16_t i = 0; i < btf_vlen(t); ++i, ++e) {
          int64_t value = btf_kflag(t) ? static_cast<int64_t>(e->val)
                                       : static_cast<int64_t>(static_cast<uint32_t>(e->val));
          enumerators_->emplace(btf__name_by_offset(btf_, e->name_off),
                                std::make_pair(id, value));
        }
      } else if (btf_is_enum64(t)) {
        const struct btf_enum64* e = btf_enum64(t);
        for (uint16_t i = 0; i < btf_vlen(t); ++i, ++e)
          enumerators_->emplace(btf__name_by_offset(btf_, e->name_off),
                                std::make_pair(id, static_cast<int64_t>(btf_enum64_value(e))));
      }
    }
  }
  auto it = enumerators_->find(name);
  if (it == enumerators_->end()) return std::nullopt;
  return BtfEnumerator{it->second.second, convert(it->second.first)};
}

std::string BtfTypes::enumerator_name(const std::string& enum_name, int64_t value) {
  uint32_t id = find_id(enum_name, BTF_KIND_ENUM);
  if (!id) id = find_id(enum_name, BTF_KIND_ENUM64);
  if (!id) return "";
  const struct btf_type* t = btf__type_by_id(btf_, id);
  if (btf_is_enum(t)) {
    const struct btf_enum* e = btf_enum(t);
    for (uint16_t i = 0; i < btf_vlen(t); ++i, ++e) {
      bool match = btf_kflag(t) ? e->val == static_cast<int32_t>(value)
                                : static_cast<uint32_t>(e->val) == static_cast<uint64_t>(value);
      if (match) return btf__name_by_offset(btf_, e->name_off);
    }
    return "";
  }
  const struct btf_enum64* e = btf_enum64(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i, ++e)
    if (static_cast<int64_t>(btf_enum64_value(e)) == value)
      return btf__name_by_offset(btf_, e->name_off);
  return "";
}

Type u64_args_struct(const FunctionProto& proto, const std::string& struct_name, size_t skip,
                     const std::string& retval_name) {
  auto def = std::make_shared<StructDef>();
  def->name = struct_name;
  uint32_t slot = 0;
  for (size_t i = skip; i < proto.params.size(); ++i, ++slot) {
    const auto& p = proto.params[i];
    Field f;
    f.name = p.name.empty() ? "arg" + std::to_string(slot) : p.name;
    f.type = std::make_shared<Type>(p.type.is_none() ? Type::uint64() : p.type);
    f.offset = slot * 8;
    def->fields_.push_back(std::move(f));
  }
  if (!retval_name.empty()) {
    Field f;
    f.name = retval_name;
    f.type = std::make_shared<Type>(proto.return_type.is_none() ? Type::uint64()
                                                                : proto.return_type);
    f.offset = slot * 8;
    def->fields_.push_back(std::move(f));
    ++slot;
  }
  def->size = slot * 8;
  def->align = 8;
  return Type::structure(std::move(def));
}

}  // namespace sonde
