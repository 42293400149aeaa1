// Builtin functions: argument checks and result types. Emission lives in src/codegen/.
#include <arpa/inet.h>

#include <algorithm>
#include <iterator>

#include "kernel/elf_symbols.h"
#include "program/printf_format.h"
#include "sema/x86_64_abi.h"
#include "sema/builtins.h"
#include "sema/named_params.h"
#include "sema/constant.h"
#include "sema/semantic_model.h"

namespace sonde {

// ---- CallCheck ------------------------------------------------------------------------------

std::optional<int64_t> CallCheck::constant(size_t i) const {
  return evaluate_constant(*call.args[i], model.positional_args);
}

std::optional<std::string> CallCheck::string_literal(size_t i) const {
  if (auto* lit = dynamic_cast<const ast::StringLiteral*>(call.args[i].get())) return lit->value;
  return std::nullopt;
}

void CallCheck::error(const std::string& message) { diags.error(call.loc, message); }

void CallCheck::error_at(size_t i, const std::string& message) {
  diags.error(call.args[i]->loc, message);
}

bool CallCheck::expect_integer(size_t i) {
  const Type& t = arg(i);
  if (t.is_integer() || t.is_bool() || t.is_integer_like_aggregation() || t.is_none()) return true;
  error_at(i, std::string(call.name) + "() expects an integer argument, got " + t.to_string());
  return false;
}

bool CallCheck::expect_string_literal(size_t i) {
  if (string_literal(i)) return true;
  error_at(i, std::string(call.name) + "() expects a string literal");
  return false;
}

bool CallCheck::expect_map(size_t i) {
  if (dynamic_cast<const ast::MapAccess*>(call.args[i].get())) return true;
  error_at(i, std::string(call.name) + "() expects a map argument");
  return false;
}

namespace {

// ---- output ---------------------------------------------------------------------------------

// printf-style: a literal format, then arguments matching its specifiers.
void check_format_call(CallCheck& c, size_t first_arg) {
  auto format = c.string_literal(first_arg);
  if (!format) {
    c.error_at(first_arg, std::string(c.call.name) + "() expects a string literal as format");
    return;
  }
  auto parsed = parse_format(*format);
  if (!parsed) {
    c.error(parsed.error().message);
    return;
  }
  size_t supplied = c.count() - first_arg - 1;
  size_t expected = parsed->arg_count();
  if (supplied < expected) {
    c.error("not enough arguments for format string (" + std::to_string(supplied) +
            " supplied, " + std::to_string(expected) + " expected)");
    return;
  }
  if (supplied > expected) {
    c.error("too many arguments for format string (" + std::to_string(supplied) + " supplied, " +
            std::to_string(expected) + " expected)");
    return;
  }
  size_t i = first_arg + 1;
  for (const auto& seg : parsed->segments) {
    if (!seg.spec) continue;
    // An argument that failed to type has been reported already.
    if (!c.arg(i).is_none())
      if (auto problem = check_format_arg(*seg.spec, c.arg(i))) c.error_at(i, *problem);
    ++i;
  }
}

void check_printf(CallCheck& c) { check_format_call(c, 0); }

void check_print(CallCheck& c) {
  if (c.count() > 1) {
    if (!dynamic_cast<ast::MapAccess*>(&c.arg_expr(0)) ||
        static_cast<ast::MapAccess&>(c.arg_expr(0)).key) {
      c.error("print() with top and div arguments expects a map");
      return;
    }
    for (size_t i = 1; i < c.count(); ++i) c.expect_integer(i);
  }
}

void check_time(CallCheck& c) {
  if (c.count() == 1) c.expect_string_literal(0);
}

void check_void_format(CallCheck& c) { check_format_call(c, 0); }

void check_exit(CallCheck& c) {
  if (c.count() == 1) c.expect_integer(0);
}

void check_join(CallCheck& c) {
  if (c.count() == 2) c.expect_string_literal(1);
}

// ---- maps -----------------------------------------------------------------------------------

void check_map_only(CallCheck& c) { c.expect_map(0); }

void check_delete(CallCheck& c) {
  if (!c.expect_map(0)) return;
  auto& map = static_cast<ast::MapAccess&>(c.arg_expr(0));
  if (c.count() == 1 && !map.key) {
    // delete(@m) on a scalar map clears it.
  }
  c.call.type = Type::boolean();
}

void check_keyed_map_query(CallCheck& c, Type result) {
  if (!c.expect_map(0)) return;
  auto& map = static_cast<ast::MapAccess&>(c.arg_expr(0));
  const MapInfo* info = map.map_index >= 0 ? &c.model.maps[map.map_index] : nullptr;
  if (info && info->key.is_none() && info->used_scalar && !info->used_keyed) {
    c.error("call to " + std::string(c.call.name) +
            "() expects a map with explicit keys (non-scalar map)");
    return;
  }
  c.call.type = result;
}

void check_has_key(CallCheck& c) { check_keyed_map_query(c, Type::boolean()); }
void check_len(CallCheck& c) {
  if (c.arg(0).is(TypeKind::KStack) || c.arg(0).is(TypeKind::UStack)) {
    c.call.type = Type::int64();
    return;
  }
  check_keyed_map_query(c, Type::int64());
}

// ---- aggregations ---------------------------------------------------------------------------

void check_count(CallCheck& c) { c.call.type = Type::aggregation(TypeKind::Count, false); }

void check_value_aggregation(CallCheck& c, TypeKind kind) {
  if (!c.expect_integer(0)) return;
  bool is_signed = !c.arg(0).is_integer() || c.arg(0).is_signed();
  c.call.type = Type::aggregation(kind, is_signed);
}

void check_sum(CallCheck& c) { check_value_aggregation(c, TypeKind::Sum); }
void check_avg(CallCheck& c) { check_value_aggregation(c, TypeKind::Avg); }
void check_min(CallCheck& c) { check_value_aggregation(c, TypeKind::Min); }
void check_max(CallCheck& c) { check_value_aggregation(c, TypeKind::Max); }
void check_stats(CallCheck& c) { check_value_aggregation(c, TypeKind::Stats); }

void check_hist(CallCheck& c) {
  if (!c.expect_integer(0)) return;
  int64_t k = 0;
  if (c.count() == 2) {
    auto value = c.constant(1);
    if (!value || *value < 0 || *value > 5) {
      c.error_at(1, "hist: bits must be an integer literal between 0 and 5");
      return;
    }
    k = *value;
  }
  c.call.type = Type::hist(static_cast<int>(k));
}

void check_lhist(CallCheck& c) {
  if (!c.expect_integer(0)) return;
  const char* what[] = {"", "min", "max", "step"};
  int64_t v[4] = {};
  for (size_t i = 1; i < 4; ++i) {
    auto value = c.constant(i);
    if (!value || *value < 0) {
      c.error_at(i, std::string("lhist: invalid ") + what[i] +
                        " value (must be non-negative literal)");
      return;
    }
    v[i] = *value;
  }
  int64_t min = v[1], max = v[2], step = v[3];
  if (step < 1) return c.error("lhist() step must be >= 1 (" + std::to_string(step) + " provided)");
  if (min >= max)
    return c.error("lhist() min must be less than max (provided min " + std::to_string(min) +
                   " and max " + std::to_string(max) + ")");
  if ((max - min) / step > 1000)
    return c.error("lhist() too many buckets, must be <= 1000 (would need " +
                   std::to_string((max - min) / step) + ")");
  if (step > max - min)
    return c.error("lhist() step is too large for the given range");
  c.call.type = Type::lhist(min, max, step);
}

// ---- strings and values ---------------------------------------------------------------------

void check_str(CallCheck& c) {
  uint64_t max_strlen = c.env.config ? c.env.config->max_strlen : 1024;
  if (auto* param = dynamic_cast<ast::PositionalParam*>(&c.arg_expr(0))) {
    const auto& params = c.model.positional_args;
    size_t len = param->index >= 1 && static_cast<size_t>(param->index) <= params.size()
                     ? params[param->index - 1].size()
                     : 0;
    c.call.type = Type::string(static_cast<uint32_t>(len + 1));
    return;
  }
  const Type& t = c.arg(0);
  if (!(t.is_integer() || t.is_pointer() || t.is_string() || t.is(TypeKind::Array) ||
        t.is_none())) {
    c.error_at(0, "str() expects a pointer or integer argument, got " + t.to_string());
    return;
  }
  if (c.count() == 2) {
    if (!c.expect_integer(1)) return;
    auto n = c.constant(1);
    uint64_t cap = n && *n > 0 ? std::min<uint64_t>(static_cast<uint64_t>(*n), max_strlen)
                               : max_strlen;
    c.call.type = Type::string(static_cast<uint32_t>(cap));
    return;
  }
  // One more byte than max_strlen so that a string filling max_strlen can be told apart.
  c.call.type = Type::string(static_cast<uint32_t>(max_strlen + 1)).with_truncation(true);
}

void check_strncmp(CallCheck& c) {
  for (size_t i = 0; i < 2; ++i)
    if (!c.arg(i).is_string() && !c.arg(i).is_none())
      return c.error_at(i, "strncmp() expects string arguments, got " + c.arg(i).to_string());
  if (!c.constant(2)) return c.error_at(2, "strncmp() expects an integer literal as length");
  c.call.type = Type::int64();
}

void check_strcontains(CallCheck& c) {
  for (size_t i = 0; i < 2; ++i)
    if (!c.arg(i).is_string() && !c.arg(i).is_none())
      return c.error_at(i, "strcontains() expects string arguments, got " + c.arg(i).to_string());
  c.call.type = Type::boolean();
}

void check_bswap(CallCheck& c) {
  if (!c.expect_integer(0)) return;
  const Type& t = c.arg(0);
  c.call.type = Type::integer(t.is_integer() ? static_cast<int>(t.size()) : 8, false);
}

void check_stack_call(CallCheck& c) {
  bool user = c.call.name == "ustack";
  StackMode mode = StackMode::Bpftrace;
  uint32_t depth = 127;
  for (size_t i = 0; i < c.count(); ++i) {
    if (auto* id = dynamic_cast<ast::Identifier*>(&c.arg_expr(i))) {
      if (id->name == "bpftrace") mode = StackMode::Bpftrace;
      else if (id->name == "perf") mode = StackMode::Perf;
      else if (id->name == "raw") mode = StackMode::Raw;
      else if (id->name == "build_id" && user) mode = StackMode::BuildId;
      else return c.error_at(i, "Unknown identifier: '" + id->name + "'");
      continue;
    }
    auto n = c.constant(i);
    if (!n || *n < 0 || *n > 1024)
      return c.error_at(i, std::string(c.call.name) + "() limit must be an integer literal");
    depth = static_cast<uint32_t>(*n);
  }
  c.call.type = user ? Type::ustack(mode, depth) : Type::kstack(mode, depth);
}

// An address: an integer or a pointer.
void check_ksym(CallCheck& c) {
  if (c.arg(0).is_pointer() || c.expect_integer(0)) c.call.type = Type::ksym();
}
void check_usym(CallCheck& c) {
  if (c.arg(0).is_pointer() || c.expect_integer(0)) c.call.type = Type::usym();
}

// An address: an integer (IPv4 in its in-memory byte order) or 4/16 bytes (IPv4/IPv6).
void check_ntop(CallCheck& c) {
  size_t a = c.count() - 1;
  if (c.count() == 2 && !c.expect_integer(0)) return;
  const Type& t = c.arg(a);
  bool bytes = (t.is(TypeKind::Array) || t.is_string()) && (t.size() == 4 || t.size() == 16);
  if (!(t.is_integer() || t.is_pointer() || bytes || t.is_none())) {
    c.error_at(a, "ntop() expects an integer or a 4 or 16 byte array, got " + t.to_string());
    return;
  }
  c.call.type = Type::inet();
}

void check_pton(CallCheck& c) {
  if (!c.expect_string_literal(0)) return;
  std::string text = *c.string_literal(0);
  uint8_t bytes[16];
  bool v6 = text.find(':') != std::string::npos;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) != 1) {
    c.error_at(0, "pton() expects a valid IPv4 or IPv6 address, got \"" + text + "\"");
    return;
  }
  c.call.type = Type::array(Type::integer(1, false), v6 ? 16 : 4);
}

void check_strftime(CallCheck& c) {
  if (!c.expect_string_literal(0)) return;
  c.expect_integer(1);
  c.call.type = Type::timestamp(*c.string_literal(0));
}

void check_macaddr(CallCheck& c) {
  const Type& t = c.arg(0);
  bool bytes = (t.is(TypeKind::Array) || t.is_string()) && t.size() >= 6;
  if (!(bytes || t.is_pointer() || t.is_integer() || t.is_none())) {
    c.error_at(0, "macaddr() expects a 6 byte array or a pointer, got " + t.to_string());
    return;
  }
  c.call.type = Type::macaddr();
}

// Probes whose context is a struct pt_regs (kprobe, uprobe): reg() and signal() need one.
std::string probe_kind_for_message(const TypeEnv& env) {
  if (env.context && env.context->is_special)
    return env.provider == "end" ? "END" : "BEGIN";
  return env.provider;
}

void check_reg(CallCheck& c) {
  if (!c.expect_string_literal(0)) return;
  if (!c.env.context || c.env.context->reg_args != ProbeContext::RegArgs::PtRegs) {
    c.error("reg can not be used with \"" + probe_kind_for_message(c.env) + "\" probes");
    return;
  }
  if (x86_register_offset(*c.string_literal(0)) < 0) {
    c.error_at(0, "'" + *c.string_literal(0) + "' is not a valid register on this architecture");
    return;
  }
  c.call.type = Type::uint64();
}

void check_address_space(CallCheck& c, AddrSpace space) {
  const Type& t = c.arg(0);
  if (!(t.is_integer() || t.is_pointer() || t.is_none())) {
    c.error_at(0, std::string(c.call.name) + "() expects a pointer or integer, got " +
                      t.to_string());
    return;
  }
  c.call.type = t.is_none() ? Type::uint64().with_addr_space(space) : t.with_addr_space(space);
}
void check_kptr(CallCheck& c) { check_address_space(c, AddrSpace::Kernel); }
void check_uptr(CallCheck& c) { check_address_space(c, AddrSpace::User); }

void check_path(CallCheck& c) {
  static const char* kAllowed[] = {"fentry", "fexit", "kfunc", "kretfunc", "iter"};
  bool allowed = std::any_of(std::begin(kAllowed), std::end(kAllowed),
                             [&](const char* p) { return c.env.provider == p; });
  if (!allowed) {
    c.error("path() can only be used with fentry/fexit/iter probes (" +
            probe_kind_for_message(c.env) + " used here)");
    return;
  }
  if (!c.arg(0).is_pointer() && !c.arg(0).is_none()) {
    c.error_at(0, "path() expects a struct path pointer, got " + c.arg(0).to_string());
    return;
  }
  uint64_t cap = c.env.config ? c.env.config->max_strlen : 1024;
  if (c.count() == 2) {
    auto n = c.constant(1);
    if (!n || *n <= 0) return c.error_at(1, "path() size must be a positive integer literal");
    cap = static_cast<uint64_t>(*n);
  }
  c.call.type = Type::string(static_cast<uint32_t>(cap));
}

void check_string_literal_u64(CallCheck& c) {
  if (c.expect_string_literal(0)) c.call.type = Type::uint64();
}

void check_uaddr(CallCheck& c) {
  if (!c.expect_string_literal(0)) return;
  const std::string& provider = c.env.provider;
  if (provider != "uprobe" && provider != "uretprobe" && provider != "usdt") {
    c.error("uaddr can only be used with uprobes and usdt probes (" +
            probe_kind_for_message(c.env) + " used here)");
    return;
  }
  // Typed by the symbol's size: uint8* ... uint64* (uint64* for other sizes).
  auto symbol = find_elf_symbol(c.env.point ? c.env.point->target : "", *c.string_literal(0));
  if (!symbol.ok()) return c.error(symbol.error().message);
  uint64_t size = symbol->size;
  int bytes = size == 1 || size == 2 || size == 4 ? static_cast<int>(size) : 8;
  c.call.type = Type::pointer(Type::integer(bytes, false), AddrSpace::User);
}
void check_cgroup_path(CallCheck& c) {
  if (!c.expect_integer(0)) return;
  if (c.count() == 2) {
    // The value type carries no filter for the printer to apply yet.
    c.error_at(1, "cgroup_path(): the hierarchy filter argument is not supported yet");
    return;
  }
  c.call.type = Type::cgroup_path();
}
void check_buf(CallCheck& c) {
  uint64_t max_strlen = c.env.config ? c.env.config->max_strlen : 1024;
  uint64_t cap = max_strlen;
  if (c.count() == 2) {
    if (auto n = c.constant(1)) cap = std::min<uint64_t>(static_cast<uint64_t>(*n), max_strlen);
  } else if (c.arg(0).is(TypeKind::Array)) {
    cap = c.arg(0).size();
  }
  c.call.type = Type::buffer(static_cast<uint32_t>(cap));
}

void check_signal(CallCheck& c) {
  if (c.env.context && c.env.context->is_special) {
    c.error("signal can not be used with \"" + probe_kind_for_message(c.env) + "\" probes");
    return;
  }
  if (auto name = c.string_literal(0)) {
    if (signal_number(*name) <= 0) c.error_at(0, "Invalid signal name: " + *name);
    return;
  }
  if (!c.expect_integer(0)) return;
  if (auto n = c.constant(0); n && (*n < 1 || *n > 64))
    c.error_at(0, "sig number should be in range (0, 64], provided " + std::to_string(*n));
}

const BuiltinFunction kFunctions[] = {
    // name, min, max, aggregation, unsafe, map_arg, check
    {"printf", 1, 64, false, false, -1, check_printf},
    {"print", 1, 3, false, false, -1, check_print},
    {"time", 0, 1, false, false, -1, check_time},
    {"cat", 1, 64, false, false, -1, check_void_format},
    {"system", 1, 64, false, true, -1, check_void_format},
    {"errorf", 1, 64, false, false, -1, check_void_format},
    {"warnf", 1, 64, false, false, -1, check_void_format},
    {"join", 1, 2, false, false, -1, check_join},
    {"exit", 0, 1, false, false, -1, check_exit},
    {"clear", 1, 1, false, false, 0, check_map_only},
    {"zero", 1, 1, false, false, 0, check_map_only},
    {"delete", 1, 2, false, false, 0, check_delete},
    {"has_key", 2, 2, false, false, 0, check_has_key},
    {"len", 1, 1, false, false, 0, check_len},
    {"count", 0, 0, true, false, -1, check_count},
    {"sum", 1, 1, true, false, -1, check_sum},
    {"avg", 1, 1, true, false, -1, check_avg},
    {"min", 1, 1, true, false, -1, check_min},
    {"max", 1, 1, true, false, -1, check_max},
    {"stats", 1, 1, true, false, -1, check_stats},
    {"hist", 1, 2, true, false, -1, check_hist},
    {"lhist", 4, 4, true, false, -1, check_lhist},
    {"str", 1, 2, false, false, -1, check_str},
    {"buf", 1, 2, false, false, -1, check_buf},
    {"strncmp", 3, 3, false, false, -1, check_strncmp},
    {"strcontains", 2, 2, false, false, -1, check_strcontains},
    {"bswap", 1, 1, false, false, -1, check_bswap},
    {"kstack", 0, 2, false, false, -1, check_stack_call, true},
    {"ustack", 0, 2, false, false, -1, check_stack_call, true},
    {"ksym", 1, 1, false, false, -1, check_ksym},
    {"usym", 1, 1, false, false, -1, check_usym},
    {"ntop", 1, 2, false, false, -1, check_ntop},
    {"strftime", 2, 2, false, false, -1, check_strftime},
    {"macaddr", 1, 1, false, false, -1, check_macaddr},
    {"cgroup_path", 1, 2, false, false, -1, check_cgroup_path},
    {"signal", 1, 1, false, true, -1, check_signal},
    {"kaddr", 1, 1, false, false, -1, check_string_literal_u64},
    {"uaddr", 1, 1, false, false, -1, check_uaddr},
    {"pton", 1, 1, false, false, -1, check_pton},
    {"reg", 1, 1, false, false, -1, check_reg},
    {"kptr", 1, 1, false, false, -1, check_kptr},
    {"uptr", 1, 1, false, false, -1, check_uptr},
    {"path", 1, 2, false, false, -1, check_path},
    {"cgroupid", 1, 1, false, false, -1, check_string_literal_u64},
    {"getopt", 1, 3, false, false, -1, check_getopt},
};

}  // namespace

int builtin_function_id(std::string_view name) {
  for (size_t i = 0; i < std::size(kFunctions); ++i)
    if (kFunctions[i].name == name) return static_cast<int>(i);
  return -1;
}

const BuiltinFunction* find_builtin_function(std::string_view name) {
  int id = builtin_function_id(name);
  return id < 0 ? nullptr : &kFunctions[id];
}

const BuiltinFunction& builtin_function(int id) { return kFunctions[id]; }

std::vector<std::string> builtin_function_names() {
  std::vector<std::string> names;
  for (const auto& f : kFunctions) names.emplace_back(f.name);
  return names;
}

}  // namespace sonde
