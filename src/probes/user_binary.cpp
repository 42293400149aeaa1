#include "probes/user_binary.h"

#include <glob.h>

#include <cerrno>
#include <filesystem>
#include <set>

#include "kernel/library_path.h"
#include "probes/registry.h"
#include "support/strings.h"

namespace sonde {
namespace {

bool is_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

Result<std::vector<std::string>> glob_paths(const std::string& pattern) {
  glob_t found{};
  int status = glob(pattern.c_str(), 0, nullptr, &found);
  std::vector<std::string> paths;
  if (status == 0)
    for (size_t i = 0; i < found.gl_pathc; ++i) {
      auto resolved = resolve_binary_path(found.gl_pathv[i], std::nullopt);
      if (resolved.ok()) paths.push_back(std::move(*resolved));
    }
  globfree(&found);
  if (paths.empty()) return Error{"No files match '" + pattern + "'"};
  return paths;
}

}  // namespace

Result<std::vector<std::string>> resolve_user_binaries(const std::string& bin,
                                                       const ProbeEnv& env) {
  if (bin == "*") {
    if (!env.pid) return Error{"a '*' binary needs a process to search: use -p PID or -c CMD"};
    auto files = mapped_files(*env.pid);
    std::vector<std::string> paths;
    for (auto& file : files)
      if (is_file(file)) paths.push_back(std::move(file));
    if (paths.empty())
      return Error{"process " + std::to_string(*env.pid) + " maps no files (has it exited?)"};
    return paths;
  }
  if (bin.find('@') != std::string::npos)
    return Error{"source-line probes (BIN@FILE:LINE) need DWARF line tables; this build of "
                 "sonde has no DWARF support"};
  if (bin.find('!') != std::string::npos)
    return Error{"probing inside archives (" + bin + ") is not supported by sonde"};
  if (has_wildcard(bin)) return glob_paths(bin);
  auto path = resolve_binary_path(bin, env.pid);
  if (!path.ok()) return path.error();
  return std::vector<std::string>{std::move(*path)};
}

Result<LinkPtr> attach_uprobe(bpf_program* prog, const std::string& path, uint64_t file_offset,
                              bool retprobe, pid_t pid, uint64_t ref_ctr_offset,
                              const std::string& what) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts, .ref_ctr_offset = ref_ctr_offset, .retprobe = retprobe);
  bpf_link* link = bpf_program__attach_uprobe_opts(prog, pid, path.c_str(), file_offset, &opts);
  if (!link) return errno_error("cannot attach " + what, errno);
  return LinkPtr(link);
}

std::optional<UserPattern> split_user_pattern(const std::string& pattern, const ProbeEnv& env,
                                              size_t rest_parts) {
  auto parts = split_attach_point(pattern.empty() ? "*" : pattern);
  UserPattern out;
  if (parts.size() == 1) {
    if (is_file(parts[0]) || is_library_name(parts[0])) {
      out.bin = parts[0];
      out.rest = {"*"};
      return out;
    }
    if (!env.pid) return std::nullopt;
    out.bin = "*";
    out.rest = {parts[0]};
    return out;
  }
  if (parts.size() > rest_parts + 1) return std::nullopt;
  out.bin = parts[0];
  out.rest.assign(parts.begin() + 1, parts.end());
  return out;
}

bool user_space_listed_by_default(const ListRequest& request, const ProbeEnv& env) {
  if (env.pid) return true;
  auto parts = split_attach_point(request.pattern);
  return !parts.empty() && is_file(parts[0]);
}

}  // namespace sonde
