// Ring-buffer events: printf, print, exit and every other action handled in user space.
#include "codegen/probe_emitter.h"

namespace sonde::codegen {

llvm::Value* ProbeEmitter::begin_event(uint64_t action, const Type& payload) {
  uint64_t size = 8 + std::max<uint32_t>(payload.size(), 0);
  size = (size + 7) / 8 * 8;
  auto* record = call_helper(b_, Helper::RingbufReserve, b_.getPtrTy(),
                             {state_.ringbuf(), const_i64(size), const_i64(0)});
  auto* reserved = new_block("event_reserved");
  auto* full = new_block("event_lost");
  event_done_ = new_block("event_done");
  b_.CreateCondBr(b_.CreateIsNull(record), full, reserved);

  // Buffer full: count the loss in the per-CPU counter the runtime reports.
  b_.SetInsertPoint(full);
  auto* key = alloc(4, false);
  b_.CreateStore(b_.getInt32(0), key);
  auto* counter = lookup(state_.lost_counter(), key);
  auto* have = new_block("lost_counter");
  b_.CreateCondBr(b_.CreateIsNull(counter), event_done_, have);
  b_.SetInsertPoint(have);
  // Atomic: a program preempted on this CPU by another one must not lose a count, because
  // "Lost N events" has to be exact.
  b_.CreateAtomicRMW(llvm::AtomicRMWInst::Add, counter, const_i64(1), llvm::MaybeAlign(8),
                     llvm::AtomicOrdering::Monotonic);
  b_.CreateBr(event_done_);

  b_.SetInsertPoint(reserved);
  b_.CreateStore(const_i64(action), record);
  event_record_ = record;
  return offset_ptr(record, 8);
}

void ProbeEmitter::finish_event() {
  call_helper(b_, Helper::RingbufSubmit, b_.getVoidTy(), {event_record_, const_i64(0)});
  b_.CreateBr(event_done_);
  b_.SetInsertPoint(event_done_);
  event_record_ = nullptr;
  event_done_ = nullptr;
}

void ProbeEmitter::emit_event_with_args(Action action, const std::vector<ast::Expr*>& args) {
  std::vector<Value> values;
  std::vector<Type> types;
  for (auto* arg : args) {
    Value v = eval(*arg);
    Type t = v.type.is_integer_like_aggregation() ? Type::int64() : v.type;
    if (t.is_none()) t = Type::int64();
    values.push_back(v);
    types.push_back(t);
  }
  action.args = Type::tuple(types);
  uint64_t id = state_.add_action(action);
  llvm::Value* payload = begin_event(id, action.args);
  const auto& fields = action.args.fields();
  for (size_t i = 0; i < values.size(); ++i)
    store(offset_ptr(payload, fields[i].offset), values[i], *fields[i].type);
  finish_event();
}

void ProbeEmitter::emit_runtime_warning(const std::string& message, SourceRange where,
                                       const std::string& helper, int64_t retcode) {
  Action action;
  action.kind = ActionKind::RuntimeWarning;
  action.message = message;
  action.helper = helper;
  action.retcode = retcode;
  action.where = state_.excerpt(where);
  action.args = Type::tuple({});
  uint64_t id = state_.add_action(action);
  begin_event(id, action.args);
  finish_event();
}

}  // namespace sonde::codegen
