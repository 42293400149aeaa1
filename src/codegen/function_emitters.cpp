#include "codegen/function_emitters.h"
#include "sema/builtins.h"

namespace sonde::codegen {

namespace {
const std::vector<CallEmitterEntry>& all_emitters() {
  static const std::vector<CallEmitterEntry> table = [] {
    std::vector<CallEmitterEntry> rows;
    for (auto family : {output_call_emitters, value_call_emitters, map_call_emitters}) {
      auto part = family();
      rows.insert(rows.end(), part.begin(), part.end());
    }
    return rows;
  }();
  return table;
}
}  // namespace

CallEmitter find_call_emitter(std::string_view name) {
  for (const auto& row : all_emitters())
    if (row.name == name) return row.emit;
  return nullptr;
}

std::vector<std::string> codegen_function_names() {
  std::vector<std::string> names;
  for (const auto& row : all_emitters()) names.emplace_back(row.name);
  return names;
}

Value ProbeEmitter::call_function(ast::Call& n) {
  if (n.builtin_id < 0) {
    // `pid()` call syntax of a builtin variable.
    ast::Identifier id(n.name);
    id.loc = n.loc;
    id.type = n.type;
    id.builtin_id = builtin_variable_id(n.name);
    return builtin_variable(id);
  }
  CallEmitter emit = find_call_emitter(n.name);
  if (!emit) {
    state_.diags.error(n.loc, n.name + "() is not supported by the code generator yet");
    return {const_i64(0), n.type};
  }
  return emit(*this, n);
}

}  // namespace sonde::codegen
