#include "codegen/memory_access.h"

namespace sonde::codegen {

namespace {

AddrSpace effective_space(const ProbeEmitter& e, AddrSpace space) {
  return space != AddrSpace::None ? space : e.context().addr_space;
}

uint32_t element_size(const Type& element) {
  return std::max<uint32_t>(1, element.is_none() ? 1 : element.size());
}

}  // namespace

bool is_context_args(const ProbeEmitter& e, const ast::Expr& expr) {
  auto* id = dynamic_cast<const ast::Identifier*>(&expr);
  return id && id->builtin_id >= 0 && id->name == "args" &&
         e.context().args_layout != ProbeContext::ArgsLayout::None;
}

const Field& accessed_field(ProbeEmitter& e, const ast::FieldAccess& n) {
  auto* id = dynamic_cast<const ast::Identifier*>(n.base.get());
  const auto& args = e.context().args;
  if (!id || id->builtin_id < 0 || id->name != "args" || !args || !args->is(TypeKind::Struct))
    return *n.member;
  for (const Field& f : args->fields()) {
    if (f.name != n.member->name) continue;
    if (f.type->size() != n.member->type->size() || f.data_loc != n.member->data_loc)
      e.state().diags.error(n.loc, "args." + f.name + " of " + e.point().name + " is a " +
                                       f.type->to_string() + ", not a " +
                                       n.member->type->to_string() +
                                       " as at the probe's first attach point");
    return f;
  }
  e.state().diags.error(n.loc, e.point().name + " has no argument named '" + n.member->name + "'");
  return *n.member;
}

bool is_addressable(const ProbeEmitter& e, const ast::Expr& expr) {
  if (auto* u = dynamic_cast<const ast::Unary*>(&expr))
    return u->op == ast::UnaryOp::Deref &&
           (u->operand->type.is_pointer() || u->operand->type.is_integer());
  if (auto* f = dynamic_cast<const ast::FieldAccess*>(&expr)) {
    if (!f->member) return false;
    return f->through_pointer || is_context_args(e, *f->base) || is_addressable(e, *f->base);
  }
  if (auto* i = dynamic_cast<const ast::Index*>(&expr)) {
    const Type& base = i->base->type;
    if (base.is_pointer()) return true;
    return (base.is(TypeKind::Array) || base.is_string()) && is_addressable(e, *i->base);
  }
  return false;
}

MemoryRef address_of(ProbeEmitter& e, ast::Expr& expr) {
  auto& b = e.builder();
  if (auto* u = dynamic_cast<ast::Unary*>(&expr))
    return {e.eval_i64(*u->operand), u->operand->type.addr_space()};
  if (auto* f = dynamic_cast<ast::FieldAccess*>(&expr)) {
    MemoryRef base;
    if (f->through_pointer) {
      base = {e.eval_i64(*f->base), f->base->type.addr_space()};
    } else if (is_context_args(e, *f->base)) {
      base = {b.CreatePtrToInt(e.ctx(), e.i64()), AddrSpace::Kernel};
    } else {
      base = address_of(e, *f->base);
    }
    return {b.CreateAdd(base.addr, e.const_i64(accessed_field(e, *f).offset)), base.space};
  }
  auto& index = static_cast<ast::Index&>(expr);
  const Type& base_type = index.base->type;
  MemoryRef base;
  uint32_t stride;
  if (base_type.is_pointer()) {
    base = {e.eval_i64(*index.base), base_type.addr_space()};
    stride = element_size(base_type.element());
  } else {
    base = address_of(e, *index.base);
    stride = base_type.is_string() ? 1 : element_size(base_type.element());
  }
  llvm::Value* i = e.eval_i64(*index.index);
  return {b.CreateAdd(base.addr, b.CreateMul(i, e.const_i64(stride))), base.space};
}

Helper read_helper(const ProbeEmitter& e, AddrSpace space, bool string) {
  bool user = effective_space(e, space) == AddrSpace::User;
  if (string) return user ? Helper::ProbeReadUserStr : Helper::ProbeReadKernelStr;
  return user ? Helper::ProbeReadUser : Helper::ProbeReadKernel;
}

Value read_memory(ProbeEmitter& e, const MemoryRef& ref, const Type& type) {
  auto& b = e.builder();
  uint32_t size = type.is_none() ? 8 : type.size();
  if (size == 0)  // a flexible array member: nothing to read, but memory-typed values need memory
    return {lives_in_memory(type) ? e.alloc(8, true) : e.const_i64(0), type};
  // Scalars are read into a zeroed 8-byte slot, so narrower ones load cleanly.
  auto* dst = e.alloc(std::max<uint32_t>(8, size), !lives_in_memory(type));
  call_helper(b, read_helper(e, ref.space, false), e.i64(),
              {dst, e.const_i64(size), b.CreateIntToPtr(ref.addr, b.getPtrTy())});
  return e.load(dst, type.is_none() ? Type::uint64() : type);
}

namespace {

// The storage bytes holding a bitfield, shifted down and masked (sign-extended if signed).
Value bitfield_value(ProbeEmitter& e, llvm::Value* word, const Field& field, const Type& type) {
  auto& b = e.builder();
  uint32_t width = std::min<uint32_t>(field.bit_width, 64);
  llvm::Value* v = b.CreateLShr(word, e.const_i64(field.bit_offset));
  if (width < 64) {
    uint32_t unused = 64 - width;
    v = b.CreateShl(v, e.const_i64(unused));
    v = type.is_signed() ? b.CreateAShr(v, e.const_i64(unused))
                         : b.CreateLShr(v, e.const_i64(unused));
  }
  return {v, type};
}

uint32_t storage_bytes(const Field& field) {
  return std::min<uint32_t>(8, (field.bit_offset + field.bit_width + 7) / 8);
}

}  // namespace

Value read_bitfield(ProbeEmitter& e, const MemoryRef& ref, const Field& field, const Type& type) {
  auto& b = e.builder();
  auto* word = e.alloc(8, true);
  call_helper(b, read_helper(e, ref.space, false), e.i64(),
              {word, e.const_i64(storage_bytes(field)), b.CreateIntToPtr(ref.addr, b.getPtrTy())});
  return bitfield_value(e, b.CreateLoad(e.i64(), word), field, type);
}

Value extract_bitfield(ProbeEmitter& e, llvm::Value* storage, const Field& field,
                       const Type& type) {
  auto& b = e.builder();
  auto* word = e.alloc(8, true);
  e.copy(word, storage, storage_bytes(field));
  return bitfield_value(e, b.CreateLoad(e.i64(), word), field, type);
}

}  // namespace sonde::codegen
