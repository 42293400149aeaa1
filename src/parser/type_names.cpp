#include "parser/type_names.h"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace sonde::parser_detail {

namespace {

constexpr std::string_view kBuiltinTypes[] = {
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "bool", "string", "buffer",
};

// Builtin variables and functions of spec/builtins-and-functions.md. Only consulted to keep
// them from being taken for BTF typedefs, so an incomplete list merely lets a typedef of the
// same name win.
constexpr std::string_view kBuiltins[] = {
    // variables
    "pid", "tid", "uid", "gid", "comm", "nsecs", "elapsed", "cpu", "ncpus", "numaid",
    "cgroup", "curtask", "rand", "jiffies", "username", "probe", "probetype", "func",
    "retval", "args", "ctx", "kstack", "ustack", "cpid", "has_cpid", "usermode",
    // output
    "printf", "print", "time", "cat", "system", "join", "errorf", "warnf", "fail", "debugf",
    // control
    "exit", "signal", "signal_thread", "override", "assert", "static_assert", "unwatch",
    "write_user",
    // maps
    "clear", "zero", "delete", "has_key", "find", "len",
    // aggregations
    "count", "sum", "avg", "min", "max", "stats", "hist", "lhist", "tseries",
    // strings, buffers, addresses
    "str", "buf", "strncmp", "strcontains", "strlen", "strstr", "str_concat", "strcap",
    "memcmp", "strerror", "syscall_name", "signal_name", "ksym", "usym", "kaddr", "uaddr",
    "percpu_kaddr", "reg", "kptr", "uptr", "ntop", "pton", "macaddr", "path", "cgroupid",
    "cgroup_path", "bswap", "socket_cookie", "skboutput", "container_of", "is_err", "pcomm",
    "ppid", "leader_comm", "leader_tid",
    // time, stacks, options, introspection
    "strftime", "dw_ustack", "getopt", "is_array", "is_integer", "is_unsigned_integer",
    "is_ptr", "is_str", "is_literal", "kfunc_exist", "kfunc_allowed",
};

// arg0, arg1, ... and the 0.17 stack arguments sarg0, ...
bool is_numbered(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return false;
  std::string_view digits = name.substr(prefix.size());
  return std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

bool is_builtin_type_name(std::string_view name) {
  return std::find(std::begin(kBuiltinTypes), std::end(kBuiltinTypes), name) !=
         std::end(kBuiltinTypes);
}

bool is_builtin_name(std::string_view name) {
  return is_numbered(name, "arg") || is_numbered(name, "sarg") ||
         std::find(std::begin(kBuiltins), std::end(kBuiltins), name) != std::end(kBuiltins);
}

bool names_type(std::string_view name, const ParseOptions& options) {
  if (is_builtin_type_name(name)) return true;
  if (is_builtin_name(name) || !options.is_type_name) return false;
  return options.is_type_name(name);
}

}  // namespace sonde::parser_detail
