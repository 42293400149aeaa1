// Kernel BTF as sonde Types, converted one type at a time on demand: a name or id is looked up
// (btf__find_by_name_kind), converted, and cached; a struct's members are converted only when
// its fields are first needed (StructDef::loader). BTF is never converted as a whole, and is
// not even loaded until the first query.
//
// Conventions of the conversion (spec/language.md §4):
//  * typedefs and const/volatile/restrict/type tags are looked through;
//  * 1-byte signed integer arrays (`char[N]`, `signed char[N]`, `s8[N]`) become string[N];
//  * pointers carry no address space (AddrSpace::None): whoever reads through them decides,
//    so a struct reached from a user pointer keeps reading user memory;
//  * anonymous struct/union members are flattened into the enclosing struct;
//  * bitfields keep their byte offset in Field::offset plus Field::bit_offset/bit_width;
//  * a forward declaration resolves to the complete struct of the same name when there is one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "types/type.h"

struct btf;
struct btf_type;

namespace sonde {

class Kernel;

struct FunctionParam {
  std::string name;  // "" when BTF has no name for it
  Type type;
};

// A BTF function prototype (of a FUNC, or reached through a typedef / pointer to FUNC_PROTO).
struct FunctionProto {
  std::vector<FunctionParam> params;
  Type return_type;  // none() for void
  bool variadic = false;
};

struct BtfEnumerator {
  int64_t value = 0;
  Type type;  // the enum's type (a plain integer for anonymous enums)
};

class BtfTypes {
 public:
  // BTF comes from kernel.btf() on the first query. The Kernel must outlive this object.
  explicit BtfTypes(Kernel& kernel);
  // A BTF object owned by the caller (tests build one with btf__new_empty + btf__add_*).
  explicit BtfTypes(const struct btf* btf);
  // Types handed out reference each other through shared StructDefs (task_struct holds
  // pointers to task_struct), so the destructor breaks those cycles by emptying every struct
  // it created: this object must outlive every Type it returned.
  ~BtfTypes();
  BtfTypes(const BtfTypes&) = delete;
  BtfTypes& operator=(const BtfTypes&) = delete;

  // Whether BTF could be loaded (loads it on first call).
  bool available();

  // A type by C spelling: "struct sock", "union bpf_attr", "enum tcp_ca_state", a typedef
  // ("u32", "pid_t") or a base type ("unsigned int", "unsigned long"). nullopt if unknown.
  std::optional<Type> type_by_name(const std::string& c_name);
  std::optional<Type> type_by_id(uint32_t id);
  // Whether `name` is a typedef or base type name (for the parser's cast detection).
  bool is_type_name(std::string_view name);

  // The prototype of kernel function `name` (BTF_KIND_FUNC).
  std::optional<FunctionProto> function(const std::string& name);
  // The prototype of a FUNC, a FUNC_PROTO, or a typedef / pointer leading to one (e.g. the
  // raw tracepoint typedef "btf_trace_sched_switch" via type_by_name_id()).
  std::optional<FunctionProto> function_proto_by_id(uint32_t id);
  // The BTF id of a named type of kind `kind` (BTF_KIND_*), or 0.
  uint32_t find_id(const std::string& name, int kind);

  // An enumerator by name (TCP_ESTABLISHED). The first query indexes every enum once.
  std::optional<BtfEnumerator> enumerator(const std::string& name);
  // The enumerator of `value` in enum `enum_name`, "" if none.
  std::string enumerator_name(const std::string& enum_name, int64_t value);

 private:
  const struct btf* btf();
  Type convert(uint32_t id);
  Type convert_int(const struct btf_type* t);
  Type convert_array(const struct btf_type* t);
  Type convert_struct(uint32_t id, const struct btf_type* t);
  Type convert_enum(const struct btf_type* t);
  void load_members(StructDef& def, uint32_t id);
  void add_members(std::vector<Field>& out, uint32_t id, uint32_t base_bits);
  uint32_t skip_modifiers(uint32_t id);
  uint32_t complete_struct_id(uint32_t fwd_id);
  std::string name_of(const struct btf_type* t);

  Kernel* kernel_ = nullptr;
  const struct btf* btf_ = nullptr;
  bool tried_ = false;
  std::unordered_map<uint32_t, Type> by_id_;
  std::map<std::string, std::optional<Type>, std::less<>> by_name_;
  std::vector<std::shared_ptr<StructDef>> structs_;  // every struct created, for the destructor
  // Enumerator name -> {enum type id, value}; built on the first enumerator() query.
  std::optional<std::unordered_map<std::string, std::pair<uint32_t, int64_t>>> enumerators_;
};

// The `args` struct of a function whose arguments arrive as an array of u64 slots (fentry,
// fexit, raw tracepoints): parameter i at offset 8 * i, named after the BTF parameter (unnamed
// ones as argN). `skip` drops leading parameters (raw tracepoint typedefs start with `void *`).
// With `retval_name` non-empty, a field of the return type follows the parameters (fexit).
Type u64_args_struct(const FunctionProto& proto, const std::string& struct_name, size_t skip = 0,
                     const std::string& retval_name = "");

}  // namespace sonde
