// Shared by the user-space providers (uprobe, uretprobe, usdt): which files a BIN part names —
// a path, a glob, a library short name ("libc"), or `*` for every file the -p process maps —
// and attaching a uprobe at a file offset.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probes/provider.h"

namespace sonde {

// Absolute paths of the binaries `bin` names. An error when nothing matches.
Result<std::vector<std::string>> resolve_user_binaries(const std::string& bin,
                                                       const ProbeEnv& env);

// Attaches a uprobe (or uretprobe) at `file_offset` of `path`, in process `pid` or every
// process (-1). `ref_ctr_offset` is the file offset of a USDT semaphore (0: none), which the
// kernel then counts up while the probe is attached.
Result<LinkPtr> attach_uprobe(bpf_program* prog, const std::string& path, uint64_t file_offset,
                              bool retprobe, pid_t pid, uint64_t ref_ctr_offset,
                              const std::string& what);

// The parts of a user-space listing pattern: "BIN:REST..." where BIN may be omitted with -p.
struct UserPattern {
  std::string bin;
  std::vector<std::string> rest;
};
std::optional<UserPattern> split_user_pattern(const std::string& pattern, const ProbeEnv& env,
                                              size_t rest_parts);

// listed_by_default() of the user-space providers: with -p, or when the pattern's BIN is an
// existing file.
bool user_space_listed_by_default(const ListRequest& request, const ProbeEnv& env);

}  // namespace sonde
