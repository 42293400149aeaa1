// for ($kv : @map) { ... }: the body becomes a callback subprogram run by
// bpf_for_each_map_elem. The probe's variables are shared with it through a frame of pointers
// on the probe's stack (the helper's context argument must point to the stack).
#include "codegen/probe_emitter.h"

namespace sonde::codegen {

namespace {
constexpr uint64_t kContinueIteration = 0;
constexpr uint64_t kStopIteration = 1;
// The callback's own stack adds to the probe's within the kernel's 512-byte limit.
constexpr uint32_t kCallbackStackBudget = 64;
}  // namespace

// Everything that belongs to the function being emitted; swapped out while a callback is.
struct ProbeEmitter::FunctionState {
  llvm::Function* fn;
  llvm::BasicBlock* entry;
  llvm::Value* ctx;
  llvm::Value* scratch_base;
  uint32_t stack_bytes;
  uint32_t stack_budget;
  std::map<int, llvm::Value*> slots;
  std::vector<std::pair<llvm::BasicBlock*, llvm::BasicBlock*>> loops;
  llvm::IRBuilderBase::InsertPoint insert_point;
  llvm::DebugLoc location;
};

ProbeEmitter::FunctionState ProbeEmitter::save_function() {
  return FunctionState{fn_,   entry_, ctx_,   scratch_base_,       stack_bytes_,
                       stack_budget_, slots_, loops_, b_.saveIP(), b_.getCurrentDebugLocation()};
}

void ProbeEmitter::restore_function(FunctionState& s) {
  fn_ = s.fn;
  entry_ = s.entry;
  ctx_ = s.ctx;
  scratch_base_ = s.scratch_base;
  stack_bytes_ = s.stack_bytes;
  stack_budget_ = s.stack_budget;
  slots_ = std::move(s.slots);
  loops_ = std::move(s.loops);
  b_.restoreIP(s.insert_point);
  b_.SetCurrentDebugLocation(s.location);
}

// The loop variable: (key, value) with the value read the way a map read would.
void ProbeEmitter::store_map_element(ast::ForMap& n, llvm::Value* key, llvm::Value* value,
                                     llvm::Value* map) {
  const MapSpec& spec = map_spec(*n.map);
  Value slot = variable_slot(n.var->slot);
  const auto& fields = slot.type.fields();
  if (fields.size() != 2) return;
  copy(offset_ptr(slot.v, fields[0].offset), key, spec.key.size());
  Value element = spec.value.is_aggregation()
                      ? read_aggregation(spec, map, key, *fields[1].type)
                      : load(value, spec.value);
  store(offset_ptr(slot.v, fields[1].offset), element, *fields[1].type);
}

void ProbeEmitter::visit(ast::ForMap& n) {
  const MapSpec& spec = map_spec(*n.map);
  if (spec.value.is_hist_like() || spec.storage == MapStorage::ScalarArray ||
      spec.storage == MapStorage::ScalarPerCpuArray) {
    state_.diags.error(n.map->loc, "cannot iterate over " + n.map->name + " (" +
                                       spec.value.to_string() + " values)");
    return;
  }
  // Frame: one pointer per variable slot, then the probe context.
  size_t slot_count = probe_.variables.size();
  llvm::IRBuilder<> eb(entry_, entry_->begin());
  auto* frame = eb.CreateAlloca(llvm::ArrayType::get(b_.getPtrTy(), slot_count + 1));
  stack_bytes_ += static_cast<uint32_t>((slot_count + 1) * 8);
  for (size_t i = 0; i < slot_count; ++i)
    b_.CreateStore(slots_[static_cast<int>(i)], b_.CreateConstGEP1_64(b_.getPtrTy(), frame, i));
  b_.CreateStore(ctx_, b_.CreateConstGEP1_64(b_.getPtrTy(), frame, slot_count));

  auto* callback = state_.module.add_map_callback(fn_->getName().str() + "_for" +
                                                  std::to_string(++callbacks_));
  FunctionState saved = save_function();
  fn_ = callback;
  entry_ = &callback->getEntryBlock();
  scratch_base_ = nullptr;
  stack_bytes_ = 0;
  stack_budget_ = kCallbackStackBudget;
  loops_.clear();
  auto* body = new_block("for_body");
  b_.SetInsertPoint(entry_);
  set_location(n.loc);
  b_.CreateBr(body);
  b_.SetInsertPoint(body);
  llvm::Value* shared = callback->getArg(3);
  for (size_t i = 0; i < slot_count; ++i)
    slots_[static_cast<int>(i)] =
        b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getPtrTy(), shared, i));
  ctx_ = b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getPtrTy(), shared, slot_count));
  store_map_element(n, callback->getArg(1), callback->getArg(2), callback->getArg(0));

  auto* next = new_block("for_continue");
  auto* stop = new_block("for_break");
  loops_.emplace_back(stop, next);
  visit_block(n.body);
  if (!b_.GetInsertBlock()->getTerminator()) b_.CreateBr(next);
  b_.SetInsertPoint(next);
  b_.CreateRet(const_i64(kContinueIteration));
  b_.SetInsertPoint(stop);
  b_.CreateRet(const_i64(kStopIteration));
  for (auto& block : *callback)
    if (!block.getTerminator()) llvm::IRBuilder<>(&block).CreateRet(const_i64(kContinueIteration));
  restore_function(saved);

  call_helper(b_, Helper::ForEachMapElem, i64(),
              {map_global(*n.map), callback, frame, const_i64(0)});
}

}  // namespace sonde::codegen
