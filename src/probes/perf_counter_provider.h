// Probe kinds that sample a perf counter on every CPU: `KIND:EVENT[:COUNT]`, one sample every
// COUNT events (a default per event), no wildcards. software and hardware differ only in their
// event table, perf type and support check.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "probes/provider.h"

namespace sonde {

struct PerfCounterEvent {
  std::string_view name;
  std::string_view alias;  // empty if none
  uint64_t config;         // PERF_COUNT_SW_* / PERF_COUNT_HW_*
  uint64_t default_count;
};

class PerfCounterProvider : public ProbeProvider {
 public:
  PerfCounterProvider(std::string_view kind, std::string_view alias, uint32_t perf_type,
                      std::span<const PerfCounterEvent> events)
      : kind_(kind), alias_(alias), perf_type_(perf_type), events_(events) {}

  std::string_view name() const override { return kind_; }
  std::vector<std::string_view> aliases() const override { return {alias_}; }
  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override;
  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override;
  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override;
  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override;

 private:
  const PerfCounterEvent* find_event(std::string_view name) const;

  std::string_view kind_;
  std::string_view alias_;
  uint32_t perf_type_;
  std::span<const PerfCounterEvent> events_;
};

}  // namespace sonde
