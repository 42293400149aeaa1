#include "codegen/symbol_capture.h"

namespace sonde::codegen {

namespace {

constexpr const char* kSeenPidsMap = "sonde_pids";
constexpr uint32_t kSeenPidsEntries = 4096;  // LRU: an evicted pid is merely announced again
constexpr uint64_t kUserStackFlag = 1ULL << 8;  // BPF_F_USER_STACK
constexpr uint64_t kNoExist = 1;                // BPF_NOEXIST

llvm::GlobalVariable* named_map(ProbeEmitter& e, const MapDefinition& def) {
  auto& module = e.state().module;
  if (auto* existing = module.module().getNamedGlobal(def.name)) return existing;
  return module.add_map(def);
}

llvm::Value* stack_map(ProbeEmitter& e, bool user, uint32_t depth) {
  if (depth == kMaxStackDepth) return e.state().stack_map(user);
  MapDefinition def;
  def.name = stack_map_name(user, depth);
  def.type = BpfMapType::StackTrace;
  def.key_size = 4;
  def.value_size = depth * 8;
  def.max_entries = static_cast<uint32_t>(e.state().model.config.max_map_keys);
  return named_map(e, def);
}

// Kernel frames of the BPF machinery above the traced code: a raw tracepoint program runs
// inside bpf_trace_runN, so its own frame and that one come first (and, for the raw_syscalls
// dispatcher, __bpf_trace_sys_enter/exit too). Perf-event tracepoints and kprobes unwind from
// the traced context and need no skipping.
uint64_t kernel_frames_to_skip(const ProbeEmitter& e) {
  const ProbeContext& c = e.context();
  if (c.syscall_record != ProbeContext::SyscallRecord::None) return 3;
  for (const char* prefix : {"raw_tp", "raw_tracepoint", "tp_btf"})
    if (c.section.rfind(prefix, 0) == 0) return 2;
  return 0;
}

uint64_t process_seen_action(ProbeEmitter& e) {
  auto& actions = e.state().actions;
  for (size_t i = 0; i < actions.size(); ++i)
    if (actions[i].kind == ActionKind::ProcessSeen) return i;
  Action action;
  action.kind = ActionKind::ProcessSeen;
  action.args = Type::tuple({Type::uint32()});
  return e.state().add_action(action);
}

}  // namespace

std::string stack_map_name(bool user, uint32_t depth) {
  std::string base = user ? kUstackMap : kKstackMap;
  return depth == kMaxStackDepth ? base : base + "_" + std::to_string(depth);
}

void notify_process_seen(ProbeEmitter& e, llvm::Value* pid) {
  auto& b = e.builder();
  auto* map = named_map(e, {kSeenPidsMap, BpfMapType::LruHash, 4, 1, kSeenPidsEntries});
  auto* key = e.alloc(4, false);
  b.CreateStore(b.CreateTrunc(pid, b.getInt32Ty()), key);
  auto* one = e.alloc(1, false);
  b.CreateStore(b.getInt8(1), one);
  auto* status = call_helper(b, Helper::MapUpdateElem, e.i64(),
                             {map, key, one, e.const_i64(kNoExist)});
  auto* first_time = e.new_block("process_first_seen");
  auto* done = e.new_block("process_seen_done");
  b.CreateCondBr(b.CreateICmpEQ(status, e.const_i64(0)), first_time, done);
  b.SetInsertPoint(first_time);
  uint64_t action = process_seen_action(e);
  auto* payload = e.begin_event(action, e.state().actions[action].args);
  b.CreateStore(b.CreateTrunc(pid, b.getInt32Ty()), payload);
  e.finish_event();
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

Value capture_stack(ProbeEmitter& e, const Type& type) {
  auto& b = e.builder();
  bool user = type.is(TypeKind::UStack);
  uint32_t depth = std::clamp<uint32_t>(type.stack_depth(), 1, kMaxStackDepth);
  uint64_t flags = user ? kUserStackFlag : kernel_frames_to_skip(e);  // low 8 bits: skip
  auto* raw = call_helper(b, Helper::GetStackid, e.i64(),
                          {e.ctx(), stack_map(e, user, depth), e.const_i64(flags)});
  llvm::Value* id = b.CreateSExt(b.CreateTrunc(raw, b.getInt32Ty()), e.i64());
  if (depth != kMaxStackDepth) {
    // Tag valid ids with the depth (which map holds the frames); failures stay negative.
    auto* tagged = b.CreateOr(id, e.const_i64(static_cast<uint64_t>(depth) << 32));
    id = b.CreateSelect(b.CreateICmpSGE(id, e.const_i64(0)), tagged, id);
  }
  if (!user) return {id, type};
  auto* mem = e.alloc(type.size(), true);
  b.CreateStore(id, mem);
  auto* pid = b.CreateLShr(call_helper(b, Helper::GetCurrentPidTgid, e.i64(), {}), 32);
  b.CreateStore(b.CreateTrunc(pid, b.getInt32Ty()), e.offset_ptr(mem, 8));
  notify_process_seen(e, pid);
  return {mem, type};
}

}  // namespace sonde::codegen
