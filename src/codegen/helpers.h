// BPF helper functions by number (enum bpf_func_id), and a typed way to call them from IR.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <initializer_list>

namespace sonde::codegen {

enum class Helper : int {
  MapLookupElem = 1,
  MapUpdateElem = 2,
  MapDeleteElem = 3,
  ProbeRead = 4,
  KtimeGetNs = 5,
  GetPrandomU32 = 7,
  GetSmpProcessorId = 8,
  GetCurrentPidTgid = 14,
  GetCurrentUidGid = 15,
  GetCurrentComm = 16,
  GetStackid = 27,
  GetCurrentTask = 35,
  ProbeReadStr = 45,
  SendSignal = 109,
  ProbeReadUser = 112,
  ProbeReadKernel = 113,
  ProbeReadUserStr = 114,
  ProbeReadKernelStr = 115,
  GetCurrentCgroupId = 80,
  SendSignalThread = 117,
  Jiffies64 = 118,
  GetNumaNodeId = 42,
  RingbufOutput = 130,
  RingbufReserve = 131,
  RingbufSubmit = 132,
  RingbufDiscard = 133,
  GetFuncIp = 173,
  DPath = 147,
  KtimeGetBootNs = 125,
  ForEachMapElem = 164,
  Loop = 181,
  MapLookupPercpuElem = 195,
  KtimeGetTaiNs = 208,
};

// Emits `call helper(args...)`; every argument and the result are i64 or ptr.
llvm::Value* call_helper(llvm::IRBuilder<>& b, Helper helper, llvm::Type* result,
                         std::initializer_list<llvm::Value*> args);

// Signed division or remainder with C truncation semantics, built from unsigned operations:
// BPF before ISA v4 has no signed division. `r` must not be zero.
llvm::Value* signed_divide(llvm::IRBuilder<>& b, llvm::Value* l, llvm::Value* r, bool remainder);

}  // namespace sonde::codegen
