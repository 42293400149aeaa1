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

// The user key of delete/has_key in memory: `delete(@m, k)` or the old `delete(@m[k])`.
llvm::Value* user_key(ProbeEmitter& e, ast::Call& call, ast::MapAccess& map) {
  const MapSpec& spec = e.map_spec(map);
  if (call.args.size() < 2) return e.map_key(map);
  Value k = e.eval(*call.args[1]);
  auto* key = e.alloc(spec.key.size(), true);
  e.store(key, k, spec.key);
  return key;
}

// A keyed hist/lhist stores one kernel entry per (key, bucket): applies `helper` (delete or
// lookup) to every bucket of `key` in a loop; the result is true when any call found one.
// `stop_at_first` ends the loop at the first hit (has_key).
llvm::Value* for_each_bucket(ProbeEmitter& e, ast::MapAccess& map, llvm::Value* key,
                             Helper helper, bool stop_at_first) {
  const MapSpec& spec = e.map_spec(map);
  auto& b = e.builder();
  const uint32_t size = spec.hist_key_size();
  auto* full_key = e.alloc(size, true);
  e.copy(full_key, key, spec.key.size());
  auto* bucket = e.offset_ptr(full_key, size - 8);
  auto* found = e.alloc(8, false);
  b.CreateStore(e.const_i64(0), found);
  b.CreateStore(e.const_i64(0), bucket);
  auto* head = e.new_block("buckets_head");
  auto* body = e.new_block("buckets_body");
  auto* done = e.new_block("buckets_done");
  b.CreateBr(head);
  b.SetInsertPoint(head);
  auto* index = b.CreateLoad(e.i64(), bucket);
  auto* more = b.CreateICmpULT(index, e.const_i64(spec.value.bucket_count()));
  if (stop_at_first)
    more = b.CreateAnd(more, b.CreateICmpEQ(b.CreateLoad(e.i64(), found), e.const_i64(0)));
  b.CreateCondBr(more, body, done);
  b.SetInsertPoint(body);
  llvm::Value* hit;
  if (helper == Helper::MapDeleteElem) {
    auto* ret = call_helper(b, helper, e.i64(), {e.map_global(map), full_key});
    hit = b.CreateICmpEQ(ret, e.const_i64(0));
  } else {
    hit = b.CreateIsNotNull(e.lookup(e.map_global(map), full_key));
  }
  b.CreateStore(b.CreateOr(b.CreateLoad(e.i64(), found), b.CreateZExt(hit, e.i64())), found);
  b.CreateStore(b.CreateAdd(b.CreateLoad(e.i64(), bucket), e.const_i64(1)), bucket);
  b.CreateBr(head);
  b.SetInsertPoint(done);
  return b.CreateLoad(e.i64(), found);
}

// delete(@m, k) / delete(@m[k]) returns whether the key was there; delete(@m) on a scalar
// map clears it (asynchronously, like clear) and returns true.
Value emit_delete(ProbeEmitter& e, ast::Call& call) {
  auto& map = static_cast<ast::MapAccess&>(*call.args[0]);
  const MapSpec& spec = e.map_spec(map);
  auto& b = e.builder();
  if (spec.is_scalar() || (call.args.size() == 1 && !map.key)) {
    map_event(e, call, ActionKind::ClearMap);
    return {e.const_i64(1), Type::boolean()};
  }
  llvm::Value* key = user_key(e, call, map);
  if (spec.storage == MapStorage::HistPerCpuHash)
    return {for_each_bucket(e, map, key, Helper::MapDeleteElem, false), Type::boolean()};
  auto* ret = call_helper(b, Helper::MapDeleteElem, e.i64(), {e.map_global(map), key});
  return {b.CreateZExt(b.CreateICmpEQ(ret, e.const_i64(0)), e.i64()), Type::boolean()};
}

Value emit_has_key(ProbeEmitter& e, ast::Call& call) {
  auto& map = static_cast<ast::MapAccess&>(*call.args[0]);
  const MapSpec& spec = e.map_spec(map);
  auto& b = e.builder();
  llvm::Value* key = user_key(e, call, map);
  if (spec.storage == MapStorage::HistPerCpuHash)
    return {for_each_bucket(e, map, key, Helper::MapLookupElem, true), Type::boolean()};
  auto* p = e.lookup(e.map_global(map), key);
  return {b.CreateZExt(b.CreateIsNotNull(p), e.i64()), Type::boolean()};
}

// len(@m): bpf_for_each_map_elem with a callback that counts into a u64 on the stack.
Value emit_len(ProbeEmitter& e, ast::Call& call) {
  auto* map = dynamic_cast<ast::MapAccess*>(call.args[0].get());
  if (!map) {
    e.state().diags.error(call.loc, "len() of a stack is not supported yet");
    return {e.const_i64(0), call.type};
  }
  const MapSpec& spec = e.map_spec(*map);
  if (spec.storage == MapStorage::HistPerCpuHash) {
    // Its kernel entries are (key, bucket) pairs, not keys.
    e.state().diags.error(call.loc, "len() of a histogram map is not supported");
    return {e.const_i64(0), call.type};
  }
  auto& b = e.builder();
  auto* counter = e.alloc(8, false);
  b.CreateStore(e.const_i64(0), counter);
  llvm::Function* caller = b.GetInsertBlock()->getParent();
  llvm::Function* callback = e.state().module.add_map_callback(
      caller->getName().str() + "_len_" + std::to_string(call.loc.begin.line) + "_" +
      std::to_string(call.loc.begin.column));
  {
    llvm::IRBuilder<> cb(&callback->getEntryBlock());
    cb.SetCurrentDebugLocation(llvm::DILocation::get(callback->getContext(), call.loc.begin.line,
                                                     call.loc.begin.column,
                                                     callback->getSubprogram()));
    llvm::Value* total = callback->getArg(3);
    cb.CreateStore(cb.CreateAdd(cb.CreateLoad(cb.getInt64Ty(), total), cb.getInt64(1)), total);
    cb.CreateRet(cb.getInt64(0));  // continue
  }
  call_helper(b, Helper::ForEachMapElem, e.i64(),
              {e.map_global(*map), callback, counter, e.const_i64(0)});
  return {b.CreateLoad(e.i64(), counter), Type::int64()};
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
