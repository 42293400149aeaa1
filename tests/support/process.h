// Running sonde (or any command) from tests: captured output, the attach notification, and
// a record of the BPF programs and links the run held, to check nothing stays behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sonde::test {

struct RunResult {
  std::string out;
  std::string err;  // without the attach-notification line
  int exit_code = -1;
  bool timed_out = false;
  // IDs of BPF programs and links the process held after attaching (empty if it finished
  // before they could be read).
  std::set<uint32_t> prog_ids;
  std::set<uint32_t> link_ids;
};

struct RunSpec {
  std::string command;         // run with /bin/sh -c "exec ..."
  std::string after;           // shell command run once probes are attached ("" = none)
  std::optional<int> signal_after;  // signal sent to the process after `after` (e.g. SIGINT)
  std::chrono::milliseconds timeout{30000};
  std::string stdin_text;
};

RunResult run_command(const RunSpec& spec);

// BPF object IDs still present in the kernel among `ids`.
std::set<uint32_t> live_prog_ids(const std::set<uint32_t>& ids);
std::set<uint32_t> live_link_ids(const std::set<uint32_t>& ids);

// Directory holding the built test workloads and the sonde binary (from the build).
std::string build_dir();
std::string source_dir();

}  // namespace sonde::test
