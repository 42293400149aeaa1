#include "kernel/btf_signatures.h"

#include <bpf/btf.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "support/strings.h"

namespace sonde {
namespace {

constexpr const char* kRawTracepointTypedef = "btf_trace_";
constexpr const char* kRawTracepointFunction = "__bpf_trace_";

void append_printf(void* ctx, const char* format, va_list args) {
  char buf[512];
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(buf, sizeof buf, format, copy);
  va_end(copy);
  auto* out = static_cast<std::string*>(ctx);
  if (n < 0) return;
  if (static_cast<size_t>(n) < sizeof buf) {
    out->append(buf, static_cast<size_t>(n));
    return;
  }
  std::string big(static_cast<size_t>(n) + 1, '\0');
  std::vsnprintf(big.data(), big.size(), format, args);
  big.pop_back();
  out->append(big);
}

// Follows typedefs and pointers from `id` to a FUNC_PROTO; 0 if there is none.
uint32_t proto_of(const struct btf* btf, uint32_t id) {
  for (int depth = 0; depth < 8 && id; ++depth) {
    const btf_type* t = btf__type_by_id(btf, id);
    if (!t) return 0;
    if (btf_is_func_proto(t)) return id;
    if (btf_is_func(t) || btf_is_typedef(t) || btf_is_ptr(t) || btf_is_mod(t)) {
      id = t->type;
      continue;
    }
    return 0;
  }
  return 0;
}

std::vector<uint32_t> param_types(const struct btf* btf, uint32_t proto_id) {
  std::vector<uint32_t> types;
  const btf_type* proto = btf__type_by_id(btf, proto_id);
  const btf_param* params = btf_params(proto);
  for (uint16_t i = 0; i < btf_vlen(proto); ++i) types.push_back(params[i].type);
  return types;
}

}  // namespace

std::vector<std::string> BtfSignatures::functions() const {
  std::vector<std::string> names;
  uint32_t count = btf__type_cnt(btf_);
  for (uint32_t id = 1; id < count; ++id) {
    const btf_type* t = btf__type_by_id(btf_, id);
    if (btf_is_func(t)) names.emplace_back(btf__name_by_offset(btf_, t->name_off));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> BtfSignatures::raw_tracepoints() const {
  std::vector<std::string> events;
  uint32_t count = btf__type_cnt(btf_);
  for (uint32_t id = 1; id < count; ++id) {
    const btf_type* t = btf__type_by_id(btf_, id);
    if (!btf_is_typedef(t)) continue;
    std::string_view name = btf__name_by_offset(btf_, t->name_off);
    if (starts_with(name, kRawTracepointTypedef))
      events.emplace_back(name.substr(std::string_view(kRawTracepointTypedef).size()));
  }
  std::sort(events.begin(), events.end());
  return events;
}

BtfSignatures::~BtfSignatures() { btf_dump__free(dump_); }

std::string BtfSignatures::c_type(uint32_t type_id) const {
  if (type_id == 0) return "void";
  if (!dump_) dump_ = btf_dump__new(btf_, append_printf, &dump_out_, nullptr);
  if (!dump_) return "";
  dump_out_.clear();
  LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
  if (btf_dump__emit_type_decl(dump_, type_id, &opts) != 0) return "";
  return dump_out_;
}

BtfSignature BtfSignatures::signature_of_proto(uint32_t proto_id, size_t skip) const {
  BtfSignature sig;
  const btf_type* proto = btf__type_by_id(btf_, proto_id);
  const btf_param* params = btf_params(proto);
  for (uint16_t i = static_cast<uint16_t>(skip); i < btf_vlen(proto); ++i) {
    // A trailing parameter of type 0 marks a variadic function; it has no slot of its own.
    if (params[i].type == 0) continue;
    sig.params.push_back({btf__name_by_offset(btf_, params[i].name_off), params[i].type,
                          c_type(params[i].type)});
  }
  sig.return_type_id = proto->type;
  if (proto->type) sig.return_c_type = c_type(proto->type);
  return sig;
}

uint32_t BtfSignatures::find(const std::string& name, bool typedef_kind) {
  // A lookup scans every type (~0.3 ms); indexing them all costs about a hundred lookups, so
  // the index is only built for callers that look up many names (listing fentry).
  constexpr int kLookupsBeforeIndex = 64;
  if (!funcs_ && ++lookups_ <= kLookupsBeforeIndex) {
    int id = btf__find_by_name_kind(btf_, name.c_str(),
                                    typedef_kind ? BTF_KIND_TYPEDEF : BTF_KIND_FUNC);
    return id > 0 ? static_cast<uint32_t>(id) : 0;
  }
  if (!funcs_) {
    funcs_.emplace();
    typedefs_.emplace();
    uint32_t count = btf__type_cnt(btf_);
    for (uint32_t id = 1; id < count; ++id) {
      const btf_type* t = btf__type_by_id(btf_, id);
      if (btf_is_func(t)) funcs_->emplace(btf__name_by_offset(btf_, t->name_off), id);
      if (btf_is_typedef(t)) typedefs_->emplace(btf__name_by_offset(btf_, t->name_off), id);
    }
  }
  const auto& index = typedef_kind ? *typedefs_ : *funcs_;
  auto it = index.find(name);
  return it == index.end() ? 0 : it->second;
}

bool BtfSignatures::has_function(const std::string& name) { return find(name, false) != 0; }

std::optional<BtfSignature> BtfSignatures::function(const std::string& name) {
  uint32_t id = find(name, false);
  if (id == 0) return std::nullopt;
  uint32_t proto = proto_of(btf_, id);
  if (!proto) return std::nullopt;
  return signature_of_proto(proto, 0);
}

const std::map<std::vector<uint32_t>, std::vector<std::string>>&
BtfSignatures::trace_function_names() {
  if (trace_names_) return *trace_names_;
  trace_names_.emplace();
  uint32_t count = btf__type_cnt(btf_);
  for (uint32_t id = 1; id < count; ++id) {
    const btf_type* t = btf__type_by_id(btf_, id);
    if (!btf_is_func(t) || !starts_with(btf__name_by_offset(btf_, t->name_off),
                                        kRawTracepointFunction))
      continue;
    uint32_t proto = proto_of(btf_, id);
    if (!proto) continue;
    std::vector<std::string> names;
    const btf_type* p = btf__type_by_id(btf_, proto);
    for (uint16_t i = 0; i < btf_vlen(p); ++i)
      names.emplace_back(btf__name_by_offset(btf_, btf_params(p)[i].name_off));
    trace_names_->emplace(param_types(btf_, proto), std::move(names));
  }
  return *trace_names_;
}

std::optional<BtfSignature> BtfSignatures::raw_tracepoint(const std::string& event) {
  uint32_t id = find(kRawTracepointTypedef + event, true);
  if (id == 0) return std::nullopt;
  uint32_t proto = proto_of(btf_, id);
  if (!proto || btf_vlen(btf__type_by_id(btf_, proto)) == 0) return std::nullopt;
  BtfSignature sig = signature_of_proto(proto, 1);
  // The typedef's parameters are unnamed; take the names of the probe function.
  std::optional<std::vector<std::string>> names;
  uint32_t func = find(kRawTracepointFunction + event, false);
  if (func > 0) {
    uint32_t func_proto = proto_of(btf_, func);
    const btf_type* p = btf__type_by_id(btf_, func_proto);
    names.emplace();
    for (uint16_t i = 0; p && i < btf_vlen(p); ++i)
      names->emplace_back(btf__name_by_offset(btf_, btf_params(p)[i].name_off));
  } else {
    const auto& by_types = trace_function_names();
    auto it = by_types.find(param_types(btf_, proto));
    if (it != by_types.end()) names = it->second;
  }
  if (names && names->size() == sig.params.size() + 1)
    for (size_t i = 0; i < sig.params.size(); ++i) sig.params[i].name = (*names)[i + 1];
  return sig;
}

}  // namespace sonde
