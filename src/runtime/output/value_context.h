// What rendering a value may need from the running system: symbols, stacks, user names,
// cgroup paths, the boot-time clock offset. The runtime fills it; tests use the defaults,
// which render addresses as hex.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "program/config.h"

namespace sonde {

struct ValueContext {
  const RuntimeConfig* config = nullptr;  // str_trunc_trailer etc.; null means defaults

  // Kernel symbol for addr: "name+off" when with_offset, else "name"; "" if unknown.
  std::function<std::string(uint64_t addr, bool with_offset)> ksym;
  // User symbol in process pid; "" if unknown. `module` receives the object path when known.
  std::function<std::string(uint32_t pid, uint64_t addr, bool with_offset, std::string* module)>
      usym;
  // Frames of a stack id from the kernel or user stack map (empty if unknown).
  std::function<std::vector<uint64_t>(bool user, int64_t stack_id)> stack_frames;
  std::function<std::string(uint64_t uid)> username;
  std::function<std::string(uint64_t cgroup_id)> cgroup_path;
  // Wall-clock nanoseconds for a boot-clock timestamp.
  std::function<int64_t(uint64_t boot_ns)> boot_to_realtime_ns;
  // Enumerator of `value` in the enum named `enum_name` (Type::name()); "" if unknown, and
  // the number is printed instead. Types carry only the enum's name, so BTF or the script's
  // enum definitions must answer this.
  std::function<std::string(const std::string& enum_name, int64_t value)> enumerator;
  // A process's first user stack or address was captured: prepare to symbolize it while it
  // is alive (runtime/symbolizer.h).
  std::function<void(uint32_t pid)> process_seen;

  const std::string& trunc_trailer() const;
};

}  // namespace sonde
