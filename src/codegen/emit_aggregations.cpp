// count, sum, avg, min, max, stats, hist, lhist: per-CPU storage updated in place, inserted
// only when the key is new (no lookup-then-update pair on the hot path).
#include "codegen/probe_emitter.h"

namespace sonde::codegen {

namespace {

constexpr uint64_t kBpfNoExist = 1;

// floor(log2(v)) for 0 < v < 2^value_bits (0 for v = 0) by binary search on the bit
// position: each step shifts by `shift` when v has bits above it, so the BPF code is compare,
// shift, or. Steps for bits the value cannot have are left out.
llvm::Value* emit_log2(llvm::IRBuilder<>& b, llvm::Value* v, uint32_t value_bits) {
  llvm::Value* p = b.getInt64(0);
  for (int bits : {5, 4, 3, 2, 1}) {
    if ((uint32_t{1} << bits) >= value_bits) continue;
    const uint64_t limit = (uint64_t{1} << (uint64_t{1} << bits)) - 1;
    auto* above = b.CreateZExt(b.CreateICmpUGT(v, b.getInt64(limit)), b.getInt64Ty());
    auto* shift = b.CreateShl(above, b.getInt64(bits));
    v = b.CreateLShr(v, shift);
    p = b.CreateOr(p, shift);
  }
  return b.CreateOr(p, b.CreateLShr(v, b.getInt64(1)));
}

}  // namespace

// hist bucket index (output/hist_buckets.h): 0 for negatives; v+1 below 2^k; then 2^k buckets
// per power of two. `value_bits`: width of the argument's type (a narrower value needs fewer
// log2 steps).
static llvm::Value* hist_index(llvm::IRBuilder<>& b, llvm::Value* v, int k, bool is_signed,
                               uint32_t value_bits) {
  llvm::Value* index;
  if (k == 0) {
    // The common case, written out so the code stays as short as a hand-written one.
    auto* log_bucket = b.CreateAdd(emit_log2(b, v, value_bits), b.getInt64(2));
    index = b.CreateSelect(b.CreateICmpEQ(v, b.getInt64(0)), b.getInt64(1), log_bucket);
    if (is_signed) index = b.CreateSelect(b.CreateICmpSLT(v, b.getInt64(0)), b.getInt64(0), index);
    return index;
  }
  uint64_t small = 1ULL << k;
  auto* p = emit_log2(b, v, value_bits);  // only used when v >= 2^k, so v = 0 needs no care
  auto* shift = b.CreateSub(p, b.getInt64(k));
  auto* safe_shift = b.CreateSelect(b.CreateICmpSLT(shift, b.getInt64(0)), b.getInt64(0), shift);
  auto* j = b.CreateAnd(b.CreateLShr(v, safe_shift), b.getInt64(small - 1));
  auto* large = b.CreateAdd(b.getInt64(1 + small),
                            b.CreateAdd(b.CreateMul(safe_shift, b.getInt64(small)), j));
  auto* is_small = b.CreateICmpULT(v, b.getInt64(small));
  index = b.CreateSelect(is_small, b.CreateAdd(v, b.getInt64(1)), large);
  if (is_signed) index = b.CreateSelect(b.CreateICmpSLT(v, b.getInt64(0)), b.getInt64(0), index);
  return index;
}

// lhist bucket index: 0 below min, last at or above max.
static llvm::Value* lhist_index(llvm::IRBuilder<>& b, llvm::Value* v, const Type& t,
                                bool is_signed) {
  auto* min = b.getInt64(static_cast<uint64_t>(t.lhist_min()));
  auto* max = b.getInt64(static_cast<uint64_t>(t.lhist_max()));
  auto* below = is_signed ? b.CreateICmpSLT(v, min) : b.CreateICmpULT(v, min);
  auto* above = is_signed ? b.CreateICmpSGE(v, max) : b.CreateICmpUGE(v, max);
  auto* inside = b.CreateAdd(
      b.getInt64(1), b.CreateUDiv(b.CreateSub(v, min), b.getInt64(static_cast<uint64_t>(t.lhist_step()))));
  auto* clamped = b.CreateSelect(above, b.getInt64(t.bucket_count() - 1), inside);
  return b.CreateSelect(below, b.getInt64(0), clamped);
}

void ProbeEmitter::aggregate(ast::MapAccess& m, ast::Call& call) {
  const MapSpec& spec = map_spec(m);
  const Type& agg = spec.value;
  llvm::Value* v = call.args.empty() ? const_i64(1) : eval_i64(*call.args[0]);
  bool arg_signed = call.args.empty() || !call.args[0]->type.is_integer() ||
                    call.args[0]->type.is_signed();

  // Build the key: hist storage appends the bucket index to the user key.
  llvm::Value* key;
  if (agg.is_hist_like()) {
    const uint32_t value_bits =
        !call.args.empty() && call.args[0]->type.is_integer() ? call.args[0]->type.size() * 8 : 64;
    llvm::Value* index = agg.is(TypeKind::Hist)
                             ? hist_index(b_, v, agg.hist_k(), arg_signed, value_bits)
                             : lhist_index(b_, v, agg, arg_signed);
    if (spec.storage == MapStorage::HistPerCpuArray) {
      key = alloc(4, false);
      b_.CreateStore(b_.CreateTrunc(index, b_.getInt32Ty()), key);
    } else {
      key = alloc(spec.hist_key_size(), true);
      store(key, eval(*m.key), spec.key);
      b_.CreateStore(index, offset_ptr(key, spec.hist_key_size() - 8));
    }
  } else {
    key = map_key(m);
  }

  auto* slot = lookup(map_global(m), key);
  auto* found = new_block("agg_found");
  auto* missing = new_block("agg_missing");
  auto* done = new_block("agg_done");
  b_.CreateCondBr(b_.CreateIsNull(slot), missing, found);

  // Existing slot: update in place (per-CPU, so no atomics needed).
  b_.SetInsertPoint(found);
  auto* first = b_.CreateLoad(i64(), slot);
  switch (agg.kind()) {
    case TypeKind::Count:
    case TypeKind::Hist:
    case TypeKind::Lhist:
      b_.CreateStore(b_.CreateAdd(first, const_i64(1)), slot);
      break;
    case TypeKind::Sum:
      b_.CreateStore(b_.CreateAdd(first, v), slot);
      if (spec.storage == MapStorage::ScalarPerCpuArray)
        b_.CreateStore(const_i64(1), offset_ptr(slot, 8));  // set flag (compile_state.cpp)
      break;
    case TypeKind::Min:
    case TypeKind::Max: {
      auto* set_ptr = offset_ptr(slot, 8);
      auto* is_set = b_.CreateICmpNE(b_.CreateLoad(i64(), set_ptr), const_i64(0));
      bool is_min = agg.is(TypeKind::Min);
      auto* better = is_min ? (arg_signed ? b_.CreateICmpSLT(v, first) : b_.CreateICmpULT(v, first))
                            : (arg_signed ? b_.CreateICmpSGT(v, first) : b_.CreateICmpUGT(v, first));
      auto* take = b_.CreateOr(b_.CreateNot(is_set), better);
      b_.CreateStore(b_.CreateSelect(take, v, first), slot);
      b_.CreateStore(const_i64(1), set_ptr);
      break;
    }
    case TypeKind::Avg:
    case TypeKind::Stats: {
      b_.CreateStore(b_.CreateAdd(first, v), slot);
      auto* count_ptr = offset_ptr(slot, 8);
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64(), count_ptr), const_i64(1)), count_ptr);
      break;
    }
    default:
      break;
  }
  b_.CreateBr(done);

  // New key: insert this CPU's initial value (arrays always have their slot).
  b_.SetInsertPoint(missing);
  if (spec.storage == MapStorage::PerCpuHash || spec.storage == MapStorage::HistPerCpuHash) {
    uint32_t size = agg.size();
    auto* initial = alloc(size, false);
    bool counting = agg.is(TypeKind::Count) || agg.is_hist_like();
    b_.CreateStore(counting ? const_i64(1) : v, initial);
    if (size > 8) b_.CreateStore(const_i64(1), offset_ptr(initial, 8));  // set flag / count
    update(map_global(m), key, initial, kBpfNoExist, m.loc);
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

}  // namespace sonde::codegen
