// Functions producing values: str, buf, strncmp, strcontains, bswap, kstack/ustack, ksym,
// usym, ntop, strftime, macaddr, cgroup_path, kaddr, signal.
#include "codegen/function_emitters.h"
#include "codegen/memory_access.h"
#include "codegen/symbol_capture.h"
#include "sema/constant.h"
#include "sema/x86_64_abi.h"

namespace sonde::codegen {

namespace {

// The pointer's (or kptr/uptr-tagged integer's) address space, else the probe's default.
Helper read_str_helper(ProbeEmitter& e, const Type& pointer_type) {
  return read_helper(e, pointer_type.addr_space(), true);
}

Value emit_str(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  if (auto* param = dynamic_cast<ast::PositionalParam*>(call.args[0].get())) {
    const auto& args = e.state().model.positional_args;
    std::string text = param->index >= 1 && static_cast<size_t>(param->index) <= args.size()
                           ? args[param->index - 1]
                           : "";
    auto* mem = e.alloc(call.type.size(), true);
    for (size_t i = 0; i < text.size(); ++i)
      b.CreateStore(b.getInt8(static_cast<uint8_t>(text[i])), e.offset_ptr(mem, i));
    return {mem, call.type};
  }
  Value src = e.eval(*call.args[0]);
  uint32_t cap = call.type.size();
  if (src.type.is_string()) {
    auto* mem = e.alloc(cap, true);
    e.copy(mem, src.v, std::min(cap, src.type.size()));
    if (cap > 0) b.CreateStore(b.getInt8(0), e.offset_ptr(mem, cap - 1));
    return {mem, call.type};
  }
  auto* mem = e.alloc(cap, true);
  llvm::Value* size = e.const_i64(cap);
  if (call.args.size() == 2) {
    // Runtime length: clamp to the buffer so the verifier can bound the read.
    llvm::Value* n = e.eval_i64(*call.args[1]);
    auto* too_big = b.CreateICmpUGT(n, e.const_i64(cap));
    size = b.CreateSelect(too_big, e.const_i64(cap), n);
  }
  llvm::Value* ptr = src.type.is(TypeKind::Array) ? src.v
                                                  : b.CreateIntToPtr(e.to_i64(src), b.getPtrTy());
  Helper h = src.type.is(TypeKind::Array) ? Helper::ProbeReadKernelStr
                                          : read_str_helper(e, src.type);
  call_helper(b, h, e.i64(), {mem, size, ptr});
  return {mem, call.type};
}

Value emit_buf(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  Value src = e.eval(*call.args[0]);
  uint32_t cap = call.type.capacity();
  auto* mem = e.alloc(call.type.size(), true);
  llvm::Value* len = e.const_i64(cap);
  if (call.args.size() == 2) {
    llvm::Value* n = e.eval_i64(*call.args[1]);
    len = b.CreateSelect(b.CreateICmpUGT(n, e.const_i64(cap)), e.const_i64(cap), n);
  }
  b.CreateStore(b.CreateTrunc(len, b.getInt32Ty()), mem);
  if (src.type.is(TypeKind::Array) || src.type.is_string()) {
    e.copy(e.offset_ptr(mem, 4), src.v, std::min(cap, src.type.size()));
  } else {
    Helper h = read_helper(e, src.type.addr_space(), false);
    // Mask the length so the verifier sees it bounded by the buffer.
    auto* bounded = b.CreateAnd(len, e.const_i64(0xffff));
    bounded = b.CreateSelect(b.CreateICmpUGT(bounded, e.const_i64(cap)), e.const_i64(cap), bounded);
    call_helper(b, h, e.i64(),
                {e.offset_ptr(mem, 4), bounded, b.CreateIntToPtr(e.to_i64(src), b.getPtrTy())});
  }
  return {mem, call.type};
}

// Byte-wise comparison of the first n characters, stopping at NUL; 0 when equal.
Value emit_strncmp(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  Value x = e.eval(*call.args[0]);
  Value y = e.eval(*call.args[1]);
  uint64_t n = static_cast<uint64_t>(
      evaluate_constant(*call.args[2], e.state().model.positional_args).value_or(0));
  n = std::min<uint64_t>({n, x.type.size(), y.type.size()});
  llvm::Value* differ = b.getInt1(false);
  llvm::Value* ended = b.getInt1(false);
  for (uint64_t i = 0; i < n; ++i) {
    auto* cx = b.CreateLoad(b.getInt8Ty(), e.offset_ptr(x.v, i));
    auto* cy = b.CreateLoad(b.getInt8Ty(), e.offset_ptr(y.v, i));
    auto* live = b.CreateNot(ended);
    differ = b.CreateOr(differ, b.CreateAnd(live, b.CreateICmpNE(cx, cy)));
    ended = b.CreateOr(ended, b.CreateICmpEQ(cx, b.getInt8(0)));
  }
  return {b.CreateZExt(differ, e.i64()), call.type};
}

// Whether the needle occurs in the haystack: bounded nested loops over the two strings.
Value emit_strcontains(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  Value hay = e.eval(*call.args[0]);
  Value needle = e.eval(*call.args[1]);
  uint32_t hn = hay.type.size(), nn = needle.type.size();
  auto* found = e.alloc(8, false);
  b.CreateStore(e.const_i64(0), found);
  auto* i_slot = e.alloc(8, false);
  b.CreateStore(e.const_i64(0), i_slot);
  auto* outer = e.new_block("contains_outer");
  auto* outer_body = e.new_block("contains_start");
  auto* done = e.new_block("contains_done");
  b.CreateBr(outer);
  b.SetInsertPoint(outer);
  auto* i = b.CreateLoad(e.i64(), i_slot);
  b.CreateCondBr(b.CreateICmpULT(i, e.const_i64(hn)), outer_body, done);
  b.SetInsertPoint(outer_body);
  // Inner comparison: needle[j] == hay[i + j] for all j until needle's NUL.
  auto* j_slot = e.alloc(8, false);
  b.CreateStore(e.const_i64(0), j_slot);
  auto* inner = e.new_block("contains_inner");
  auto* inner_body = e.new_block("contains_cmp");
  auto* match = e.new_block("contains_match");
  auto* next_i = e.new_block("contains_next");
  b.CreateBr(inner);
  b.SetInsertPoint(inner);
  auto* j = b.CreateLoad(e.i64(), j_slot);
  b.CreateCondBr(b.CreateICmpULT(j, e.const_i64(nn)), inner_body, match);
  b.SetInsertPoint(inner_body);
  auto* nc = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), needle.v, j));
  auto* check = e.new_block("contains_check");
  auto* step = e.new_block("contains_step");
  b.CreateCondBr(b.CreateICmpEQ(nc, b.getInt8(0)), match, check);
  b.SetInsertPoint(check);
  auto* k = b.CreateAdd(b.CreateLoad(e.i64(), i_slot), j);
  auto* in_bounds = e.new_block("contains_inbounds");
  b.CreateCondBr(b.CreateICmpULT(k, e.const_i64(hn)), in_bounds, next_i);
  b.SetInsertPoint(in_bounds);
  auto* hc = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), hay.v, k));
  b.CreateCondBr(b.CreateICmpEQ(hc, nc), step, next_i);
  b.SetInsertPoint(step);
  b.CreateStore(b.CreateAdd(j, e.const_i64(1)), j_slot);
  b.CreateBr(inner);
  b.SetInsertPoint(match);
  b.CreateStore(e.const_i64(1), found);
  b.CreateBr(done);
  b.SetInsertPoint(next_i);
  auto* hay_here = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), hay.v, b.CreateLoad(e.i64(), i_slot)));
  auto* advance = e.new_block("contains_advance");
  b.CreateCondBr(b.CreateICmpEQ(hay_here, b.getInt8(0)), done, advance);
  b.SetInsertPoint(advance);
  b.CreateStore(b.CreateAdd(b.CreateLoad(e.i64(), i_slot), e.const_i64(1)), i_slot);
  b.CreateBr(outer);
  b.SetInsertPoint(done);
  return {b.CreateLoad(e.i64(), found), call.type};
}

// getopt(NAME, VALUE): sema left the parameter's value as the second argument (named_params.h).
Value emit_getopt(ProbeEmitter& e, ast::Call& call) { return e.eval(*call.args[1]); }

Value emit_bswap(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  llvm::Value* v = e.eval_i64(*call.args[0]);
  uint32_t bits = call.type.size() * 8;
  if (bits == 8) return {v, call.type};
  auto* narrow = b.CreateTrunc(v, b.getIntNTy(bits));
  auto* swapped = b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, narrow);
  return {b.CreateZExt(swapped, e.i64()), call.type};
}

Value emit_stack_call(ProbeEmitter& e, ast::Call& call) { return emit_stack(e, call.type); }

Value emit_ksym(ProbeEmitter& e, ast::Call& call) {
  return {e.eval_i64(*call.args[0]), call.type};
}

Value emit_usym(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  llvm::Value* addr = e.eval_i64(*call.args[0]);
  auto* mem = e.alloc(call.type.size(), true);
  b.CreateStore(addr, mem);
  auto* pid = b.CreateLShr(call_helper(b, Helper::GetCurrentPidTgid, e.i64(), {}), 32);
  b.CreateStore(b.CreateTrunc(pid, b.getInt32Ty()), e.offset_ptr(mem, 8));
  notify_process_seen(e, pid);
  return {mem, call.type};
}

// inet layout: uint64 family, 16 address bytes.
Value emit_ntop(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  ast::Expr* addr_expr = call.args.back().get();
  Value addr = e.eval(*addr_expr);
  auto* mem = e.alloc(call.type.size(), true);
  uint64_t family = 2;
  if (call.args.size() == 2) {
    b.CreateStore(e.eval_i64(*call.args[0]), mem);
  } else {
    if (lives_in_memory(addr.type) && addr.type.size() == 16) family = 10;
    b.CreateStore(e.const_i64(family), mem);
  }
  if (lives_in_memory(addr.type)) {
    e.copy(e.offset_ptr(mem, 8), addr.v, std::min<uint32_t>(16, addr.type.size()));
  } else {
    b.CreateStore(b.CreateTrunc(e.to_i64(addr), b.getInt32Ty()), e.offset_ptr(mem, 8));
  }
  return {mem, call.type};
}

Value emit_strftime(ProbeEmitter& e, ast::Call& call) {
  return {e.eval_i64(*call.args[1]), call.type};
}

// Six bytes: copied from an array, or read through a pointer.
Value emit_macaddr(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  Value v = e.eval(*call.args[0]);
  auto* mem = e.alloc(8, true);
  if (lives_in_memory(v.type)) {
    e.copy(mem, v.v, std::min<uint32_t>(6, v.type.size()));
  } else {
    call_helper(b, read_helper(e, v.type.addr_space(), false), e.i64(),
                {mem, e.const_i64(6), b.CreateIntToPtr(e.to_i64(v), b.getPtrTy())});
  }
  return {mem, call.type};
}

Value emit_cgroup_path(ProbeEmitter& e, ast::Call& call) {
  return {e.eval_i64(*call.args[0]), call.type};
}

Value emit_signal(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  auto* name = dynamic_cast<ast::StringLiteral*>(call.args[0].get());
  llvm::Value* sig = name ? e.const_i64(static_cast<uint64_t>(signal_number(name->value)))
                          : e.eval_i64(*call.args[0]);
  call_helper(b, Helper::SendSignal, e.i64(), {b.CreateTrunc(sig, b.getInt32Ty())});
  return {e.const_i64(0), Type::none()};
}

}  // namespace

std::vector<CallEmitterEntry> value_call_emitters() {
  std::vector<CallEmitterEntry> rows = {
      {"str", emit_str},           {"buf", emit_buf},         {"strncmp", emit_strncmp},
      {"strcontains", emit_strcontains}, {"bswap", emit_bswap}, {"getopt", emit_getopt}, {"kstack", emit_stack_call},
      {"ustack", emit_stack_call}, {"ksym", emit_ksym},       {"usym", emit_usym},
      {"ntop", emit_ntop},         {"strftime", emit_strftime}, {"macaddr", emit_macaddr},
      {"cgroup_path", emit_cgroup_path}, {"signal", emit_signal},
  };
  auto addresses = address_call_emitters();
  rows.insert(rows.end(), addresses.begin(), addresses.end());
  return rows;
}

}  // namespace sonde::codegen
