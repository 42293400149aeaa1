// Kernel and build feature detection, and the `--info` report. Each feature is probed the first
// time it is asked for (a map created, a tiny program loaded, a perf event opened and closed at
// once) and the answer cached; nothing is probed at startup.
//
// A new feature needs: an enumerator below and one row in the table of features.cpp (name,
// report section, detection function).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace sonde {

class Kernel;

enum class Feature : uint8_t {
  // Build
  Libdw,
  Dwunwind,
  Blazesym,
  // Kernel helpers
  ProbeReadKernel,
  ProbeReadUserStr,
  SendSignal,
  GetCurrentCgroupId,
  GetFuncIp,
  LookupPercpuElem,
  Jiffies64,
  GetTaiNs,
  ForEachMapElem,
  Loop,
  Dpath,
  // Kernel features
  Btf,
  // Map types
  HashMap,
  PercpuHashMap,
  ArrayMap,
  PercpuArrayMap,
  LruHashMap,
  StackTraceMap,
  PerfEventArrayMap,
  RingbufMap,
  // Probe types
  Kprobe,
  KprobeMulti,
  KprobeSession,
  Uprobe,
  UprobeMulti,
  Tracepoint,
  RawTracepoint,
  Fentry,
  Iter,
  Hardware,
  Software,
  Watchpoint,
  Count_,  // number of features
};

// The name printed by --info ("kprobe_multi", "libdw (DWARF support)").
std::string_view feature_name(Feature feature);
// Inverse of feature_name, for --no-feature.
std::optional<Feature> feature_by_name(std::string_view name);

class Features {
 public:
  explicit Features(Kernel& kernel) : kernel_(kernel) {}

  // Detects on first use; later calls return the cached answer.
  bool has(Feature feature);

  // --no-feature: report the feature as absent without probing.
  void disable(Feature feature);

  // Probes every feature and prints the report: section headers, then one `  name: yes|no`
  // line per feature.
  void print_report(std::ostream& out);

 private:
  Kernel& kernel_;
  std::array<std::optional<bool>, static_cast<size_t>(Feature::Count_)> cache_;
};

}  // namespace sonde
