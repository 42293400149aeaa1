// Addresses to symbol names, through bcc's symbolizer linked statically
// (libbcc-loader-static.a: ELF symbol tables, /proc/PID/maps, perf-PID.map files of JIT
// runtimes, /proc/kallsyms; never libbcc.so, which would load a second LLVM).
//
// Kernel: /proc/kallsyms is parsed once, on the first kernel lookup — a run that prints no
// kernel stack or ksym never reads it (~135 ms here).
//
// User: one cache per process, created while the process is alive: it records the process's
// mappings and loads each mapped object's symbols, so the process can exit before its stacks
// are printed (a `@[ustack]` map printed at exit) and still resolve — bpftrace 0.17 prints
// bare addresses then. The BPF side tells user space a pid's first stack or address through a
// ring-buffer notification (ActionKind::ProcessSeen, sent once per pid), and note_process()
// runs when that arrives; a pid first met at print time gets its cache then.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace sonde {

class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  // "name+OFFSET" (decimal offset, as bpftrace prints) or "name"; "" when unknown.
  std::string kernel(uint64_t addr, bool with_offset);
  // Symbol of `addr` in process `pid` (C++ names demangled); "" when unknown. `module`, when
  // given, receives the path of the object holding the symbol ("" when unresolved).
  std::string user(uint32_t pid, uint64_t addr, bool with_offset, std::string* module);
  // Captures what symbolizing `pid` needs while it is alive. Idempotent.
  void note_process(uint32_t pid);

  bool kernel_symbols_loaded() const { return kernel_cache_ != nullptr; }

 private:
  struct ProcessCache;
  ProcessCache* process(uint32_t pid);

  void* kernel_cache_ = nullptr;
  std::map<uint32_t, std::unique_ptr<ProcessCache>> processes_;
};

}  // namespace sonde
