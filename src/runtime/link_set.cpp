#include "runtime/link_set.h"

#include <algorithm>
#include <thread>

namespace sonde {

void LinkSet::add(std::vector<LinkPtr> links) {
  for (auto& l : links) links_.push_back(std::move(l));
}

void LinkSet::detach_all() {
  constexpr size_t kSerialLimit = 4;
  constexpr size_t kMaxThreads = 64;
  if (links_.size() <= kSerialLimit) {
    links_.clear();
    return;
  }
  size_t threads = std::min(kMaxThreads, links_.size());
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([this, t, threads] {
      for (size_t i = t; i < links_.size(); i += threads) links_[i].reset();
    });
  }
  for (auto& w : workers) w.join();
  links_.clear();
}

}  // namespace sonde
