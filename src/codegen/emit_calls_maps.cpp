// clear, zero, delete, has_key, len, and the aggregation functions (emitted by the map
// assignment that holds them, see emit_aggregations.cpp).
#include "codegen/function_emitters.h"

namespace sonde::codegen {

namespace {

Value map_event(ProbeEmitter& e, ast::Call& call, ActionKind kind) {
  auto& map = static_cast<ast::MapAccess&>(*call.args[0]);
  Action action;
  action.kind = kind;
  action.map_index = map.map_index;
  e.emit_event_with_args(action, {});
  return {e.const_i64(0), Type::none()};
}

Value emit_clear(ProbeEmitter& e, ast::Call& call) { return map_event(e, call, ActionKind::ClearMap); }
Value emit_zero(ProbeEmitter& e, ast::Call& call) { return map_event(e, call, ActionKind::ZeroMap); }

Value emit_delete(ProbeEmitter& e, ast::Call& call) {
  auto& map = static_cast<ast::MapAccess&>(*call.args[0]);
  const MapSpec& spec = e.map_spec(map);
  if (call.args.size() == 1 && !map.key) return map_event(e, call, ActionKind::ClearMap);
  auto& b = e.builder();
  llvm::Value* key;
  if (call.args.size() == 2) {
    Value k = e.eval(*call.args[1]);
    key = e.alloc(spec.key.size(), true);
    e.store(key, k, spec.key);
  } else {
    key = e.map_key(map);
  }
  if (spec.storage == MapStorage::ScalarArray || spec.storage == MapStorage::ScalarPerCpuArray)
    return map_event(e, call, ActionKind::ClearMap);
  auto* ret = call_helper(b, Helper::MapDeleteElem, e.i64(), {e.map_global(map), key});
  return {b.CreateZExt(b.CreateICmpEQ(ret, e.const_i64(0)), e.i64()), Type::boolean()};
}

Value emit_has_key(ProbeEmitter& e, ast::Call& call) {
  auto& map = static_cast<ast::MapAccess&>(*call.args[0]);
  const MapSpec& spec = e.map_spec(map);
  auto& b = e.builder();
  Value k = e.eval(*call.args[1]);
  auto* key = e.alloc(spec.key.size(), true);
  e.store(key, k, spec.key);
  auto* p = e.lookup(e.map_global(map), key);
  return {b.CreateZExt(b.CreateIsNotNull(p), e.i64()), Type::boolean()};
}

Value emit_len(ProbeEmitter& e, ast::Call& call) {
  e.state().diags.error(call.loc, "len() is not supported by the code generator yet");
  return {e.const_i64(0), call.type};
}

Value emit_in_assignment(ProbeEmitter& e, ast::Call& call) {
  // Aggregations are emitted by the assignment; sema rejects them anywhere else.
  return {e.const_i64(0), call.type};
}

}  // namespace

std::vector<CallEmitterEntry> map_call_emitters() {
  return {
      {"clear", emit_clear},   {"zero", emit_zero},   {"delete", emit_delete},
      {"has_key", emit_has_key}, {"len", emit_len},
      {"count", emit_in_assignment}, {"sum", emit_in_assignment}, {"avg", emit_in_assignment},
      {"min", emit_in_assignment},   {"max", emit_in_assignment}, {"stats", emit_in_assignment},
      {"hist", emit_in_assignment},  {"lhist", emit_in_assignment},
  };
}

}  // namespace sonde::codegen
