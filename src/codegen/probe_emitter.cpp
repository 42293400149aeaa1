#include "codegen/probe_emitter.h"

namespace sonde::codegen {

bool lives_in_memory(const Type& t) {
  switch (t.kind()) {
    case TypeKind::Integer:
    case TypeKind::Bool:
    case TypeKind::Pointer:
    case TypeKind::KStack:
    case TypeKind::Ksym:
    case TypeKind::Timestamp:
    case TypeKind::Username:
    case TypeKind::CgroupPath:
    case TypeKind::None:
      return false;
    default:
      return !t.is_integer_like_aggregation();
  }
}

ProbeEmitter::ProbeEmitter(CompileState& state, const ProbeInfo& probe, size_t point_index)
    : state_(state),
      probe_(probe),
      point_(probe.points[point_index]),
      context_(probe.contexts[point_index]),
      b_(state.module.context()) {}

void ProbeEmitter::set_location(SourceRange range) {
  if (!fn_ || !range.valid()) return;
  b_.SetCurrentDebugLocation(llvm::DILocation::get(state_.module.context(), range.begin.line,
                                                   range.begin.column, fn_->getSubprogram()));
}

llvm::BasicBlock* ProbeEmitter::new_block(const std::string& name) {
  return llvm::BasicBlock::Create(state_.module.context(), name, fn_);
}

void ProbeEmitter::return_from_probe() { b_.CreateRet(const_i64(0)); }

void ProbeEmitter::start_dead_block() { b_.SetInsertPoint(new_block("dead")); }

void ProbeEmitter::emit(const std::string& name) {
  fn_ = state_.module.add_program(name, context_.section);
  ctx_ = fn_->getArg(0);
  entry_ = &fn_->getEntryBlock();
  auto* body = new_block("body");
  b_.SetInsertPoint(entry_);
  set_location(probe_.probe->loc);
  b_.CreateBr(body);
  b_.SetInsertPoint(body);
  // Variables start zeroed, so a read before assignment sees 0 or "".
  for (size_t slot = 0; slot < probe_.variables.size(); ++slot) {
    const Type& t = probe_.variables[slot].type;
    slots_[static_cast<int>(slot)] = alloc(t.is_none() ? 8 : std::max<uint32_t>(1, t.size()), true);
  }

  if (context_.pid_filter) {
    // -p PID on a probe kind that fires for every process: keep only that process.
    auto* pid = b_.CreateLShr(call_helper(b_, Helper::GetCurrentPidTgid, i64(), {}), 32);
    auto* mine = new_block("pid_match");
    auto* other = new_block("pid_other");
    b_.CreateCondBr(b_.CreateICmpEQ(pid, const_i64(static_cast<uint64_t>(*context_.pid_filter))),
                    mine, other);
    b_.SetInsertPoint(other);
    return_from_probe();
    b_.SetInsertPoint(mine);
  }
  if (context_.skip_if_null_at) {
    // iter: an iterator's final call has no object; the probe does not run for it.
    auto* object = b_.CreateLoad(i64(), offset_ptr(ctx_, *context_.skip_if_null_at));
    auto* present = new_block("object_present");
    auto* absent = new_block("object_absent");
    b_.CreateCondBr(b_.CreateICmpEQ(object, const_i64(0)), absent, present);
    b_.SetInsertPoint(absent);
    return_from_probe();
    b_.SetInsertPoint(present);
  }
  ast::Probe& probe = *probe_.probe;
  if (probe.predicate) {
    set_location(probe.predicate->loc);
    auto* pass = eval_condition(*probe.predicate);
    auto* run = new_block("predicate_true");
    auto* skip = new_block("predicate_false");
    b_.CreateCondBr(pass, run, skip);
    b_.SetInsertPoint(skip);
    return_from_probe();
    b_.SetInsertPoint(run);
  }
  visit_block(probe.body);
  set_location(probe.body.loc);
  if (!b_.GetInsertBlock()->getTerminator()) return_from_probe();
  // Blocks left open after break/continue/exit are unreachable; close them.
  for (auto& block : *fn_) {
    if (!block.getTerminator()) {
      llvm::IRBuilder<> tail(&block);
      tail.CreateRet(tail.getInt64(0));
    }
  }
  state_.note_scratch_use(scratch_bytes_);
}

}  // namespace sonde::codegen
