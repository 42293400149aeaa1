// The tables of builtin variables (pid, comm, args ...) and functions (printf, count, str ...).
// Adding a builtin is one row here plus one emitter in src/codegen/ (a codegen test checks
// that both tables name the same builtins).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "probes/provider.h"
#include "program/config.h"
#include "support/result.h"
#include "types/type.h"

namespace sonde {

struct SemanticModel;
struct ProbeInfo;
class TypeLookup;

// What typing a builtin may consult about the probe it appears in.
struct TypeEnv {
  const ProbeContext* context = nullptr;  // first attach point's context
  const AttachPoint* point = nullptr;
  const RuntimeConfig* config = nullptr;
  std::string provider;                   // canonical provider of the probe
  TypeLookup* types = nullptr;            // C/BTF types (curtask is a struct task_struct *)
  const ProbeInfo* probe = nullptr;       // every attach point (probe/probetype sizes)
};

struct BuiltinVariable {
  std::string_view name;
  // The variable's type here, or the error message when it cannot be used in this probe.
  Result<Type> (*type)(const TypeEnv& env, std::string_view name);
};

// Row for `name` (argN and sargN share one row each); nullptr if not a builtin variable.
const BuiltinVariable* find_builtin_variable(std::string_view name);
int builtin_variable_id(std::string_view name);
const BuiltinVariable& builtin_variable(int id);
std::vector<std::string> builtin_variable_names();

// Gives a function's check routine what it needs, and the shared argument checks.
class CallCheck {
 public:
  CallCheck(ast::Call& call, Diagnostics& diags, const TypeEnv& env, SemanticModel& model,
            bool is_map_value)
      : call(call), diags(diags), env(env), model(model), is_map_value(is_map_value) {}

  ast::Call& call;
  Diagnostics& diags;
  const TypeEnv& env;
  SemanticModel& model;
  bool is_map_value;  // the call is the whole right-hand side of a map assignment

  size_t count() const { return call.args.size(); }
  const Type& arg(size_t i) const { return call.args[i]->type; }
  ast::Expr& arg_expr(size_t i) const { return *call.args[i]; }
  std::optional<int64_t> constant(size_t i) const;
  // The literal text of a string-literal argument, or nullopt.
  std::optional<std::string> string_literal(size_t i) const;

  void error(const std::string& message);               // marks the whole call
  void error_at(size_t i, const std::string& message);  // marks argument i
  // Requires argument i to be an integer (or integer-like); reports and returns false if not.
  bool expect_integer(size_t i);
  bool expect_string_literal(size_t i);
  bool expect_map(size_t i);
};

struct BuiltinFunction {
  std::string_view name;
  int min_args = 0;
  int max_args = 0;
  bool aggregation = false;  // only valid as the whole value of a map assignment
  bool unsafe = false;       // needs --unsafe
  // Index of an argument that names a whole map (`clear(@m)`, `print(@m)`), or -1. Such an
  // argument is a map reference, not a read of the map's value.
  int map_arg = -1;
  // Checks the arguments (already typed) and sets call.type.
  void (*check)(CallCheck& c) = nullptr;
  // Bare identifiers among the arguments are keywords (`kstack(perf)`), not builtins.
  bool keyword_args = false;
};

const BuiltinFunction* find_builtin_function(std::string_view name);
int builtin_function_id(std::string_view name);
const BuiltinFunction& builtin_function(int id);
std::vector<std::string> builtin_function_names();

}  // namespace sonde
