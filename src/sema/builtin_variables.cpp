// Builtin variables: their types, and where they may be used.
#include <algorithm>
#include <cctype>

#include "sema/builtins.h"
#include "sema/semantic_model.h"
#include "sema/type_lookup.h"

namespace sonde {

namespace {

Result<Type> type_uint32(const TypeEnv&, std::string_view) { return Type::uint32(); }
Result<Type> type_uint64(const TypeEnv&, std::string_view) { return Type::uint64(); }
Result<Type> type_comm(const TypeEnv&, std::string_view) { return Type::string(16); }
Result<Type> type_username(const TypeEnv&, std::string_view) { return Type::username(); }
Result<Type> type_kstack(const TypeEnv&, std::string_view) {
  return Type::kstack(StackMode::Bpftrace, 127);
}
Result<Type> type_ustack(const TypeEnv&, std::string_view) {
  return Type::ustack(StackMode::Bpftrace, 127);
}
// A kernel pointer even in user-space probes; a plain integer without BTF.
Result<Type> type_curtask(const TypeEnv& env, std::string_view) {
  if (env.types)
    if (auto task = env.types->named_type("struct task_struct"))
      return Type::pointer(*task, AddrSpace::Kernel);
  return Type::uint64();
}

// `probe` and `probetype` differ between the attach points of a wildcard probe: the string
// holds the longest.
Result<Type> type_probe(const TypeEnv& env, std::string_view) {
  size_t len = env.context ? env.context->probe_name.size() : 0;
  if (env.probe)
    for (const auto& context : env.probe->contexts) len = std::max(len, context.probe_name.size());
  return Type::string(static_cast<uint32_t>(len + 1));
}

Result<Type> type_probetype(const TypeEnv& env, std::string_view) {
  std::string kind = env.context && env.context->is_special ? "special" : env.provider;
  size_t len = kind.size();
  if (env.probe)
    for (const auto& point : env.probe->points) len = std::max(len, point.provider.size());
  return Type::string(static_cast<uint32_t>(len + 1));
}

std::string used_here(const TypeEnv& env) {
  if (env.context && env.context->is_special) return "special";
  return env.provider;
}

// USDT arguments are typed by their note: signed ones as int64, others as uint64 (values are
// extended to 64 bits). Every location of the probe must have the argument.
Result<Type> type_usdt_arg(const TypeEnv& env, std::string_view name, int n) {
  bool is_signed = false;
  std::vector<const ProbeContext*> contexts = {env.context};
  if (env.probe)
    for (const auto& c : env.probe->contexts) contexts.push_back(&c);
  for (const ProbeContext* c : contexts) {
    if (static_cast<size_t>(n) >= c->usdt_args.size())
      return Error{"usdt probe " + c->probe_name + " has " +
                   std::to_string(c->usdt_args.size()) + " argument" +
                   (c->usdt_args.size() == 1 ? "" : "s") + ", so " + std::string(name) +
                   " does not exist"};
    is_signed |= c->usdt_args[n].is_signed;
  }
  return is_signed ? Type::int64() : Type::uint64();
}

Result<Type> type_args(const TypeEnv& env, std::string_view) {
  if (env.context && !env.context->args &&
      (env.provider == "uprobe" || env.provider == "uretprobe"))
    return Error{"The args builtin of uprobes needs DWARF debug info, which this build of sonde "
                 "cannot read (no libdw); use arg0, arg1, ... instead"};
  if (!env.context || !env.context->args)
    return Error{"The args builtin can only be used with tracepoint, rawtracepoint, fentry/fexit, "
                 "and uprobe probes (" + used_here(env) + " used here)"};
  return *env.context->args;
}

Result<Type> type_argn(const TypeEnv& env, std::string_view name) {
  if (!env.context || env.context->reg_args == ProbeContext::RegArgs::None)
    return Error{"The " + std::string(name) +
                 " builtin can only be used with 'kprobes', 'uprobes' and 'usdt' probes (" +
                 used_here(env) + " used here)"};
  int n = std::stoi(std::string(name.substr(3)));
  if (env.provider == "usdt") return type_usdt_arg(env, name, n);
  if (n >= env.context->max_reg_args) {
    if (env.context->reg_args == ProbeContext::RegArgs::U64Array)
      return Error{env.context->probe_name + " has " + std::to_string(env.context->max_reg_args) +
                   " arguments, so " + std::string(name) + " does not exist"};
    return Error{"x86_64 doesn't support " + std::string(name)};
  }
  return Type::uint64();
}

// Stack arguments (x86_64: sarg0 is the first argument passed on the stack, above the return
// address): where arguments come from struct pt_regs.
Result<Type> type_sargn(const TypeEnv& env, std::string_view name) {
  if (!env.context || env.context->reg_args != ProbeContext::RegArgs::PtRegs ||
      env.provider == "usdt")
    return Error{"The " + std::string(name) +
                 " builtin can only be used with 'kprobes' and 'uprobes' probes (" +
                 used_here(env) + " used here)"};
  return Type::uint64();
}

Result<Type> type_retval(const TypeEnv& env, std::string_view) {
  if (!env.context || env.context->retval == ProbeContext::Retval::None)
    return Error{"The retval builtin can only be used with 'kretprobe' and 'uretprobe' and "
                 "'fentry' probes" +
                 std::string(env.provider == "tracepoint" ? " (try to use args.ret instead)" : "")};
  return env.context->retval_type ? *env.context->retval_type : Type::uint64();
}

Result<Type> type_func(const TypeEnv& env, std::string_view) {
  if (!env.context || !env.context->has_func)
    return Error{"The func builtin can not be used with '" + used_here(env) + "' probes"};
  return env.context->addr_space == AddrSpace::User ? Type::usym() : Type::ksym();
}

Result<Type> type_cpid(const TypeEnv&, std::string_view) { return Type::uint32(); }
// iter: `ctx` points to the iterator's context struct (ctx.task); elsewhere it is the
// context's address.
Result<Type> type_ctx(const TypeEnv& env, std::string_view) {
  if (env.context && env.context->ctx_type) return *env.context->ctx_type;
  return Type::uint64();
}

const BuiltinVariable kVariables[] = {
    {"pid", type_uint32},         {"tid", type_uint32},        {"uid", type_uint64},
    {"gid", type_uint64},         {"comm", type_comm},         {"nsecs", type_uint64},
    {"elapsed", type_uint64},     {"cpu", type_uint32},        {"ncpus", type_uint64},
    {"numaid", type_uint32},      {"cgroup", type_uint64},     {"curtask", type_curtask},
    {"rand", type_uint32},        {"jiffies", type_uint64},    {"username", type_username},
    {"probe", type_probe},        {"probetype", type_probetype}, {"func", type_func},
    {"retval", type_retval},      {"args", type_args},         {"argN", type_argn},
    {"kstack", type_kstack},      {"ustack", type_ustack},     {"cpid", type_cpid},
    {"ctx", type_ctx},            {"sargN", type_sargn},
};

bool is_numbered(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return false;
  for (char c : name.substr(prefix.size()))
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

int builtin_variable_id(std::string_view name) {
  std::string_view key = is_numbered(name, "arg")    ? "argN"
                         : is_numbered(name, "sarg") ? "sargN"
                                                     : name;
  for (size_t i = 0; i < std::size(kVariables); ++i)
    if (kVariables[i].name == key) return static_cast<int>(i);
  return -1;
}

const BuiltinVariable* find_builtin_variable(std::string_view name) {
  int id = builtin_variable_id(name);
  return id < 0 ? nullptr : &kVariables[id];
}

const BuiltinVariable& builtin_variable(int id) { return kVariables[id]; }

std::vector<std::string> builtin_variable_names() {
  std::vector<std::string> names;
  for (const auto& v : kVariables) names.emplace_back(v.name);
  return names;
}

}  // namespace sonde
