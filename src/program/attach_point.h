// A resolved attach point: one place a BPF program is attached, after wildcard expansion.
// Plain data, produced by a probe provider (src/probes/) and carried to the runtime inside the
// CompiledProgram, which hands it back to the same provider to attach.
#pragma once

#include <cstdint>
#include <string>

namespace sonde {

struct AttachPoint {
  std::string provider;  // canonical provider name: "tracepoint", "interval", "begin" ...
  std::string target;    // tracepoint category, binary path, usdt binary, software event ...
  std::string func;      // event, function, usdt probe name ...
  std::string ns;        // usdt provider, kprobe module
  uint64_t offset = 0;   // function offset (kprobe/uprobe), address (watchpoint, addr probes)
  uint64_t value = 0;    // period in ns (interval/profile), sample count (software/hardware),
                         // frequency in hz when `frequency` is set, length (watchpoint)
  bool frequency = false;
  std::string mode;      // watchpoint mode ("rw"), iter pin path, ...
  // Full name as shown by the `probe` builtin and listings: "tracepoint:syscalls:sys_enter_read".
  std::string name;
};

}  // namespace sonde
