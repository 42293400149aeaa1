// Maps: keys, reads, writes, in-place updates and aggregations, for each MapStorage.
#include <bpf/libbpf.h>

#include "codegen/probe_emitter.h"

namespace sonde::codegen {

namespace {
constexpr uint64_t kBpfAny = 0;
constexpr int64_t kE2Big = -7;
constexpr const char* kMapFullMessage =
    "Map full; can't update element. Try increasing max_map_keys config or manually setting the "
    "max entries in a map declaration e.g. `let @a = hash(5000)`";

bool is_scalar_storage(MapStorage s) {
  return s == MapStorage::ScalarArray || s == MapStorage::ScalarPerCpuArray ||
         s == MapStorage::HistPerCpuArray;
}
}  // namespace

llvm::Value* ProbeEmitter::lookup(llvm::Value* map, llvm::Value* key) {
  return call_helper(b_, Helper::MapLookupElem, b_.getPtrTy(), {map, key});
}

llvm::Value* ProbeEmitter::update(llvm::Value* map, llvm::Value* key, llvm::Value* value,
                                  uint64_t flags, SourceRange where) {
  auto* ret = call_helper(b_, Helper::MapUpdateElem, i64(), {map, key, value, const_i64(flags)});
  auto* full = new_block("map_full");
  auto* done = new_block("map_updated");
  b_.CreateCondBr(b_.CreateICmpEQ(ret, const_i64(static_cast<uint64_t>(kE2Big))), full, done);
  b_.SetInsertPoint(full);
  emit_runtime_warning(kMapFullMessage, where, "map_update_elem", kE2Big);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return ret;
}

llvm::Value* ProbeEmitter::map_key(ast::MapAccess& m) {
  const MapSpec& spec = map_spec(m);
  if (is_scalar_storage(spec.storage) || !m.key) {
    auto* key = alloc(4, false);
    b_.CreateStore(b_.getInt32(0), key);
    return key;
  }
  Value k = eval(*m.key);
  // store() writes every byte of the key (padding included), so no zeroing first.
  auto* mem = alloc(spec.key.size(), false);
  store(mem, k, spec.key);
  return mem;
}

namespace {
// Offset of the value inside a ScalarArray element (after the "set" flag).
constexpr uint32_t kScalarValueOffset = 8;
}  // namespace

// Reading an aggregation as an integer: combine every CPU's slot for `key`.
Value ProbeEmitter::read_aggregation(const MapSpec& spec, llvm::Value* map, llvm::Value* key,
                                     const Type& result_type) {
  const Type& type = spec.value;
  int cpus = libbpf_num_possible_cpus();
  if (cpus < 1) cpus = 1;
  auto* total = alloc(8, false);
  auto* count = alloc(8, false);
  b_.CreateStore(const_i64(type.is(TypeKind::Min) ? INT64_MAX : (type.is(TypeKind::Max) ? INT64_MIN : 0)), total);
  b_.CreateStore(const_i64(0), count);
  for (int cpu = 0; cpu < cpus; ++cpu) {
    auto* p = call_helper(b_, Helper::MapLookupPercpuElem, b_.getPtrTy(),
                          {map, key, const_i64(cpu)});
    auto* have = new_block("percpu_have");
    auto* next = new_block("percpu_next");
    b_.CreateCondBr(b_.CreateIsNull(p), next, have);
    b_.SetInsertPoint(have);
    auto* v = b_.CreateLoad(i64(), p);
    auto* t = b_.CreateLoad(i64(), total);
    switch (type.kind()) {
      case TypeKind::Min:
      case TypeKind::Max: {
        auto* set = b_.CreateICmpNE(b_.CreateLoad(i64(), offset_ptr(p, 8)), const_i64(0));
        auto* better = type.is(TypeKind::Min) ? b_.CreateICmpSLT(v, t) : b_.CreateICmpSGT(v, t);
        b_.CreateStore(b_.CreateSelect(b_.CreateAnd(set, better), v, t), total);
        b_.CreateStore(b_.CreateOr(b_.CreateLoad(i64(), count), b_.CreateZExt(set, i64())), count);
        break;
      }
      case TypeKind::Avg:
      case TypeKind::Stats:
        b_.CreateStore(b_.CreateAdd(t, v), total);
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64(), count), b_.CreateLoad(i64(), offset_ptr(p, 8))), count);
        break;
      default:
        b_.CreateStore(b_.CreateAdd(t, v), total);
        break;
    }
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  }
  llvm::Value* result = b_.CreateLoad(i64(), total);
  if (type.is(TypeKind::Avg) || type.is(TypeKind::Stats)) {
    auto* c = b_.CreateLoad(i64(), count);
    auto* safe = b_.CreateSelect(b_.CreateICmpEQ(c, const_i64(0)), const_i64(1), c);
    result = signed_divide(b_, result, safe, false);
  } else if (type.is(TypeKind::Min) || type.is(TypeKind::Max)) {
    result = b_.CreateSelect(b_.CreateICmpEQ(b_.CreateLoad(i64(), count), const_i64(0)),
                             const_i64(0), result);
  }
  return {result, result_type};
}

Value ProbeEmitter::read_map(ast::MapAccess& m) {
  const MapSpec& spec = map_spec(m);
  llvm::Value* key = map_key(m);
  Type type = spec.value;
  if (type.is_aggregation()) return read_aggregation(spec, map_global(m), key, m.type);
  auto* p = lookup(map_global(m), key);
  uint32_t offset = spec.storage == MapStorage::ScalarArray ? kScalarValueOffset : 0;
  bool memory = lives_in_memory(type);
  auto* result = alloc(memory ? type.size() : 8, true);
  auto* found = new_block("map_found");
  auto* done = new_block("map_read_done");
  b_.CreateCondBr(b_.CreateIsNull(p), done, found);
  b_.SetInsertPoint(found);
  if (memory) copy(result, offset_ptr(p, offset), type.size());
  else b_.CreateStore(load(offset_ptr(p, offset), type).v, result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  if (memory) return {result, type};
  return {b_.CreateLoad(i64(), result), type};
}

void ProbeEmitter::write_map(ast::MapAccess& m, const Value& value) {
  const MapSpec& spec = map_spec(m);
  if (spec.storage == MapStorage::ScalarArray) {
    llvm::Value* key = map_key(m);
    auto* p = lookup(map_global(m), key);
    auto* found = new_block("scalar_found");
    auto* done = new_block("scalar_written");
    b_.CreateCondBr(b_.CreateIsNull(p), done, found);
    b_.SetInsertPoint(found);
    store(offset_ptr(p, kScalarValueOffset), value, spec.value);
    b_.CreateStore(const_i64(1), p);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return;
  }
  llvm::Value* key = map_key(m);
  llvm::Value* mem = materialize(value, spec.value);
  update(map_global(m), key, mem, kBpfAny, m.loc);
}

void ProbeEmitter::update_map_integer(ast::MapAccess& m, ast::BinaryOp op, llvm::Value* operand,
                                      llvm::Value** old_out, llvm::Value** new_out) {
  const MapSpec& spec = map_spec(m);
  Type type = spec.value.is_integer() ? spec.value : Type::int64();
  llvm::Value* key = map_key(m);
  auto* p = lookup(map_global(m), key);
  auto* old_slot = alloc(8, false);
  auto* new_slot = alloc(8, false);
  uint32_t offset = spec.storage == MapStorage::ScalarArray ? kScalarValueOffset : 0;
  auto apply = [&](llvm::Value* current) -> llvm::Value* {
    switch (op) {
      case ast::BinaryOp::Add: return b_.CreateAdd(current, operand);
      case ast::BinaryOp::Sub: return b_.CreateSub(current, operand);
      case ast::BinaryOp::Mul: return b_.CreateMul(current, operand);
      case ast::BinaryOp::Div: {
        auto* safe = b_.CreateSelect(b_.CreateICmpEQ(operand, const_i64(0)), const_i64(1), operand);
        return b_.CreateSelect(b_.CreateICmpEQ(operand, const_i64(0)), const_i64(1),
                               type.is_signed() ? signed_divide(b_, current, safe, false)
                                                : b_.CreateUDiv(current, safe));
      }
      case ast::BinaryOp::Mod: {
        auto* safe = b_.CreateSelect(b_.CreateICmpEQ(operand, const_i64(0)), const_i64(1), operand);
        return type.is_signed() ? signed_divide(b_, current, safe, true)
                                : b_.CreateURem(current, safe);
      }
      case ast::BinaryOp::BitAnd: return b_.CreateAnd(current, operand);
      case ast::BinaryOp::BitOr: return b_.CreateOr(current, operand);
      case ast::BinaryOp::BitXor: return b_.CreateXor(current, operand);
      case ast::BinaryOp::Shl: return b_.CreateShl(current, b_.CreateAnd(operand, const_i64(63)));
      case ast::BinaryOp::Shr:
        return type.is_signed() ? b_.CreateAShr(current, b_.CreateAnd(operand, const_i64(63)))
                                : b_.CreateLShr(current, b_.CreateAnd(operand, const_i64(63)));
      default: return current;
    }
  };
  auto* found = new_block("update_found");
  auto* missing = new_block("update_missing");
  auto* done = new_block("update_done");
  b_.CreateCondBr(b_.CreateIsNull(p), missing, found);

  b_.SetInsertPoint(found);
  llvm::Value* current = load(offset_ptr(p, offset), type).v;
  if (spec.storage == MapStorage::ScalarArray)
    current = b_.CreateSelect(b_.CreateICmpNE(b_.CreateLoad(i64(), p), const_i64(0)), current,
                              const_i64(0));
  llvm::Value* next = normalise(apply(current), type);
  store(offset_ptr(p, offset), {next, type}, type);
  if (spec.storage == MapStorage::ScalarArray) b_.CreateStore(const_i64(1), p);
  b_.CreateStore(current, old_slot);
  b_.CreateStore(next, new_slot);
  b_.CreateBr(done);

  b_.SetInsertPoint(missing);
  llvm::Value* initial = normalise(apply(const_i64(0)), type);
  b_.CreateStore(const_i64(0), old_slot);
  b_.CreateStore(initial, new_slot);
  if (spec.storage != MapStorage::ScalarArray) {
    auto* mem = alloc(type.size(), false);
    store(mem, {initial, type}, type);
    update(map_global(m), key, mem, kBpfAny, m.loc);
  }
  b_.CreateBr(done);

  b_.SetInsertPoint(done);
  if (old_out) *old_out = b_.CreateLoad(i64(), old_slot);
  if (new_out) *new_out = b_.CreateLoad(i64(), new_slot);
}

}  // namespace sonde::codegen
