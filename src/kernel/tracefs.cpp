#include "kernel/tracefs.h"

#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "support/strings.h"

namespace sonde {
namespace fs = std::filesystem;

namespace {

constexpr const char* kTracefsPath = "/sys/kernel/tracing";
constexpr const char* kDebugfsTracingPath = "/sys/kernel/debug/tracing";

// Names of subdirectories of `dir`, sorted; files (enable, filter, header_page) are skipped.
std::vector<std::string> subdirectories(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Category and event names come from user patterns: keep them inside events/.
bool is_plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

}  // namespace

std::vector<std::string> Tracefs::categories() const { return subdirectories(events_dir()); }

std::vector<std::string> Tracefs::events(const std::string& category) const {
  if (!is_plain_name(category)) return {};
  return subdirectories(events_dir() + "/" + category);
}

std::string Tracefs::event_path(const std::string& category, const std::string& event) const {
  return events_dir() + "/" + category + "/" + event;
}

bool Tracefs::has_event(const std::string& category, const std::string& event) const {
  return is_plain_name(category) && is_plain_name(event) &&
         is_directory(event_path(category, event));
}

Result<uint64_t> Tracefs::event_id(const std::string& category,
                                   const std::string& event) const {
  if (!has_event(category, event)) return Error{"no tracepoint " + category + ":" + event};
  std::string path = event_path(category, event) + "/id";
  auto text = read_file(path);
  if (!text) return errno_error("cannot read " + path, errno);
  auto id = parse_unsigned(trim(*text));
  if (!id) return Error{"cannot parse " + path + ": '" + trim(*text) + "'"};
  return *id;
}

Result<std::string> Tracefs::event_format(const std::string& category,
                                          const std::string& event) const {
  if (!has_event(category, event)) return Error{"no tracepoint " + category + ":" + event};
  std::string path = event_path(category, event) + "/format";
  auto text = read_file(path);
  if (!text) return errno_error("cannot read " + path, errno);
  return *text;
}

bool Tracefs::has_file(const std::string& name) const {
  std::error_code ec;
  return is_plain_name(name) && fs::exists(root_ + "/" + name, ec);
}

Result<Tracefs> find_or_mount_tracefs() {
  for (const char* root : {kTracefsPath, kDebugfsTracingPath})
    if (is_directory(std::string(root) + "/events")) return Tracefs(root);
  if (mount("tracefs", kTracefsPath, "tracefs", 0, nullptr) != 0)
    return errno_error(std::string("tracefs is not mounted and mounting it at ") + kTracefsPath +
                           " failed",
                       errno);
  if (!is_directory(std::string(kTracefsPath) + "/events"))
    return Error{std::string("tracefs mounted at ") + kTracefsPath + " has no events directory"};
  return Tracefs(kTracefsPath);
}

}  // namespace sonde
