#include "kernel/cgroups.h"

#include <fcntl.h>
#include <fnmatch.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sonde {

namespace {

namespace fs = std::filesystem;

// Splits "a,b,c".
std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) parts.push_back(part);
  return parts;
}

}  // namespace

Result<uint64_t> cgroup_id_of(const std::string& path) {
  struct {
    struct file_handle handle;
    uint64_t id;
  } buffer{};
  buffer.handle.handle_bytes = sizeof(uint64_t);
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path.c_str(), &buffer.handle, &mount_id, 0) != 0)
    return errno_error("Failed to get `cgroupid` for path: \"" + path + "\"", errno);
  uint64_t id = 0;
  std::memcpy(&id, buffer.handle.f_handle, sizeof id);
  return id;
}

void CgroupPaths::load_mounts() {
  loaded_ = true;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  std::vector<Hierarchy> v1;
  while (std::getline(in, line)) {
    // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE SUPEROPTIONS"
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream head(line.substr(0, dash)), tail(line.substr(dash + 3));
    std::string id, parent, dev, root, mount, fstype, source, options;
    head >> id >> parent >> dev >> root >> mount;
    tail >> fstype >> source >> options;
    if (fstype == "cgroup2") {
      hierarchies_.insert(hierarchies_.begin(), {"unified", mount});
    } else if (fstype == "cgroup") {
      for (const auto& option : split_commas(options)) {
        if (option == "rw" || option == "ro" || option.find('=') != std::string::npos) {
          if (option.rfind("name=", 0) == 0) v1.push_back({option.substr(5), mount});
          continue;
        }
        v1.push_back({option, mount});
      }
    }
  }
  std::sort(v1.begin(), v1.end(),
            [](const Hierarchy& a, const Hierarchy& b) { return a.name < b.name; });
  hierarchies_.insert(hierarchies_.end(), v1.begin(), v1.end());
}

std::string CgroupPaths::find_in(const Hierarchy& h, uint64_t id) {
  auto key = std::make_pair(h.mount, id);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  std::string found;
  auto root_id = cgroup_id_of(h.mount);
  if (root_id.ok() && *root_id == id) {
    found = "/";
  } else {
    std::error_code ec;
    fs::recursive_directory_iterator it(h.mount, fs::directory_options::skip_permission_denied,
                                        ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec)) continue;
      auto dir_id = cgroup_id_of(it->path().string());
      if (dir_id.ok() && *dir_id == id) {
        found = "/" + fs::relative(it->path(), h.mount, ec).string();
        break;
      }
    }
  }
  cache_[key] = found;
  return found;
}

std::string CgroupPaths::path_of(uint64_t id, const std::string& filter) {
  if (!loaded_) load_mounts();
  std::string text;
  for (const auto& h : hierarchies_) {
    if (!filter.empty() && fnmatch(filter.c_str(), h.name.c_str(), 0) != 0) continue;
    std::string path = find_in(h, id);
    if (path.empty()) continue;
    if (!text.empty()) text += ",";
    text += h.name + ":" + path;
  }
  return text;
}

}  // namespace sonde
