#include "types/type.h"

#include <algorithm>
#include <cassert>

namespace sonde {

// Fixed layouts of the opaque types. Stacks are ids into a stack-trace map; user stacks and
// symbols carry the pid so user space can symbolize per process.
namespace {
constexpr uint32_t kKStackSize = 8;   // int64 stack id
constexpr uint32_t kUStackSize = 16;  // int64 stack id, uint32 pid, uint32 padding
constexpr uint32_t kUsymSize = 16;    // uint64 address, uint32 pid, uint32 padding
constexpr uint32_t kInetSize = 24;    // uint64 family, 16 address bytes
}  // namespace

const std::vector<Field>& StructDef::fields() const {
  if (!loaded && loader) {
    auto* self = const_cast<StructDef*>(this);
    self->loaded = true;
    auto load = std::move(self->loader);
    load(*self);
  }
  return fields_;
}

const Field* StructDef::find(const std::string& field_name) const {
  for (const auto& f : fields())
    if (f.name == field_name) return &f;
  return nullptr;
}

void layout_fields(StructDef& def) {
  uint32_t offset = 0, align = 1;
  for (auto& f : def.fields_) {
    uint32_t a = f.type->align();
    offset = (offset + a - 1) / a * a;
    f.offset = offset;
    offset += f.type->size();
    align = std::max(align, a);
  }
  def.align = align;
  def.size = (offset + align - 1) / align * align;
}

Type Type::integer(int bytes, bool is_signed) {
  assert(bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8);
  Type t;
  t.kind_ = TypeKind::Integer;
  t.size_ = bytes;
  t.signed_ = is_signed;
  return t;
}

Type Type::enumeration(std::string name, int bytes, bool is_signed) {
  Type t = integer(bytes, is_signed);
  t.name_ = std::move(name);
  return t;
}

Type Type::boolean() {
  Type t;
  t.kind_ = TypeKind::Bool;
  t.size_ = 1;
  return t;
}

Type Type::string(uint32_t capacity) {
  Type t;
  t.kind_ = TypeKind::String;
  t.size_ = capacity;
  return t;
}

Type Type::buffer(uint32_t capacity) {
  Type t;
  t.kind_ = TypeKind::Buffer;
  t.size_ = capacity;
  return t;
}

Type Type::pointer(Type pointee, AddrSpace space) {
  Type t;
  t.kind_ = TypeKind::Pointer;
  t.size_ = 8;
  t.space_ = space;
  t.elem_ = std::make_shared<const Type>(std::move(pointee));
  return t;
}

Type Type::array(Type element, uint32_t count) {
  Type t;
  t.kind_ = TypeKind::Array;
  t.size_ = count;
  t.elem_ = std::make_shared<const Type>(std::move(element));
  return t;
}

Type Type::tuple(std::vector<Type> elements) {
  auto def = std::make_shared<StructDef>();
  for (auto& e : elements) def->fields_.push_back(Field{"", std::make_shared<Type>(std::move(e))});
  layout_fields(*def);
  Type t;
  t.kind_ = TypeKind::Tuple;
  t.def_ = std::move(def);
  return t;
}

Type Type::record(std::vector<std::pair<std::string, Type>> fields) {
  auto def = std::make_shared<StructDef>();
  def->is_record = true;
  for (auto& [name, type] : fields)
    def->fields_.push_back(Field{name, std::make_shared<Type>(std::move(type))});
  layout_fields(*def);
  Type t;
  t.kind_ = TypeKind::Struct;
  t.def_ = std::move(def);
  return t;
}

Type Type::structure(std::shared_ptr<StructDef> def) {
  Type t;
  t.kind_ = TypeKind::Struct;
  t.name_ = def->name;
  t.def_ = std::move(def);
  return t;
}

Type Type::kstack(StackMode mode, uint32_t depth) {
  Type t;
  t.kind_ = TypeKind::KStack;
  t.stack_mode_ = mode;
  t.size_ = depth;
  return t;
}

Type Type::ustack(StackMode mode, uint32_t depth) {
  Type t = kstack(mode, depth);
  t.kind_ = TypeKind::UStack;
  return t;
}

#define SONDE_SIMPLE_TYPE(fn, K) \
  Type Type::fn() {              \
    Type t;                      \
    t.kind_ = TypeKind::K;       \
    return t;                    \
  }
SONDE_SIMPLE_TYPE(ksym, Ksym)
SONDE_SIMPLE_TYPE(usym, Usym)
SONDE_SIMPLE_TYPE(inet, Inet)
SONDE_SIMPLE_TYPE(username, Username)
SONDE_SIMPLE_TYPE(macaddr, Macaddr)
SONDE_SIMPLE_TYPE(cgroup_path, CgroupPath)
#undef SONDE_SIMPLE_TYPE

Type Type::timestamp(std::string format) {
  Type t;
  t.kind_ = TypeKind::Timestamp;
  t.name_ = std::move(format);
  return t;
}

Type Type::aggregation(TypeKind kind, bool is_signed) {
  assert(kind >= TypeKind::Count);
  Type t;
  t.kind_ = kind;
  t.signed_ = is_signed;
  return t;
}

Type Type::hist(int k) {
  Type t = aggregation(TypeKind::Hist);
  t.p0_ = k;
  return t;
}

Type Type::lhist(int64_t min, int64_t max, int64_t step) {
  Type t = aggregation(TypeKind::Lhist);
  t.p0_ = min;
  t.p1_ = max;
  t.p2_ = step;
  return t;
}

bool Type::is_scalar() const {
  return kind_ == TypeKind::Integer || kind_ == TypeKind::Bool || kind_ == TypeKind::Pointer;
}

bool Type::is_integer_like_aggregation() const {
  switch (kind_) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
    case TypeKind::Avg:
      return true;
    default:
      return false;
  }
}

uint32_t Type::size() const {
  switch (kind_) {
    case TypeKind::None: return 0;
    case TypeKind::Integer:
    case TypeKind::Bool:
    case TypeKind::String:
      return size_;
    case TypeKind::Buffer: return 4 + size_;
    case TypeKind::Pointer: return 8;
    case TypeKind::Array: return elem_->size() * size_;
    case TypeKind::Struct:
    case TypeKind::Tuple:
      return def_->size;
    case TypeKind::KStack: return kKStackSize;
    case TypeKind::UStack: return kUStackSize;
    case TypeKind::Ksym: return 8;
    case TypeKind::Usym: return kUsymSize;
    case TypeKind::Inet: return kInetSize;
    case TypeKind::Timestamp: return 8;
    case TypeKind::Username: return 8;
    case TypeKind::Macaddr: return 6;
    case TypeKind::CgroupPath: return 8;
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Hist:
    case TypeKind::Lhist:
      return 8;
    case TypeKind::Min:
    case TypeKind::Max:
    case TypeKind::Avg:
    case TypeKind::Stats:
      return 16;  // {value, set flag} or {total, count}
  }
  return 0;
}

uint32_t Type::align() const {
  switch (kind_) {
    case TypeKind::Integer: return size_;
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Macaddr:
    case TypeKind::None:
      return 1;
    case TypeKind::Buffer: return 4;
    case TypeKind::Array: return elem_->align();
    case TypeKind::Struct:
    case TypeKind::Tuple:
      return std::max<uint32_t>(1, def_->align);
    default: return 8;
  }
}

const Type& Type::element() const {
  assert(elem_);
  return *elem_;
}

const std::vector<Field>& Type::fields() const {
  static const std::vector<Field> empty;
  return def_ ? def_->fields() : empty;
}

Type Type::with_truncation(bool on) const {
  Type t = *this;
  t.truncates_ = on;
  return t;
}

Type Type::with_addr_space(AddrSpace space) const {
  Type t = *this;
  t.space_ = space;
  return t;
}

uint32_t Type::bucket_count() const {
  if (kind_ == TypeKind::Lhist) return static_cast<uint32_t>((p1_ - p0_) / p2_ + 2);
  if (kind_ == TypeKind::Hist) return static_cast<uint32_t>((65 - p0_) << p0_) + 1;
  return 0;
}

bool Type::operator==(const Type& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case TypeKind::Integer:
      return size_ == other.size_ && signed_ == other.signed_ && name_ == other.name_;
    case TypeKind::String:
    case TypeKind::Buffer:
      return size_ == other.size_;
    case TypeKind::Pointer:
      return *elem_ == *other.elem_;
    case TypeKind::Array:
      return size_ == other.size_ && *elem_ == *other.elem_;
    case TypeKind::Struct:
      if (def_ == other.def_) return true;
      if (!def_->is_record || !other.def_->is_record) return name_ == other.name_ && !name_.empty();
      [[fallthrough]];
    case TypeKind::Tuple: {
      const auto& a = fields();
      const auto& b = other.fields();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || *a[i].type != *b[i].type) return false;
      return true;
    }
    case TypeKind::KStack:
    case TypeKind::UStack:
      return stack_mode_ == other.stack_mode_ && size_ == other.size_;
    case TypeKind::Timestamp:
      return name_ == other.name_;
    case TypeKind::Sum:
      return signed_ == other.signed_;
    case TypeKind::Hist:
      return p0_ == other.p0_;
    case TypeKind::Lhist:
      return p0_ == other.p0_ && p1_ == other.p1_ && p2_ == other.p2_;
    default:
      return true;
  }
}

std::string Type::to_string() const {
  switch (kind_) {
    case TypeKind::None: return "none";
    case TypeKind::Integer:
      if (!name_.empty()) return "enum " + name_;
      return std::string(signed_ ? "int" : "uint") + std::to_string(size_ * 8);
    case TypeKind::Bool: return "bool";
    case TypeKind::String: return "string[" + std::to_string(size_) + "]";
    case TypeKind::Buffer: return "buffer[" + std::to_string(size_) + "]";
    case TypeKind::Pointer: {
      std::string inner = elem_->to_string();
      return inner + (elem_->is_pointer() || elem_->kind() == TypeKind::Struct ? " *" : "*");
    }
    case TypeKind::Array: return elem_->to_string() + "[" + std::to_string(size_) + "]";
    case TypeKind::Struct: {
      if (def_->is_record) {
        std::string s = "record {";
        for (size_t i = 0; i < def_->fields_.size(); ++i)
          s += (i ? "," : "") + def_->fields_[i].name + ":" + def_->fields_[i].type->to_string();
        return s + "}";
      }
      return std::string(def_->is_union ? "union " : "struct ") + name_;
    }
    case TypeKind::Tuple: {
      std::string s = "(";
      const auto& f = fields();
      for (size_t i = 0; i < f.size(); ++i) s += (i ? "," : "") + f[i].type->to_string();
      return s + ")";
    }
    case TypeKind::KStack: return "kstack";
    case TypeKind::UStack: return "ustack";
    case TypeKind::Ksym: return "ksym_t";
    case TypeKind::Usym: return "usym_t";
    case TypeKind::Inet: return "inet";
    case TypeKind::Timestamp: return "timestamp";
    case TypeKind::Username: return "username_t";
    case TypeKind::Macaddr: return "macaddr_t";
    case TypeKind::CgroupPath: return "cgroup_path_t";
    case TypeKind::Count: return "count_t";
    case TypeKind::Sum: return "sum_t";
    case TypeKind::Avg: return "avg_t";
    case TypeKind::Min: return "min_t";
    case TypeKind::Max: return "max_t";
    case TypeKind::Stats: return "stats_t";
    case TypeKind::Hist: return "hist_t";
    case TypeKind::Lhist: return "lhist_t";
  }
  return "?";
}

Type literal_integer_type(uint64_t magnitude, bool negative) {
  if (!negative) {
    if (magnitude <= 0x7f) return Type::integer(1, true);
    if (magnitude <= 0x7fff) return Type::integer(2, true);
    if (magnitude <= 0x7fffffff) return Type::integer(4, true);
    if (magnitude <= 0x7fffffffffffffffULL) return Type::integer(8, true);
    return Type::uint64();
  }
  if (magnitude <= 0x80) return Type::integer(1, true);
  if (magnitude <= 0x8000) return Type::integer(2, true);
  if (magnitude <= 0x80000000ULL) return Type::integer(4, true);
  return Type::int64();
}

IntegerUnion unify_integers(const Type& a, const Type& b) {
  if (a.is_signed() == b.is_signed())
    return {Type::integer(std::max(a.size(), b.size()), a.is_signed()), false};
  const Type& s = a.is_signed() ? a : b;
  const Type& u = a.is_signed() ? b : a;
  // A signed type holding every unsigned value of u needs twice u's width.
  if (u.size() >= 8) return {Type::int64(), true};
  uint32_t need = std::max<uint32_t>(s.size(), u.size() * 2);
  return {Type::integer(static_cast<int>(need), true), false};
}

}  // namespace sonde
