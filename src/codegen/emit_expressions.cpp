// Expressions: literals, variables, operators, field and element access, casts, tuples.
#include "codegen/memory_access.h"
#include "codegen/probe_emitter.h"
#include "sema/constant.h"
#include "sema/type_rules.h"

namespace sonde::codegen {

Value ProbeEmitter::eval(ast::Expr& e) {
  result_ = Value{};
  e.accept(*this);
  Value v = result_;
  if (v.type.is_none()) v.type = e.type;
  if (!v.v) v.v = const_i64(0);
  return v;
}

llvm::Value* ProbeEmitter::eval_i64(ast::Expr& e) { return to_i64(eval(e)); }

llvm::Value* ProbeEmitter::eval_condition(ast::Expr& e) {
  Value v = eval(e);
  return b_.CreateICmpNE(to_i64(v), const_i64(0));
}

void ProbeEmitter::visit(ast::IntegerLiteral& n) { result_ = {const_i64(n.value), n.type}; }

void ProbeEmitter::visit(ast::BoolLiteral& n) { result_ = {const_i64(n.value ? 1 : 0), n.type}; }

namespace {
Value string_constant(ProbeEmitter& e, const std::string& text, const Type& type) {
  auto& b = e.builder();
  uint32_t size = std::max<uint32_t>(type.size(), static_cast<uint32_t>(text.size() + 1));
  auto* mem = e.alloc(size, false);
  // Store 8 bytes at a time; the tail (and padding) is zero.
  for (uint32_t off = 0; off < size; off += 8) {
    uint64_t word = 0;
    uint32_t chunk = std::min<uint32_t>(8, size - off);
    for (uint32_t i = 0; i < chunk; ++i) {
      uint8_t c = off + i < text.size() ? static_cast<uint8_t>(text[off + i]) : 0;
      word |= static_cast<uint64_t>(c) << (8 * i);
    }
    if (chunk == 8) {
      b.CreateStore(b.getInt64(word), e.offset_ptr(mem, off));
    } else {
      for (uint32_t i = 0; i < chunk; ++i)
        b.CreateStore(b.getInt8(static_cast<uint8_t>(word >> (8 * i))), e.offset_ptr(mem, off + i));
    }
  }
  return {mem, type};
}
}  // namespace

void ProbeEmitter::visit(ast::StringLiteral& n) { result_ = string_constant(*this, n.value, n.type); }

void ProbeEmitter::visit(ast::PositionalParam& n) {
  const auto& args = state_.model.positional_args;
  if (n.type.is_string()) {
    result_ = string_constant(*this, args[n.index - 1], n.type);
    return;
  }
  auto value = evaluate_constant(n, args);
  result_ = {const_i64(static_cast<uint64_t>(value.value_or(0))), n.type};
}

void ProbeEmitter::visit(ast::Identifier& n) {
  if (n.constant) {
    result_ = {const_i64(static_cast<uint64_t>(*n.constant)), n.type};
    return;
  }
  result_ = builtin_variable(n);
}

Value ProbeEmitter::variable_slot(int slot) {
  const VariableInfo& info = probe_.variables[slot];
  auto it = slots_.find(slot);
  if (it == slots_.end()) {
    // Every slot is created and zeroed at the start of the program (see emit()); this is
    // only reached for variables sema typed after that point.
    uint32_t size = info.type.is_none() ? 8 : info.type.size();
    it = slots_.emplace(slot, alloc(size, true)).first;
  }
  return {it->second, info.type};
}

void ProbeEmitter::visit(ast::Variable& n) {
  Value slot = variable_slot(n.slot);
  result_ = load(slot.v, slot.type);
}

void ProbeEmitter::visit(ast::MapAccess& n) { result_ = read_map(n); }

void ProbeEmitter::visit(ast::Call& n) {
  set_location(n.loc);
  result_ = call_function(n);
}

// ---- operators ------------------------------------------------------------------------------

namespace {
bool operands_signed(const ast::Binary& n) {
  const Type l = as_integer(n.lhs->type), r = as_integer(n.rhs->type);
  bool ls = l.is_integer() && l.is_signed(), rs = r.is_integer() && r.is_signed();
  if (is_nonnegative_literal(*n.lhs)) ls = rs;
  if (is_nonnegative_literal(*n.rhs)) rs = ls;
  return ls && rs;
}
}  // namespace

llvm::Value* ProbeEmitter::compare_memory(llvm::Value* a, llvm::Value* b, uint32_t size) {
  // Byte loop: equal when every byte matches up to the first NUL (or `size`).
  auto* i_slot = alloc(8, false);
  b_.CreateStore(const_i64(0), i_slot);
  auto* result_slot = alloc(8, false);
  b_.CreateStore(const_i64(1), result_slot);
  auto* head = new_block("strcmp_head");
  auto* body = new_block("strcmp_body");
  auto* next = new_block("strcmp_next");
  auto* differ = new_block("strcmp_differ");
  auto* done = new_block("strcmp_done");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  auto* i = b_.CreateLoad(i64(), i_slot);
  b_.CreateCondBr(b_.CreateICmpULT(i, const_i64(size)), body, done);
  b_.SetInsertPoint(body);
  auto* ca = b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), a, i));
  auto* cb = b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), b, i));
  auto* same = new_block("strcmp_same");
  b_.CreateCondBr(b_.CreateICmpNE(ca, cb), differ, same);
  b_.SetInsertPoint(same);
  b_.CreateCondBr(b_.CreateICmpEQ(ca, b_.getInt8(0)), done, next);
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(i, const_i64(1)), i_slot);
  b_.CreateBr(head);
  b_.SetInsertPoint(differ);
  b_.CreateStore(const_i64(0), result_slot);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateICmpNE(b_.CreateLoad(i64(), result_slot), const_i64(0));
}

llvm::Value* ProbeEmitter::compare_strings(const Value& a, const Value& b, ast::Expr* la,
                                           ast::Expr* lb) {
  auto* lit_a = dynamic_cast<ast::StringLiteral*>(la);
  auto* lit_b = dynamic_cast<ast::StringLiteral*>(lb);
  if (lit_a || lit_b) {
    const std::string& text = lit_a ? lit_a->value : lit_b->value;
    const Value& other = lit_a ? b : a;
    if (lit_a && lit_b) return b_.getInt1(lit_a->value == lit_b->value);
    // Compare the literal's bytes and its NUL, within the other string's capacity.
    uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(text.size() + 1), other.type.size());
    llvm::Value* diff = b_.getInt8(0);
    for (uint32_t i = 0; i < n; ++i) {
      auto* c = b_.CreateLoad(b_.getInt8Ty(), offset_ptr(other.v, i));
      uint8_t expected = i < text.size() ? static_cast<uint8_t>(text[i]) : 0;
      diff = b_.CreateOr(diff, b_.CreateXor(c, b_.getInt8(expected)));
    }
    return b_.CreateICmpEQ(diff, b_.getInt8(0));
  }
  return compare_memory(a.v, b.v, std::min(a.type.size(), b.type.size()));
}

llvm::Value* ProbeEmitter::emit_division(ast::Binary& n, llvm::Value* l, llvm::Value* r,
                                         bool is_signed) {
  bool is_mod = n.op == ast::BinaryOp::Mod;
  auto* zero = new_block("div_zero");
  auto* divide = new_block("div");
  auto* done = new_block("div_done");
  auto* result = alloc(8, false);
  b_.CreateCondBr(b_.CreateICmpEQ(r, const_i64(0)), zero, divide);

  b_.SetInsertPoint(zero);
  emit_runtime_warning(
      "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as "
      "the result.",
      n.loc);
  b_.CreateStore(const_i64(1), result);
  b_.CreateBr(done);

  b_.SetInsertPoint(divide);
  llvm::Value* value = is_signed ? signed_divide(b_, l, r, is_mod)
                                 : (is_mod ? b_.CreateURem(l, r) : b_.CreateUDiv(l, r));
  b_.CreateStore(value, result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(i64(), result);
}

void ProbeEmitter::visit(ast::Binary& n) {
  using ast::BinaryOp;
  if (n.op == BinaryOp::LogicalAnd || n.op == BinaryOp::LogicalOr) {
    bool is_and = n.op == BinaryOp::LogicalAnd;
    auto* result = alloc(8, false);
    auto* lhs = eval_condition(*n.lhs);
    b_.CreateStore(b_.CreateZExt(lhs, i64()), result);
    auto* rhs_block = new_block(is_and ? "and_rhs" : "or_rhs");
    auto* done = new_block("logical_done");
    if (is_and) b_.CreateCondBr(lhs, rhs_block, done);
    else b_.CreateCondBr(lhs, done, rhs_block);
    b_.SetInsertPoint(rhs_block);
    b_.CreateStore(b_.CreateZExt(eval_condition(*n.rhs), i64()), result);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    result_ = {b_.CreateLoad(i64(), result), Type::boolean()};
    return;
  }
  Value lv = eval(*n.lhs);
  Value rv = eval(*n.rhs);
  if (is_comparison(n.op) && lv.type.is_string() && rv.type.is_string()) {
    llvm::Value* eq = compare_strings(lv, rv, n.lhs.get(), n.rhs.get());
    if (n.op == BinaryOp::Ne) eq = b_.CreateNot(eq);
    result_ = {b_.CreateZExt(eq, i64()), Type::boolean()};
    return;
  }
  if (is_comparison(n.op) && lives_in_memory(lv.type) && lives_in_memory(rv.type)) {
    // Tuples, arrays, buffers: byte equality.
    uint32_t size = std::min(lv.type.size(), rv.type.size());
    llvm::Value* diff = b_.getInt8(0);
    for (uint32_t i = 0; i < size; ++i)
      diff = b_.CreateOr(diff, b_.CreateXor(b_.CreateLoad(b_.getInt8Ty(), offset_ptr(lv.v, i)),
                                            b_.CreateLoad(b_.getInt8Ty(), offset_ptr(rv.v, i))));
    llvm::Value* eq = b_.CreateICmpEQ(diff, b_.getInt8(0));
    if (n.op == BinaryOp::Ne) eq = b_.CreateNot(eq);
    result_ = {b_.CreateZExt(eq, i64()), Type::boolean()};
    return;
  }
  llvm::Value* l = to_i64(lv);
  llvm::Value* r = to_i64(rv);
  bool is_signed = operands_signed(n);
  llvm::Value* v = nullptr;
  // Pointer arithmetic scales by the pointee size (p + n, p - n, n + p).
  auto pointee_size = [](const Type& p) {
    return p.element().is_none() ? 1u : std::max<uint32_t>(1, p.element().size());
  };
  if (lv.type.is_pointer() && !rv.type.is_pointer() &&
      (n.op == BinaryOp::Add || n.op == BinaryOp::Sub)) {
    r = b_.CreateMul(r, const_i64(pointee_size(lv.type)));
  } else if (rv.type.is_pointer() && !lv.type.is_pointer() && n.op == BinaryOp::Add) {
    l = b_.CreateMul(l, const_i64(pointee_size(rv.type)));
  }
  switch (n.op) {
    case BinaryOp::Add: v = b_.CreateAdd(l, r); break;
    case BinaryOp::Sub: v = b_.CreateSub(l, r); break;
    case BinaryOp::Mul: v = b_.CreateMul(l, r); break;
    case BinaryOp::Div:
    case BinaryOp::Mod: v = emit_division(n, l, r, is_signed); break;
    case BinaryOp::BitAnd: v = b_.CreateAnd(l, r); break;
    case BinaryOp::BitOr: v = b_.CreateOr(l, r); break;
    case BinaryOp::BitXor: v = b_.CreateXor(l, r); break;
    case BinaryOp::Shl: v = b_.CreateShl(l, b_.CreateAnd(r, const_i64(63))); break;
    case BinaryOp::Shr: {
      auto* amount = b_.CreateAnd(r, const_i64(63));
      bool left_signed = as_integer(n.lhs->type).is_signed();
      v = left_signed ? b_.CreateAShr(l, amount) : b_.CreateLShr(l, amount);
      break;
    }
    case BinaryOp::Eq: v = b_.CreateICmpEQ(l, r); break;
    case BinaryOp::Ne: v = b_.CreateICmpNE(l, r); break;
    case BinaryOp::Lt: v = is_signed ? b_.CreateICmpSLT(l, r) : b_.CreateICmpULT(l, r); break;
    case BinaryOp::Le: v = is_signed ? b_.CreateICmpSLE(l, r) : b_.CreateICmpULE(l, r); break;
    case BinaryOp::Gt: v = is_signed ? b_.CreateICmpSGT(l, r) : b_.CreateICmpUGT(l, r); break;
    case BinaryOp::Ge: v = is_signed ? b_.CreateICmpSGE(l, r) : b_.CreateICmpUGE(l, r); break;
    default: break;
  }
  if (v->getType() != i64()) v = b_.CreateZExt(v, i64());
  result_ = {v, n.type};
}

void ProbeEmitter::visit(ast::Unary& n) {
  using ast::UnaryOp;
  switch (n.op) {
    case UnaryOp::LogicalNot:
      result_ = {b_.CreateZExt(b_.CreateNot(eval_condition(*n.operand)), i64()), n.type};
      return;
    case UnaryOp::BitNot:
      result_ = {b_.CreateNot(eval_i64(*n.operand)), n.type};
      return;
    case UnaryOp::Neg:
      result_ = {b_.CreateNeg(eval_i64(*n.operand)), n.type};
      return;
    case UnaryOp::Deref:
      result_ = read_memory(*this, address_of(*this, n), n.type);
      return;
    case UnaryOp::AddressOf: {
      // &$v: the variable's own slot; otherwise a copy of the value in BPF memory.
      if (auto* var = dynamic_cast<ast::Variable*>(n.operand.get())) {
        result_ = {b_.CreatePtrToInt(variable_slot(var->slot).v, i64()), n.type};
        return;
      }
      Value v = eval(*n.operand);
      result_ = {b_.CreatePtrToInt(materialize(v, v.type), i64()), n.type};
      return;
    }
    default:
      break;
  }
  // ++ / --
  bool increment = n.op == UnaryOp::PreIncrement || n.op == UnaryOp::PostIncrement;
  bool post = n.op == UnaryOp::PostIncrement || n.op == UnaryOp::PostDecrement;
  auto op = increment ? ast::BinaryOp::Add : ast::BinaryOp::Sub;
  if (auto* var = dynamic_cast<ast::Variable*>(n.operand.get())) {
    Value slot = variable_slot(var->slot);
    auto* old_value = load(slot.v, slot.type).v;
    auto* new_value = increment ? b_.CreateAdd(old_value, const_i64(1))
                                : b_.CreateSub(old_value, const_i64(1));
    store(slot.v, {new_value, slot.type}, slot.type);
    result_ = {post ? old_value : normalise(new_value, slot.type), n.type};
    return;
  }
  auto& map = static_cast<ast::MapAccess&>(*n.operand);
  llvm::Value *old_value = nullptr, *new_value = nullptr;
  update_map_integer(map, op, const_i64(1), &old_value, &new_value);
  result_ = {post ? old_value : new_value, n.type};
}

void ProbeEmitter::visit(ast::Ternary& n) {
  auto* cond = eval_condition(*n.cond);
  auto* then_block = new_block("ternary_then");
  auto* else_block = new_block("ternary_else");
  auto* done = new_block("ternary_done");
  bool memory = lives_in_memory(n.type);
  llvm::Value* result = alloc(memory ? n.type.size() : 8, memory);
  b_.CreateCondBr(cond, then_block, else_block);
  b_.SetInsertPoint(then_block);
  Value a = n.then ? eval(*n.then) : eval(*n.cond);
  store(result, a, memory ? n.type : Type::int64());
  b_.CreateBr(done);
  b_.SetInsertPoint(else_block);
  Value c = eval(*n.otherwise);
  store(result, c, memory ? n.type : Type::int64());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  result_ = memory ? Value{result, n.type} : Value{b_.CreateLoad(i64(), result), n.type};
}

void ProbeEmitter::visit(ast::FieldAccess& n) {
  if (!n.member) {
    result_ = {const_i64(0), n.type};
    return;
  }
  const Field& field = accessed_field(*this, n);
  const Type& ft = n.type;
  if (!n.through_pointer && is_context_args(*this, *n.base)) {
    if (field.data_loc) {
      // __data_loc: low 16 bits = offset of the data in the record, high 16 = length.
      auto* loc = b_.CreateLoad(b_.getInt32Ty(), offset_ptr(ctx_, field.offset));
      auto* data_off = b_.CreateZExt(b_.CreateAnd(loc, b_.getInt32(0xffff)), i64());
      auto* src = b_.CreateGEP(b_.getInt8Ty(), ctx_, data_off);
      auto* dst = alloc(ft.size(), true);
      call_helper(b_, Helper::ProbeReadKernelStr, i64(), {dst, const_i64(ft.size()), src});
      result_ = {dst, ft};
      return;
    }
    if (!lives_in_memory(ft) && field.bit_width == 0) {  // the record is the context: load
      result_ = load(offset_ptr(ctx_, field.offset), ft);
      return;
    }
  }
  if (is_addressable(*this, n)) {
    MemoryRef ref = address_of(*this, n);
    result_ = field.bit_width ? read_bitfield(*this, ref, field, ft) : read_memory(*this, ref, ft);
    return;
  }
  // A struct value already in BPF memory (a variable, a map value, a record).
  Value base = eval(*n.base);
  llvm::Value* at = offset_ptr(base.v, field.offset);
  result_ = field.bit_width ? extract_bitfield(*this, at, field, ft) : load(at, ft);
}

void ProbeEmitter::visit(ast::TupleIndex& n) {
  Value base = eval(*n.base);
  const Field& f = base.type.fields()[n.index];
  result_ = load(offset_ptr(base.v, f.offset), *f.type);
}

void ProbeEmitter::visit(ast::Index& n) {
  if (is_addressable(*this, n)) {
    result_ = read_memory(*this, address_of(*this, n), n.type);
    return;
  }
  Value base = eval(*n.base);
  llvm::Value* index = eval_i64(*n.index);
  if (base.type.is_string() || base.type.is(TypeKind::Array)) {
    Type element = base.type.is_string() ? Type::integer(1, false) : base.type.element();
    uint32_t count = base.type.is_string() ? base.type.size() : base.type.count();
    // Clamp the index so the verifier can prove the access in bounds.
    auto* in_range = b_.CreateICmpULT(index, const_i64(count));
    auto* safe = b_.CreateSelect(in_range, index, const_i64(0));
    auto* addr = b_.CreateGEP(b_.getInt8Ty(), base.v, b_.CreateMul(safe, const_i64(element.size())));
    result_ = load(addr, element);
    return;
  }
  result_ = {const_i64(0), n.type};  // not reached: sema allows no other base
}

void ProbeEmitter::visit(ast::Cast& n) {
  Value v = eval(*n.operand);
  const Type& target = n.type;
  if (target.is(TypeKind::Array) && !lives_in_memory(v.type)) {
    auto* mem = alloc(target.size(), true);
    store(mem, v, Type::integer(static_cast<int>(std::min<uint32_t>(8, target.size())), false));
    result_ = {mem, target};
    return;
  }
  if (target.is_integer() && lives_in_memory(v.type)) {
    result_ = load(v.v, target);
    return;
  }
  if (target.is_integer() || target.is_bool()) {
    llvm::Value* raw = to_i64(v);
    if (target.is_bool()) {
      result_ = {b_.CreateZExt(b_.CreateICmpNE(raw, const_i64(0)), i64()), target};
      return;
    }
    result_ = {normalise(raw, target), target};
    return;
  }
  result_ = {to_i64(v), target};
}

void ProbeEmitter::visit(ast::TupleExpr& n) {
  std::vector<Value> values;
  for (auto& e : n.elements) values.push_back(eval(*e));
  auto* mem = alloc(n.type.size(), true);
  const auto& fields = n.type.fields();
  for (size_t i = 0; i < values.size(); ++i)
    store(offset_ptr(mem, fields[i].offset), values[i], *fields[i].type);
  result_ = {mem, n.type};
}

void ProbeEmitter::visit(ast::RecordExpr& n) {
  std::vector<Value> values;
  for (auto& e : n.values) values.push_back(eval(*e));
  auto* mem = alloc(n.type.size(), true);
  const auto& fields = n.type.fields();
  for (size_t i = 0; i < values.size(); ++i)
    store(offset_ptr(mem, fields[i].offset), values[i], *fields[i].type);
  result_ = {mem, n.type};
}

void ProbeEmitter::visit(ast::Sizeof& n) { result_ = {const_i64(n.value), n.type}; }

void ProbeEmitter::visit(ast::Offsetof& n) { result_ = {const_i64(n.value), n.type}; }

}  // namespace sonde::codegen
