// The language's types and their memory layout. A value of any type has one byte layout, used
// the same way in BPF stack slots, map keys and values, and ring-buffer events, so that user
// space decodes exactly what the kernel side wrote. Sizes and alignment are computed here only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

enum class TypeKind : uint8_t {
  None,        // void / not (yet) typed
  Integer,     // 1, 2, 4 or 8 bytes; signed or not; optionally an enum (name set)
  Bool,        // 1 byte, 0 or 1
  String,      // char[capacity]: NUL-terminated unless it filled its buffer
  Buffer,      // buf(): u32 length, then capacity bytes
  Pointer,     // 8 bytes; pointee type and address space
  Array,       // element type × count
  Struct,      // C struct or union (BTF or script-defined), or a record (named tuple)
  Tuple,       // heterogeneous values laid out like a C struct
  KStack,      // kernel stack: see layout below
  UStack,      // user stack
  Ksym,        // kernel address, printed as a symbol
  Usym,        // user address + pid, printed as a symbol
  Inet,        // ntop(): address family + 16 address bytes
  Timestamp,   // strftime(): nanoseconds since boot; the format travels in the type
  Username,    // uid, printed as a login name
  Macaddr,     // 6 bytes
  CgroupPath,  // cgroup id, printed as a path
  // Aggregations: only as map values. Their in-map layout is given by agg_value_size().
  Count,
  Sum,
  Avg,
  Min,
  Max,
  Stats,
  Hist,
  Lhist,
};

enum class AddrSpace : uint8_t { None, Kernel, User };

enum class StackMode : uint8_t { Bpftrace, Perf, Raw, BuildId };

class Type;
using TypePtr = std::shared_ptr<const Type>;

struct Field {
  std::string name;  // empty for tuple elements
  std::shared_ptr<Type> type;
  uint32_t offset = 0;        // bytes from the start of the struct
  uint32_t bit_offset = 0;    // bitfields: bit position within the storage unit at `offset`
  uint32_t bit_width = 0;     // 0: not a bitfield
  // Tracepoint `__data_loc` field: a u32 at `offset` whose low 16 bits are the offset of the
  // data from the start of the event record and high 16 bits its length.
  bool data_loc = false;
};

// Layout of a struct, union, record or tuple. BTF structs are filled lazily by `loader` the
// first time their fields are needed (task_struct alone would otherwise pull in most of BTF).
struct StructDef {
  std::string name;        // "task_struct", "" for tuples and records
  bool is_union = false;
  bool is_record = false;  // named tuple: printed "{ .a = 1 }"
  uint32_t size = 0;
  uint32_t align = 1;
  bool loaded = true;
  std::function<void(StructDef&)> loader;
  std::vector<Field> fields_;

  const std::vector<Field>& fields() const;
  const Field* find(const std::string& field_name) const;
};

class Type {
 public:
  Type() = default;

  // --- constructors -------------------------------------------------------------------------
  static Type none() { return Type(); }
  static Type integer(int bytes, bool is_signed);
  static Type int64() { return integer(8, true); }
  static Type uint64() { return integer(8, false); }
  static Type uint32() { return integer(4, false); }
  static Type enumeration(std::string name, int bytes, bool is_signed);
  static Type boolean();
  static Type string(uint32_t capacity);
  static Type buffer(uint32_t capacity);
  static Type pointer(Type pointee, AddrSpace space = AddrSpace::None);
  static Type array(Type element, uint32_t count);
  static Type tuple(std::vector<Type> elements);
  static Type record(std::vector<std::pair<std::string, Type>> fields);
  static Type structure(std::shared_ptr<StructDef> def);  // struct or union
  static Type kstack(StackMode mode, uint32_t depth);
  static Type ustack(StackMode mode, uint32_t depth);
  static Type ksym();
  static Type usym();
  static Type inet();
  static Type timestamp(std::string format);
  static Type username();
  static Type macaddr();
  static Type cgroup_path();
  static Type aggregation(TypeKind kind, bool is_signed = true);
  static Type hist(int k);
  static Type lhist(int64_t min, int64_t max, int64_t step);

  // --- queries ------------------------------------------------------------------------------
  TypeKind kind() const { return kind_; }
  bool is(TypeKind k) const { return kind_ == k; }
  bool is_none() const { return kind_ == TypeKind::None; }
  bool is_integer() const { return kind_ == TypeKind::Integer; }
  bool is_bool() const { return kind_ == TypeKind::Bool; }
  bool is_string() const { return kind_ == TypeKind::String; }
  bool is_pointer() const { return kind_ == TypeKind::Pointer; }
  bool is_enum() const { return kind_ == TypeKind::Integer && !name_.empty(); }
  // Integer, bool or pointer: fits in a register and supports arithmetic/conditions.
  bool is_scalar() const;
  bool is_aggregation() const { return kind_ >= TypeKind::Count; }
  // Count/Sum/Min/Max/Avg can be read as an integer in expressions.
  bool is_integer_like_aggregation() const;
  bool is_hist_like() const { return kind_ == TypeKind::Hist || kind_ == TypeKind::Lhist; }
  bool is_signed() const { return signed_; }

  // Bytes this value occupies in memory (stack, map, event). For aggregations: the bytes of
  // one per-CPU slot (hist/lhist: one bucket counter).
  uint32_t size() const;
  uint32_t align() const;

  // Integer/enum/bool/pointer: width in bytes. String/Buffer: capacity. Array: element count.
  uint32_t capacity() const { return size_; }
  uint32_t count() const { return size_; }
  const Type& element() const;  // pointee, array element
  AddrSpace addr_space() const { return space_; }
  const std::shared_ptr<StructDef>& struct_def() const { return def_; }
  const std::vector<Field>& fields() const;  // tuple, record, struct
  const std::string& name() const { return name_; }  // enum/struct name; strftime format

  // String produced by str() without an explicit length: printing appends the truncation
  // trailer when the text filled the whole buffer.
  bool string_truncates() const { return truncates_; }
  Type with_truncation(bool on) const;
  Type with_addr_space(AddrSpace space) const;

  StackMode stack_mode() const { return stack_mode_; }
  uint32_t stack_depth() const { return size_; }

  int hist_k() const { return static_cast<int>(p0_); }
  int64_t lhist_min() const { return p0_; }
  int64_t lhist_max() const { return p1_; }
  int64_t lhist_step() const { return p2_; }
  // lhist: (max - min) / step + 2 buckets (underflow and overflow included).
  // hist: 65 groups of 2^k buckets plus the negative bucket.
  uint32_t bucket_count() const;

  // Structural equality (strings compare capacity too; use same_kind for loose checks).
  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }

  // Spelling used in messages: int8, uint64, string[16], (int8,string[3]), struct task_struct *,
  // count_t, hist_t ...
  std::string to_string() const;

 private:
  TypeKind kind_ = TypeKind::None;
  bool signed_ = false;
  bool truncates_ = false;
  AddrSpace space_ = AddrSpace::None;
  StackMode stack_mode_ = StackMode::Bpftrace;
  uint32_t size_ = 0;  // see capacity()/count()/stack_depth()
  int64_t p0_ = 0, p1_ = 0, p2_ = 0;  // hist k; lhist min, max, step
  std::string name_;
  std::shared_ptr<const Type> elem_;
  std::shared_ptr<StructDef> def_;  // struct, record, tuple layout
};

// Layout helpers ------------------------------------------------------------------------------

// Lays out fields like a C struct (natural alignment), filling offsets, size and align.
void layout_fields(StructDef& def);

// Smallest signed integer type (1, 2, 4, 8 bytes) holding `value`; 0x8000000000000000 and
// above are uint64 (literal typing rule of spec/language.md §4).
Type literal_integer_type(uint64_t magnitude, bool negative);

// The smallest integer type holding every value of both (for variables/maps assigned several
// integer types). Returns {type, sign_mismatch}: uint64 mixed with signed gives int64 + warning.
struct IntegerUnion {
  Type type;
  bool sign_mismatch = false;
};
IntegerUnion unify_integers(const Type& a, const Type& b);

}  // namespace sonde
