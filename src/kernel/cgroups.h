// cgroup v2 ids and paths: cgroupid("/sys/fs/cgroup/...") at compile time, and the text of a
// cgroup_path(id) value at print time ("unified:/user.slice,cpu:/,..." — one NAME:PATH per
// mounted cgroup hierarchy, as bpftrace prints it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/result.h"

namespace sonde {

// The id of the cgroup at `path` (its kernfs file handle, what bpf_get_current_cgroup_id
// returns for cgroup v2).
Result<uint64_t> cgroup_id_of(const std::string& path);

// Finds cgroup paths by id in every mounted hierarchy. Mounts are read once; each hierarchy is
// walked on demand and the answers cached.
class CgroupPaths {
 public:
  // "NAME:PATH" per hierarchy whose name matches `filter` (a wildcard; "" for all) and that
  // has a cgroup of this id, joined with ','; cgroup2 ("unified") first, then by name.
  std::string path_of(uint64_t id, const std::string& filter = "");

 private:
  struct Hierarchy {
    std::string name;   // "unified" for cgroup2, else the controllers ("cpu,cpuacct")
    std::string mount;  // where it is mounted
  };
  void load_mounts();
  std::string find_in(const Hierarchy& h, uint64_t id);

  bool loaded_ = false;
  std::vector<Hierarchy> hierarchies_;
  std::map<std::pair<std::string, uint64_t>, std::string> cache_;
};

}  // namespace sonde
