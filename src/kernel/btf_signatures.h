// What kernel BTF says about probe targets, in the shape listing and argument typing need:
// the kernel functions (fentry), the raw tracepoints and their parameters (names, BTF type ids
// and C spellings such as "struct file *"). Types themselves are converted by BtfTypes
// (btf_types.h) from the ids given here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct btf;
struct btf_dump;

namespace sonde {

struct BtfParam {
  std::string name;    // "" when BTF has none
  uint32_t type_id = 0;
  std::string c_type;  // C spelling of the type: "struct file *", "size_t"
};

struct BtfSignature {
  std::vector<BtfParam> params;
  uint32_t return_type_id = 0;  // 0: void
  std::string return_c_type;    // "" for void
};

class BtfSignatures {
 public:
  explicit BtfSignatures(const struct btf* btf) : btf_(btf) {}
  ~BtfSignatures();
  BtfSignatures(const BtfSignatures&) = delete;
  BtfSignatures& operator=(const BtfSignatures&) = delete;

  // Whether BTF has a FUNC of this name.
  bool has_function(const std::string& name);

  // Names of kernel functions (BTF FUNC), sorted and unique.
  std::vector<std::string> functions() const;
  // Events with a raw tracepoint (a `btf_trace_EVENT` typedef), sorted.
  std::vector<std::string> raw_tracepoints() const;

  std::optional<BtfSignature> function(const std::string& name);
  // Parameters of raw tracepoint `event` after the leading `void *__data`. Names come from
  // the `__bpf_trace_EVENT` function, or from the `__bpf_trace_CLASS` function of the event's
  // class (same parameter types); unnamed otherwise.
  std::optional<BtfSignature> raw_tracepoint(const std::string& event);

  // The C spelling of a type ("struct task_struct *", "unsigned int").
  std::string c_type(uint32_t type_id) const;

 private:
  BtfSignature signature_of_proto(uint32_t proto_id, size_t skip) const;
  // BTF id of a FUNC / TYPEDEF by name, 0 if none (btf__find_by_name_kind scans every type).
  uint32_t find(const std::string& name, bool typedef_kind);
  const std::map<std::vector<uint32_t>, std::vector<std::string>>& trace_function_names();

  const struct btf* btf_;
  // One C-declaration printer, writing into dump_out_ (created on the first c_type()).
  mutable struct btf_dump* dump_ = nullptr;
  mutable std::string dump_out_;
  // FUNC and TYPEDEF names -> ids; built once find() has been called often.
  int lookups_ = 0;
  std::optional<std::unordered_map<std::string, uint32_t>> funcs_, typedefs_;
  // Parameter type ids of every __bpf_trace_* function -> their names; built on first use.
  std::optional<std::map<std::vector<uint32_t>, std::vector<std::string>>> trace_names_;
};

}  // namespace sonde
