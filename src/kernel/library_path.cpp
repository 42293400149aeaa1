#include "kernel/library_path.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/strings.h"

namespace sonde {
namespace fs = std::filesystem;

namespace {

constexpr char kCacheMagic[] = "glibc-ld.so.cache1.1";
constexpr size_t kCacheHeaderSize = 48;  // magic+version, nlibs, len_strings, flags, ext, unused
constexpr size_t kCacheEntrySize = 24;   // flags, key, value, osversion, hwcap
// ld.so.cache entry flags: the library's architecture (x86-64) in the second byte.
constexpr uint32_t kArchMask = 0xff00;
constexpr uint32_t kArchX8664 = 0x0300;

// Directories the loader searches after the cache (glibc's trusted directories).
const char* const kDefaultDirs[] = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                                    "/lib64", "/usr/lib64", "/lib", "/usr/lib"};

uint32_t read_u32(const std::string& data, size_t offset) {
  uint32_t value = 0;
  std::memcpy(&value, data.data() + offset, sizeof value);
  return value;
}

std::string string_at(const std::string& data, uint32_t offset) {
  if (offset >= data.size()) return "";
  size_t end = data.find('\0', offset);
  return data.substr(offset, (end == std::string::npos ? data.size() : end) - offset);
}

bool is_regular_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::optional<std::string> canonical(const std::string& path) {
  std::error_code ec;
  auto result = fs::canonical(path, ec);
  if (ec) return std::nullopt;
  return result.string();
}

// The first file in `dir` that is library `name`.
std::optional<std::string> find_in_directory(const std::string& dir, const std::string& name) {
  std::error_code ec;
  std::set<std::string> candidates;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string file = it->path().filename().string();
    if (library_file_matches(name, file)) candidates.insert(it->path().string());
  }
  for (const auto& candidate : candidates)
    if (is_regular_file(candidate)) return canonical(candidate);
  return std::nullopt;
}

std::optional<std::string> find_library(const std::string& name, std::optional<pid_t> pid) {
  if (pid) {
    for (const auto& file : mapped_files(*pid))
      if (library_file_matches(name, fs::path(file).filename().string())) {
        // The process may live in another mount namespace; its root shows its files.
        if (is_regular_file(file)) return file;
        return "/proc/" + std::to_string(*pid) + "/root" + file;
      }
  }
  if (const char* env = std::getenv("LD_LIBRARY_PATH")) {
    for (const auto& dir : split(env, ':'))
      if (!dir.empty())
        if (auto found = find_in_directory(dir, name)) return found;
  }
  for (const auto& entry : read_ld_cache())
    if (library_file_matches(name, entry.name) && is_regular_file(entry.path))
      return canonical(entry.path);
  for (const char* dir : kDefaultDirs)
    if (auto found = find_in_directory(dir, name)) return found;
  return std::nullopt;
}

}  // namespace

bool is_library_name(std::string_view name) {
  return starts_with(name, "lib") && name.find('/') == std::string_view::npos;
}

bool library_file_matches(std::string_view name, std::string_view file) {
  if (file == name) return true;
  if (!starts_with(file, name)) return false;
  std::string_view rest = file.substr(name.size());
  return starts_with(rest, ".so") || starts_with(rest, "-") ||
         (ends_with(name, ".so") && starts_with(rest, "."));
}

Result<std::string> resolve_binary_path(const std::string& target, std::optional<pid_t> pid) {
  if (is_library_name(target)) {
    auto found = find_library(target, pid);
    if (!found) return Error{"could not find library '" + target + "'"};
    return *found;
  }
  if (!is_regular_file(target)) return Error{"could not find file '" + target + "'"};
  auto absolute = canonical(target);
  if (!absolute) return errno_error("cannot resolve '" + target + "'", errno);
  return *absolute;
}

std::vector<LdCacheEntry> read_ld_cache(const std::string& path) {
  auto data = read_file(path);
  std::vector<LdCacheEntry> entries;
  if (!data || data->size() < kCacheHeaderSize ||
      data->compare(0, sizeof kCacheMagic - 1, kCacheMagic) != 0)
    return entries;
  uint32_t count = read_u32(*data, sizeof kCacheMagic - 1);
  if (kCacheHeaderSize + uint64_t{count} * kCacheEntrySize > data->size()) return entries;
  for (uint32_t i = 0; i < count; ++i) {
    size_t at = kCacheHeaderSize + size_t{i} * kCacheEntrySize;
    uint32_t flags = read_u32(*data, at);
    if ((flags & kArchMask) != kArchX8664) continue;
    entries.push_back({string_at(*data, read_u32(*data, at + 4)),
                       string_at(*data, read_u32(*data, at + 8))});
  }
  return entries;
}

std::vector<std::string> mapped_files(pid_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::vector<std::string> files;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(maps, line)) {
    // "start-end perms offset dev inode   path"
    std::istringstream fields(line);
    std::string range, perms, offset, dev, inode, file;
    fields >> range >> perms >> offset >> dev >> inode;
    std::getline(fields, file);
    file = trim(file);
    if (file.empty() || file[0] != '/' || ends_with(file, " (deleted)")) continue;
    if (seen.insert(file).second) files.push_back(file);
  }
  return files;
}

}  // namespace sonde
