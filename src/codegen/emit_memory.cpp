// Temporaries, loads, stores and copies.
#include "codegen/probe_emitter.h"

namespace sonde::codegen {

void ProbeEmitter::prepare_scratch() {
  if (scratch_base_) return;
  // The lookup goes in the entry block, before its branch to the body, so it dominates every
  // use; a missing element (impossible for an array) ends the program.
  auto* old_term = entry_->getTerminator();
  auto* body = old_term->getSuccessor(0);
  llvm::IRBuilder<> eb(old_term);
  eb.SetCurrentDebugLocation(old_term->getDebugLoc());
  auto* key = eb.CreateAlloca(eb.getInt32Ty());
  eb.CreateStore(eb.getInt32(0), key);
  auto* fn_type = llvm::FunctionType::get(eb.getPtrTy(), {eb.getPtrTy(), eb.getPtrTy()}, false);
  auto* callee = eb.CreateIntToPtr(eb.getInt64(static_cast<int64_t>(Helper::MapLookupElem)),
                                   eb.getPtrTy());
  scratch_base_ = eb.CreateCall(fn_type, callee, {state_.scratch(), key});
  auto* missing = llvm::BasicBlock::Create(state_.module.context(), "no_scratch", fn_);
  llvm::IRBuilder<> mb(missing);
  mb.SetCurrentDebugLocation(old_term->getDebugLoc());
  mb.CreateRet(mb.getInt64(0));
  eb.CreateCondBr(eb.CreateIsNull(scratch_base_), missing, body);
  old_term->eraseFromParent();
}

llvm::Value* ProbeEmitter::alloc(uint32_t size, bool zero) {
  size = std::max<uint32_t>(size, 1);
  uint32_t rounded = (size + 7) / 8 * 8;
  uint64_t limit = std::max<uint64_t>(state_.model.config.on_stack_limit, 64);
  llvm::Value* ptr;
  if (rounded <= limit && stack_bytes_ + rounded <= stack_budget_) {
    llvm::IRBuilder<> eb(entry_, entry_->begin());
    auto* slot = eb.CreateAlloca(llvm::ArrayType::get(eb.getInt8Ty(), rounded));
    slot->setAlignment(llvm::Align(8));
    stack_bytes_ += rounded;
    ptr = slot;
  } else {
    prepare_scratch();
    ptr = offset_ptr(scratch_base_, scratch_bytes_);
    scratch_bytes_ += rounded;
  }
  if (zero) zero_fill(ptr, size);
  return ptr;
}

namespace {
// The BPF backend expands small constant-size memset/memcpy inline but has no library call for
// large ones; above this size sonde emits a loop of 8-byte moves itself.
constexpr uint32_t kInlineMemLimit = 128;
}  // namespace

// Emits `for (i = 0; i < words; ++i) body(i * 8)` with an i64 counter in a stack slot.
void ProbeEmitter::word_loop(uint32_t words, const std::function<void(llvm::Value*)>& body) {
  auto* counter = alloc(8, false);
  b_.CreateStore(const_i64(0), counter);
  auto* head = new_block("words_head");
  auto* loop = new_block("words_body");
  auto* done = new_block("words_done");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  auto* i = b_.CreateLoad(i64(), counter);
  b_.CreateCondBr(b_.CreateICmpULT(i, const_i64(words)), loop, done);
  b_.SetInsertPoint(loop);
  body(b_.CreateShl(i, const_i64(3)));
  b_.CreateStore(b_.CreateAdd(i, const_i64(1)), counter);
  b_.CreateBr(head);
  b_.SetInsertPoint(done);
}

uint32_t ProbeEmitter::known_align(llvm::Value* p) const {
  if (p == scratch_base_) return 8;
  if (auto* slot = llvm::dyn_cast<llvm::AllocaInst>(p)) return slot->getAlign().value();
  if (auto* gep = llvm::dyn_cast<llvm::GetElementPtrInst>(p)) {
    auto* offset = gep->getNumIndices() == 1 ? llvm::dyn_cast<llvm::ConstantInt>(gep->getOperand(1))
                                             : nullptr;
    if (!offset || !gep->getSourceElementType()->isIntegerTy(8)) return 1;
    uint32_t base = known_align(gep->getPointerOperand());
    uint64_t bytes = offset->getZExtValue();
    while (base > 1 && bytes % base) base /= 2;
    return base;
  }
  return 1;
}

void ProbeEmitter::zero_fill(llvm::Value* dst, uint32_t size) {
  if (size <= kInlineMemLimit) {
    b_.CreateMemSet(dst, b_.getInt8(0), size, llvm::MaybeAlign(known_align(dst)));
    return;
  }
  uint32_t words = size / 8;
  word_loop(words, [&](llvm::Value* offset) {
    b_.CreateStore(const_i64(0), b_.CreateGEP(b_.getInt8Ty(), dst, offset));
  });
  if (size % 8)
    b_.CreateMemSet(offset_ptr(dst, words * 8), b_.getInt8(0), size % 8, llvm::MaybeAlign(1));
}

void ProbeEmitter::copy(llvm::Value* dst, llvm::Value* src, uint32_t size) {
  if (size == 0 || dst == src) return;
  if (size <= kInlineMemLimit) {
    b_.CreateMemCpy(dst, llvm::MaybeAlign(known_align(dst)), src,
                    llvm::MaybeAlign(known_align(src)), size);
    return;
  }
  uint32_t words = size / 8;
  word_loop(words, [&](llvm::Value* offset) {
    auto* word = b_.CreateLoad(i64(), b_.CreateGEP(b_.getInt8Ty(), src, offset));
    b_.CreateStore(word, b_.CreateGEP(b_.getInt8Ty(), dst, offset));
  });
  if (size % 8)
    b_.CreateMemCpy(offset_ptr(dst, words * 8), llvm::MaybeAlign(1), offset_ptr(src, words * 8),
                    llvm::MaybeAlign(1), size % 8);
}

llvm::Value* ProbeEmitter::offset_ptr(llvm::Value* base, uint64_t offset) {
  if (offset == 0) return base;
  return b_.CreateGEP(b_.getInt8Ty(), base, b_.getInt64(offset));
}

llvm::Value* ProbeEmitter::normalise(llvm::Value* v, const Type& t) {
  auto* int_type = llvm::dyn_cast<llvm::IntegerType>(v->getType());
  if (!int_type) return b_.CreatePtrToInt(v, i64());
  uint32_t bits = t.is_integer() ? t.size() * 8 : 64;
  if (t.is_bool()) bits = 1;
  if (int_type->getBitWidth() > bits) v = b_.CreateTrunc(v, b_.getIntNTy(bits));
  bool is_signed = t.is_integer() && t.is_signed();
  return is_signed ? b_.CreateSExt(v, i64()) : b_.CreateZExt(v, i64());
}

llvm::Value* ProbeEmitter::to_i64(const Value& v) {
  if (!v.v) return const_i64(0);
  if (v.v->getType()->isPointerTy()) {
    if (lives_in_memory(v.type)) return b_.CreatePtrToInt(v.v, i64());
    return b_.CreatePtrToInt(v.v, i64());
  }
  if (v.v->getType() == i64()) return v.v;
  return normalise(v.v, v.type);
}

Value ProbeEmitter::load(llvm::Value* src, const Type& t) {
  if (lives_in_memory(t)) return {src, t};
  uint32_t size = t.is_integer_like_aggregation() ? 8 : t.size();
  if (size == 0) size = 8;
  auto* raw = b_.CreateLoad(b_.getIntNTy(size * 8), src);
  Type as = t.is_bool() ? Type::integer(1, false) : t;
  if (!as.is_integer()) as = Type::uint64();
  return {normalise(raw, as), t};
}

void ProbeEmitter::store(llvm::Value* dst, const Value& v, const Type& as) {
  if (!lives_in_memory(as)) {
    uint32_t size = as.is_integer_like_aggregation() ? 8 : std::max<uint32_t>(1, as.size());
    llvm::Value* value = to_i64(v);
    if (size < 8) value = b_.CreateTrunc(value, b_.getIntNTy(size * 8));
    b_.CreateStore(value, dst);
    return;
  }
  uint32_t src_size = v.type.size();
  uint32_t dst_size = as.size();
  if (!lives_in_memory(v.type)) {
    // A scalar stored where memory is expected (e.g. an integer into a tuple slot).
    store(dst, v, v.type.is_none() ? Type::uint64() : v.type);
    return;
  }
  if (as.is_string() || as.is(TypeKind::Buffer) || as.is(TypeKind::Array)) {
    uint32_t n = std::min(src_size, dst_size);
    copy(dst, v.v, n);
    if (dst_size > n) zero_fill(offset_ptr(dst, n), dst_size - n);
    return;
  }
  if (as.is(TypeKind::Tuple) && v.type.is(TypeKind::Tuple) && !(as == v.type)) {
    // Element-wise conversion (integer widths, string capacities).
    zero_fill(dst, dst_size);
    const auto& df = as.fields();
    const auto& sf = v.type.fields();
    for (size_t i = 0; i < df.size() && i < sf.size(); ++i) {
      Value element = load(offset_ptr(v.v, sf[i].offset), *sf[i].type);
      store(offset_ptr(dst, df[i].offset), element, *df[i].type);
    }
    return;
  }
  // Every byte of `dst` is written, so callers need not zero it first.
  copy(dst, v.v, std::min(src_size, dst_size));
  if (dst_size > src_size) zero_fill(offset_ptr(dst, src_size), dst_size - src_size);
}

llvm::Value* ProbeEmitter::materialize(const Value& v, const Type& as) {
  if (lives_in_memory(as) && lives_in_memory(v.type) && as == v.type) return v.v;
  bool zero = lives_in_memory(as);
  auto* mem = alloc(as.is_integer_like_aggregation() ? 8 : as.size(), zero);
  store(mem, v, as);
  return mem;
}

}  // namespace sonde::codegen
