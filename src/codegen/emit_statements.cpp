// Statements: assignments, conditionals, loops, jumps.
#include "codegen/probe_emitter.h"
#include "sema/constant.h"
#include "sema/type_rules.h"

namespace sonde::codegen {

void ProbeEmitter::visit_block(ast::Block& b) {
  for (auto& s : b.stmts) {
    set_location(s->loc);
    s->accept(*this);
  }
}

void ProbeEmitter::visit(ast::ExprStmt& n) { eval(*n.expr); }

// A macro's statements, then its value (the expression's result).
void ProbeEmitter::visit(ast::BlockExpr& n) {
  visit_block(n.block);
  Value value = eval(*n.value);
  result_ = value;
}

void ProbeEmitter::visit(ast::Assignment& n) {
  if (auto* map = dynamic_cast<ast::MapAccess*>(n.target.get())) {
    auto* call = dynamic_cast<ast::Call*>(n.value.get());
    if (!n.compound && call && call->type.is_aggregation()) {
      aggregate(*map, *call);
      return;
    }
    if (n.compound) {
      llvm::Value* operand = eval_i64(*n.value);
      update_map_integer(*map, *n.compound, operand, nullptr, nullptr);
      return;
    }
    write_map(*map, eval(*n.value));
    return;
  }
  auto& var = static_cast<ast::Variable&>(*n.target);
  Value slot = variable_slot(var.slot);
  if (n.compound) {
    llvm::Value* current = load(slot.v, slot.type).v;
    llvm::Value* operand = eval_i64(*n.value);
    ast::Binary tmp(*n.compound, nullptr, nullptr);
    llvm::Value* v = nullptr;
    bool is_signed = as_integer(slot.type).is_signed();
    switch (*n.compound) {
      case ast::BinaryOp::Add: v = b_.CreateAdd(current, operand); break;
      case ast::BinaryOp::Sub: v = b_.CreateSub(current, operand); break;
      case ast::BinaryOp::Mul: v = b_.CreateMul(current, operand); break;
      case ast::BinaryOp::Div:
      case ast::BinaryOp::Mod:
        tmp.loc = n.loc;
        v = emit_division(tmp, current, operand, is_signed);
        break;
      case ast::BinaryOp::BitAnd: v = b_.CreateAnd(current, operand); break;
      case ast::BinaryOp::BitOr: v = b_.CreateOr(current, operand); break;
      case ast::BinaryOp::BitXor: v = b_.CreateXor(current, operand); break;
      case ast::BinaryOp::Shl: v = b_.CreateShl(current, b_.CreateAnd(operand, const_i64(63))); break;
      case ast::BinaryOp::Shr:
        v = is_signed ? b_.CreateAShr(current, b_.CreateAnd(operand, const_i64(63)))
                      : b_.CreateLShr(current, b_.CreateAnd(operand, const_i64(63)));
        break;
      default: v = current; break;
    }
    store(slot.v, {v, slot.type}, slot.type);
    return;
  }
  Value value = eval(*n.value);
  store(slot.v, value, slot.type);
}

void ProbeEmitter::visit(ast::VarDecl& n) {
  Value slot = variable_slot(n.var->slot);
  if (n.value) store(slot.v, eval(*n.value), slot.type);
  else zero_fill(slot.v, std::max<uint32_t>(1, slot.type.size()));
}

void ProbeEmitter::visit(ast::If& n) {
  auto* cond = eval_condition(*n.cond);
  auto* then_block = new_block("if_then");
  auto* else_block = n.otherwise ? new_block("if_else") : nullptr;
  auto* done = new_block("if_done");
  b_.CreateCondBr(cond, then_block, else_block ? else_block : done);
  b_.SetInsertPoint(then_block);
  visit_block(n.then);
  if (!b_.GetInsertBlock()->getTerminator()) b_.CreateBr(done);
  if (else_block) {
    b_.SetInsertPoint(else_block);
    visit_block(*n.otherwise);
    if (!b_.GetInsertBlock()->getTerminator()) b_.CreateBr(done);
  }
  b_.SetInsertPoint(done);
}

// cond may be null (infinite until break); the verifier bounds the loop.
void ProbeEmitter::emit_loop(ast::Expr* cond, ast::Block& body, ast::Stmt*) {
  auto* head = new_block("loop_head");
  auto* body_block = new_block("loop_body");
  auto* done = new_block("loop_done");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  if (cond) b_.CreateCondBr(eval_condition(*cond), body_block, done);
  else b_.CreateBr(body_block);
  b_.SetInsertPoint(body_block);
  loops_.emplace_back(done, head);
  visit_block(body);
  loops_.pop_back();
  if (!b_.GetInsertBlock()->getTerminator()) b_.CreateBr(head);
  b_.SetInsertPoint(done);
}

void ProbeEmitter::visit(ast::While& n) { emit_loop(n.cond.get(), n.body, &n); }

void ProbeEmitter::visit(ast::Unroll& n) {
  auto count = evaluate_constant(*n.count, state_.model.positional_args).value_or(1);
  for (int64_t i = 0; i < count; ++i) visit_block(n.body);
}

void ProbeEmitter::visit(ast::ForRange& n) {
  Value slot = variable_slot(n.var->slot);
  llvm::Value* start = eval_i64(*n.start);
  llvm::Value* end_value = eval_i64(*n.end);
  auto* end_slot = alloc(8, false);
  b_.CreateStore(end_value, end_slot);
  store(slot.v, {start, slot.type}, slot.type);
  auto* head = new_block("range_head");
  auto* body = new_block("range_body");
  auto* step = new_block("range_step");
  auto* done = new_block("range_done");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  auto* i = load(slot.v, slot.type).v;
  bool is_signed = as_integer(slot.type).is_signed();
  auto* end_now = b_.CreateLoad(i64(), end_slot);
  b_.CreateCondBr(is_signed ? b_.CreateICmpSLT(i, end_now) : b_.CreateICmpULT(i, end_now), body,
                  done);
  b_.SetInsertPoint(body);
  loops_.emplace_back(done, step);
  visit_block(n.body);
  loops_.pop_back();
  if (!b_.GetInsertBlock()->getTerminator()) b_.CreateBr(step);
  b_.SetInsertPoint(step);
  auto* current = load(slot.v, slot.type).v;
  store(slot.v, {b_.CreateAdd(current, const_i64(1)), slot.type}, slot.type);
  b_.CreateBr(head);
  b_.SetInsertPoint(done);
}

void ProbeEmitter::visit(ast::Jump& n) {
  switch (n.kind) {
    case ast::JumpKind::Break:
      if (!loops_.empty()) b_.CreateBr(loops_.back().first);
      break;
    case ast::JumpKind::Continue:
      if (!loops_.empty()) b_.CreateBr(loops_.back().second);
      break;
    case ast::JumpKind::Return:
      if (n.value) eval(*n.value);
      return_from_probe();
      break;
  }
  start_dead_block();
}

}  // namespace sonde::codegen
