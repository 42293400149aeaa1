// tracefs: where it is, which tracepoints exist, an event's id and format file. Only reads;
// sonde never writes global tracing state (current_tracer, tracing_on, kprobe_events ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/result.h"

namespace sonde {

class Tracefs {
 public:
  // `root` is the directory holding `events/` ("/sys/kernel/tracing").
  explicit Tracefs(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string events_dir() const { return root_ + "/events"; }

  // Directory scans of events/, sorted. Unreadable directories give empty lists.
  std::vector<std::string> categories() const;
  std::vector<std::string> events(const std::string& category) const;
  bool has_event(const std::string& category, const std::string& event) const;

  // events/CAT/EVENT/id and events/CAT/EVENT/format.
  Result<uint64_t> event_id(const std::string& category, const std::string& event) const;
  Result<std::string> event_format(const std::string& category, const std::string& event) const;

  // A top-level file such as "kprobe_events" or "available_filter_functions" exists.
  bool has_file(const std::string& name) const;

 private:
  std::string event_path(const std::string& category, const std::string& event) const;

  std::string root_;
};

// Looks for /sys/kernel/tracing/events, then /sys/kernel/debug/tracing/events; if neither
// exists mounts tracefs at /sys/kernel/tracing (the directory must exist).
Result<Tracefs> find_or_mount_tracefs();

}  // namespace sonde
