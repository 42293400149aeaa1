// State shared by the emitters of all programs of one compilation: the module, the maps and
// their kernel storage, the actions table, and the lazily created internal maps (ring buffer,
// lost-event counter, scratch memory, stack maps, globals).
#pragma once

#include <llvm/IR/GlobalVariable.h>

#include <map>
#include <string>
#include <vector>

#include "codegen/bpf_module.h"
#include "diag/diagnostics.h"
#include "program/compiled_program.h"
#include "sema/semantic_model.h"

namespace sonde::codegen {

// Slots of the `globals` array map, written by the runtime before programs run.
enum class GlobalSlot : uint32_t {
  StartTime = 0,  // boot-clock ns when the run started (for `elapsed`)
  Count,
};

class CompileState {
 public:
  CompileState(BpfModule& module, const SemanticModel& model, const SourceFile& source,
               Diagnostics& diags);

  BpfModule& module;
  const SemanticModel& model;
  const SourceFile& source;
  Diagnostics& diags;

  std::vector<MapSpec> maps;                 // parallel to model.maps
  std::vector<llvm::GlobalVariable*> map_globals;
  std::vector<Action> actions;

  // Internal maps, created on first use.
  llvm::GlobalVariable* ringbuf();
  llvm::GlobalVariable* lost_counter();
  llvm::GlobalVariable* scratch();
  llvm::GlobalVariable* stack_map(bool user);
  llvm::GlobalVariable* globals();
  // Read-only table (in .rodata) of the `probe` strings of a probe whose points are served by
  // the raw_syscalls dispatcher, one `row_size`-byte row per syscall number, so that its points
  // can share one program (see share_programs.h).
  llvm::GlobalVariable* syscall_probe_names(const ProbeInfo& probe, uint32_t row_size);

  // Registers an action; returns its id (the first u64 of the event record).
  uint64_t add_action(Action action);
  // "file:line:col-col" excerpt used by runtime warnings and errorf.
  SourceExcerpt excerpt(SourceRange range) const;

  // Scratch memory: each program uses its own offsets from 0; the map's value is as large as
  // the largest program's need.
  void note_scratch_use(uint32_t bytes);
  uint32_t scratch_size() const { return scratch_size_; }
  void finish();

 private:
  void plan_maps();
  llvm::GlobalVariable* ringbuf_ = nullptr;
  llvm::GlobalVariable* lost_ = nullptr;
  llvm::GlobalVariable* scratch_ = nullptr;
  llvm::GlobalVariable* kstack_ = nullptr;
  llvm::GlobalVariable* ustack_ = nullptr;
  llvm::GlobalVariable* globals_ = nullptr;
  std::map<std::pair<const ProbeInfo*, uint32_t>, llvm::GlobalVariable*> probe_name_tables_;
  uint32_t scratch_size_ = 0;
};

// Names of the internal maps in the object (the runtime finds them by these names).
inline constexpr const char* kRingbufMap = "sonde_events";
inline constexpr const char* kLostMap = "sonde_lost";
inline constexpr const char* kScratchMap = "sonde_scratch";
inline constexpr const char* kKstackMap = "sonde_kstack";
inline constexpr const char* kUstackMap = "sonde_ustack";
inline constexpr const char* kGlobalsMap = "sonde_globals";
inline constexpr uint32_t kMaxStackDepth = 127;

}  // namespace sonde::codegen
