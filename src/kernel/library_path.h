// Finding the file of a user-space probe target: a path, or a library short name ("libc",
// "libssl.so.3") looked up the way the dynamic loader would — the libraries a process (-p) has
// mapped, then LD_LIBRARY_PATH, then /etc/ld.so.cache, then the default directories.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace sonde {

// Whether `name` is a library short name (starts with "lib", no '/').
bool is_library_name(std::string_view name);

// Whether the file name `file` (no directory) is library `name`: equal, or `name` followed by
// ".so" / "-" / "." ("libc" matches "libc.so.6" and "libc-2.31.so").
bool library_file_matches(std::string_view name, std::string_view file);

// The absolute path of a probe target: libraries resolved as above, other paths made absolute
// (symlinks resolved). An error names the target when nothing is found.
Result<std::string> resolve_binary_path(const std::string& target, std::optional<pid_t> pid);

// Entries of an ld.so.cache file (new "glibc-ld.so.cache1.1" format): library file name and
// path, in cache order. Empty if the file is missing or malformed.
struct LdCacheEntry {
  std::string name;
  std::string path;
};
std::vector<LdCacheEntry> read_ld_cache(const std::string& path = "/etc/ld.so.cache");

// Paths of the files mapped by process `pid` (from /proc/PID/maps), each once, in map order
// (which puts the executable first).
std::vector<std::string> mapped_files(pid_t pid);

}  // namespace sonde
