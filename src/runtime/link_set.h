// The links of attached programs. Tearing down hundreds of perf-event links one by one waits
// for an RCU grace period each; destroying them from several threads lets those waits overlap.
#pragma once

#include <vector>

#include "probes/provider.h"

namespace sonde {

class LinkSet {
 public:
  LinkSet() = default;
  LinkSet(const LinkSet&) = delete;
  LinkSet& operator=(const LinkSet&) = delete;
  ~LinkSet() { detach_all(); }

  void add(std::vector<LinkPtr> links);
  size_t size() const { return links_.size(); }
  void detach_all();

 private:
  std::vector<LinkPtr> links_;
};

}  // namespace sonde
