// Builtin variables: pid, comm, nsecs, args, argN, retval, probe ...
#include <bpf/libbpf.h>

#include <cstring>
#include <string_view>

#include "codegen/probe_emitter.h"
#include "codegen/symbol_capture.h"
#include "sema/builtins.h"

namespace sonde::codegen {

namespace {

using Emit = Value (*)(ProbeEmitter& e, ast::Identifier& n);

llvm::Value* pid_tgid(ProbeEmitter& e) {
  return call_helper(e.builder(), Helper::GetCurrentPidTgid, e.i64(), {});
}

Value emit_pid(ProbeEmitter& e, ast::Identifier& n) {
  return {e.builder().CreateLShr(pid_tgid(e), 32), n.type};
}
Value emit_tid(ProbeEmitter& e, ast::Identifier& n) {
  return {e.builder().CreateAnd(pid_tgid(e), 0xffffffffULL), n.type};
}
Value emit_uid(ProbeEmitter& e, ast::Identifier& n) {
  auto* v = call_helper(e.builder(), Helper::GetCurrentUidGid, e.i64(), {});
  return {e.builder().CreateAnd(v, 0xffffffffULL), n.type};
}
Value emit_gid(ProbeEmitter& e, ast::Identifier& n) {
  auto* v = call_helper(e.builder(), Helper::GetCurrentUidGid, e.i64(), {});
  return {e.builder().CreateLShr(v, 32), n.type};
}
Value emit_comm(ProbeEmitter& e, ast::Identifier& n) {
  auto* buf = e.alloc(16, false);
  call_helper(e.builder(), Helper::GetCurrentComm, e.i64(), {buf, e.const_i64(16)});
  return {buf, n.type};
}
Value emit_nsecs(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::KtimeGetBootNs, e.i64(), {}), n.type};
}
Value emit_elapsed(ProbeEmitter& e, ast::Identifier& n) {
  auto& b = e.builder();
  auto* now = call_helper(b, Helper::KtimeGetBootNs, e.i64(), {});
  auto* key = e.alloc(4, false);
  b.CreateStore(b.getInt32(static_cast<uint32_t>(GlobalSlot::StartTime)), key);
  auto* slot = e.lookup(e.state().globals(), key);
  auto* start = e.alloc(8, false);
  b.CreateStore(now, start);
  auto* have = e.new_block("have_start");
  auto* done = e.new_block("elapsed_done");
  b.CreateCondBr(b.CreateIsNull(slot), done, have);
  b.SetInsertPoint(have);
  b.CreateStore(b.CreateLoad(e.i64(), slot), start);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  return {b.CreateSub(now, b.CreateLoad(e.i64(), start)), n.type};
}
Value emit_cpu(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::GetSmpProcessorId, e.i64(), {}), n.type};
}
Value emit_ncpus(ProbeEmitter& e, ast::Identifier& n) {
  int cpus = libbpf_num_possible_cpus();
  return {e.const_i64(cpus > 0 ? cpus : 1), n.type};
}
Value emit_numaid(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::GetNumaNodeId, e.i64(), {}), n.type};
}
Value emit_cgroup(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::GetCurrentCgroupId, e.i64(), {}), n.type};
}
Value emit_curtask(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::GetCurrentTask, e.i64(), {}), n.type};
}
Value emit_rand(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::GetPrandomU32, e.i64(), {}), n.type};
}
Value emit_jiffies(ProbeEmitter& e, ast::Identifier& n) {
  return {call_helper(e.builder(), Helper::Jiffies64, e.i64(), {}), n.type};
}
Value emit_username(ProbeEmitter& e, ast::Identifier& n) {
  return {e.to_i64(emit_uid(e, n)), n.type};
}

// A constant string written as 8-byte words (allocations are 8-byte aligned and rounded up to
// whole words): byte stores made `probe` in a 360-point wildcard cost a second of LLVM time.
Value string_value(ProbeEmitter& e, const std::string& text, const Type& type) {
  auto& b = e.builder();
  uint32_t size = std::max<uint32_t>(type.size(), 1);
  auto* mem = e.alloc(size, false);
  for (uint32_t word = 0; word < (size + 7) / 8; ++word) {
    uint64_t bits = 0;
    for (uint32_t i = 0; i < 8; ++i) {
      size_t at = word * 8 + i;
      if (at < text.size() && at < type.size())
        bits |= uint64_t{static_cast<uint8_t>(text[at])} << (8 * i);
    }
    b.CreateAlignedStore(b.getInt64(bits), e.offset_ptr(mem, word * 8), llvm::Align(8));
  }
  return {mem, type};
}

// x86_64 struct pt_regs offsets of the argument registers (di, si, dx, cx, r8, r9) and ax;
// of the syscall argument registers (di, si, dx, r10, r8, r9) and orig_ax (the syscall nr).
constexpr uint32_t kPtRegsArgs[] = {112, 104, 96, 88, 72, 64};
constexpr uint32_t kPtRegsAx = 80;
constexpr uint32_t kPtRegsSyscallArgs[] = {112, 104, 96, 56, 72, 64};
constexpr uint32_t kPtRegsOrigAx = 120;

// Whether every point of the probe is a syscall served by the raw_syscalls dispatcher in the
// same direction: their programs can then be one program (share_programs.h) if `probe` is
// read at run time, by syscall number.
bool probe_name_by_syscall(const ProbeEmitter& e) {
  const auto& contexts = e.probe_info().contexts;
  if (contexts.size() < 2) return false;
  for (const auto& c : contexts)
    if (c.syscall_nr < 0 || c.syscall_record != e.context().syscall_record) return false;
  return true;
}

// The syscall number of a dispatched syscall program: the raw tracepoint's `id` on entry,
// orig_ax of the saved registers on exit.
llvm::Value* syscall_number(ProbeEmitter& e) {
  auto& b = e.builder();
  if (e.context().syscall_record == ProbeContext::SyscallRecord::Enter)
    return b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), 8));
  auto* slot = e.alloc(8, true);
  auto* regs = b.CreateIntToPtr(b.CreateLoad(e.i64(), e.ctx()), b.getPtrTy());
  call_helper(b, Helper::ProbeReadKernel, e.i64(),
              {slot, e.const_i64(8), e.offset_ptr(regs, kPtRegsOrigAx)});
  return b.CreateLoad(e.i64(), slot);
}

// `probe` read from the probe's table of names, one 8-byte-aligned row per syscall number.
Value syscall_probe_name(ProbeEmitter& e, const Type& type) {
  auto& b = e.builder();
  const uint32_t row = (std::max<uint32_t>(type.size(), 1) + 7) / 8 * 8;
  auto* table = e.state().syscall_probe_names(e.probe_info(), row);
  const uint64_t rows =
      llvm::cast<llvm::ArrayType>(table->getValueType())->getNumElements() / row;
  auto* nr = syscall_number(e);
  auto* mem = e.alloc(row, false);
  auto* found = e.new_block("probe_name_found");
  auto* missing = e.new_block("probe_name_missing");
  auto* done = e.new_block("probe_name_done");
  b.CreateCondBr(b.CreateICmpULT(nr, e.const_i64(rows)), found, missing);
  b.SetInsertPoint(found);
  auto* source = b.CreateGEP(b.getInt8Ty(), table, b.CreateMul(nr, e.const_i64(row)));
  for (uint32_t word = 0; word < row / 8; ++word) {
    auto* bits = b.CreateAlignedLoad(e.i64(), e.offset_ptr(source, word * 8), llvm::Align(8));
    b.CreateAlignedStore(bits, e.offset_ptr(mem, word * 8), llvm::Align(8));
  }
  b.CreateBr(done);
  b.SetInsertPoint(missing);
  for (uint32_t word = 0; word < row / 8; ++word)
    b.CreateAlignedStore(e.const_i64(0), e.offset_ptr(mem, word * 8), llvm::Align(8));
  b.CreateBr(done);
  b.SetInsertPoint(done);
  return {mem, type};
}

Value emit_probe(ProbeEmitter& e, ast::Identifier& n) {
  if (probe_name_by_syscall(e)) return syscall_probe_name(e, n.type);
  return string_value(e, e.context().probe_name, n.type);
}
Value emit_probetype(ProbeEmitter& e, ast::Identifier& n) {
  return string_value(e, e.context().is_special ? "special" : e.point().provider, n.type);
}


// A syscall tracepoint's record rebuilt from the raw_syscalls tracepoint's arguments
// (ctx = {struct pt_regs *regs, long id_or_ret}); see ProbeContext::syscall_record.
Value syscall_record(ProbeEmitter& e, const Type& type, bool exit) {
  auto& b = e.builder();
  constexpr uint32_t kNrOffset = 8, kFirstArg = 16;
  uint32_t size = std::max<uint32_t>(type.size(), kFirstArg + 8);
  auto* record = e.alloc(size, true);
  auto* regs = b.CreateIntToPtr(b.CreateLoad(e.i64(), e.ctx()), b.getPtrTy());
  auto* second = b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), 8));
  auto read_reg = [&](uint32_t dst_offset, uint32_t bytes, uint32_t reg_offset) {
    call_helper(b, Helper::ProbeReadKernel, e.i64(),
                {e.offset_ptr(record, dst_offset), e.const_i64(bytes),
                 e.offset_ptr(regs, reg_offset)});
  };
  if (exit) {
    read_reg(kNrOffset, 4, kPtRegsOrigAx);
    b.CreateStore(second, e.offset_ptr(record, kFirstArg));
    return {record, type};
  }
  b.CreateStore(b.CreateTrunc(second, b.getInt32Ty()), e.offset_ptr(record, kNrOffset));
  for (uint32_t i = 0; i < 6 && kFirstArg + 8 * (i + 1) <= type.size(); ++i)
    read_reg(kFirstArg + 8 * i, 8, kPtRegsSyscallArgs[i]);
  return {record, type};
}

Value emit_args(ProbeEmitter& e, ast::Identifier& n) {
  auto record = e.context().syscall_record;
  // The record of the point being compiled (the probe's other points may differ, see
  // accessed_field in memory_access.h).
  const Type& type = e.context().args ? *e.context().args : n.type;
  if (record != ProbeContext::SyscallRecord::None)
    return syscall_record(e, type, record == ProbeContext::SyscallRecord::Exit);
  // Field accesses read from the context directly; the struct value is the context itself.
  return {e.ctx(), n.type};
}

// A USDT argument from where its note says it lives, extended from its size to 64 bits.
Value usdt_argument(ProbeEmitter& e, const UsdtArgument& arg, const Type& type) {
  auto& b = e.builder();
  llvm::Value* v = nullptr;
  switch (arg.kind) {
    case UsdtArgument::Kind::Constant:
      return {e.const_i64(static_cast<uint64_t>(arg.value)), type};
    case UsdtArgument::Kind::Register:
      v = b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), arg.reg_offset));
      break;
    case UsdtArgument::Kind::Memory: {
      auto* base = b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), arg.reg_offset));
      auto* addr = b.CreateAdd(base, e.const_i64(static_cast<uint64_t>(arg.value)));
      auto* slot = e.alloc(8, true);
      call_helper(b, Helper::ProbeReadUser, e.i64(),
                  {slot, e.const_i64(static_cast<uint64_t>(arg.size)),
                   b.CreateIntToPtr(addr, b.getPtrTy())});
      v = b.CreateLoad(e.i64(), slot);
      break;
    }
  }
  if (arg.size < 8) {
    auto* narrow = b.CreateTrunc(v, b.getIntNTy(static_cast<unsigned>(arg.size * 8)));
    v = arg.is_signed ? b.CreateSExt(narrow, e.i64()) : b.CreateZExt(narrow, e.i64());
  }
  return {v, type};
}

Value emit_argn(ProbeEmitter& e, ast::Identifier& n) {
  int index = std::stoi(n.name.substr(3));
  auto& b = e.builder();
  const auto& usdt = e.context().usdt_args;
  if (e.point().provider == "usdt") {
    if (static_cast<size_t>(index) >= usdt.size()) return {e.const_i64(0), n.type};
    return usdt_argument(e, usdt[index], n.type);
  }
  uint32_t offset = e.context().reg_args == ProbeContext::RegArgs::PtRegs
                        ? kPtRegsArgs[std::min(index, 5)]
                        : static_cast<uint32_t>(index * 8);
  return {b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), offset)), n.type};
}

// sargN: the Nth stack argument, above the return address at the probed instruction.
Value emit_sargn(ProbeEmitter& e, ast::Identifier& n) {
  constexpr uint32_t kPtRegsSp = 152;
  auto& b = e.builder();
  uint64_t index = std::stoull(n.name.substr(4));
  auto* sp = b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), kPtRegsSp));
  auto* addr = b.CreateAdd(sp, e.const_i64(8 * (index + 1)));
  auto* slot = e.alloc(8, true);
  Helper read = e.context().addr_space == AddrSpace::User ? Helper::ProbeReadUser
                                                          : Helper::ProbeReadKernel;
  call_helper(b, read, e.i64(), {slot, e.const_i64(8), b.CreateIntToPtr(addr, b.getPtrTy())});
  return {b.CreateLoad(e.i64(), slot), n.type};
}

Value emit_retval(ProbeEmitter& e, ast::Identifier& n) {
  auto& b = e.builder();
  uint32_t offset = e.context().retval == ProbeContext::Retval::PtRegs
                        ? kPtRegsAx
                        : static_cast<uint32_t>(e.context().retval_slot * 8);
  return e.load(e.offset_ptr(e.ctx(), offset), n.type.is_none() ? Type::uint64() : n.type);
  (void)b;
}

Value emit_func(ProbeEmitter& e, ast::Identifier& n) {
  auto* ip = call_helper(e.builder(), Helper::GetFuncIp, e.i64(), {e.ctx()});
  if (!n.type.is(TypeKind::Usym)) return {ip, n.type};
  auto& b = e.builder();
  auto* mem = e.alloc(n.type.size(), true);
  b.CreateStore(ip, mem);
  auto* pid = b.CreateLShr(pid_tgid(e), 32);
  b.CreateStore(b.CreateTrunc(pid, b.getInt32Ty()), e.offset_ptr(mem, 8));
  notify_process_seen(e, pid);
  return {mem, n.type};
}

Value emit_stack_variable(ProbeEmitter& e, ast::Identifier& n);

Value emit_cpid(ProbeEmitter& e, ast::Identifier& n) {
  return {e.const_i64(static_cast<uint64_t>(e.state().model.child_pid.value_or(0))), n.type};
}
Value emit_ctx(ProbeEmitter& e, ast::Identifier& n) {
  return {e.builder().CreatePtrToInt(e.ctx(), e.i64()), n.type};
}

const std::pair<std::string_view, Emit> kEmitters[] = {
    {"pid", emit_pid},         {"tid", emit_tid},           {"uid", emit_uid},
    {"gid", emit_gid},         {"comm", emit_comm},         {"nsecs", emit_nsecs},
    {"elapsed", emit_elapsed}, {"cpu", emit_cpu},           {"ncpus", emit_ncpus},
    {"numaid", emit_numaid},   {"cgroup", emit_cgroup},     {"curtask", emit_curtask},
    {"rand", emit_rand},       {"jiffies", emit_jiffies},   {"username", emit_username},
    {"probe", emit_probe},     {"probetype", emit_probetype}, {"func", emit_func},
    {"retval", emit_retval},   {"args", emit_args},         {"argN", emit_argn},
    {"kstack", emit_stack_variable}, {"ustack", emit_stack_variable}, {"cpid", emit_cpid},
    {"ctx", emit_ctx},         {"sargN", emit_sargn},
};

}  // namespace

// Stacks: bpf_get_stackid into a stack map of the stack's depth (symbol_capture.h).
Value emit_stack(ProbeEmitter& e, const Type& type) { return capture_stack(e, type); }

namespace {
Value emit_stack_variable(ProbeEmitter& e, ast::Identifier& n) { return emit_stack(e, n.type); }
}  // namespace

Value ProbeEmitter::builtin_variable(ast::Identifier& n) {
  const std::string_view key = sonde::builtin_variable(n.builtin_id).name;
  for (const auto& [name, emit] : kEmitters)
    if (name == key) return emit(*this, n);
  return {const_i64(0), n.type};
}

std::vector<std::string> codegen_builtin_variable_names() {
  std::vector<std::string> names;
  for (const auto& [name, emit] : kEmitters) names.emplace_back(name);
  return names;
}

}  // namespace sonde::codegen
