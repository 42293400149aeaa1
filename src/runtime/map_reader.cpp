#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace sonde {

namespace {

uint32_t round8(uint32_t n) { return (n + 7) / 8 * 8; }

int64_t load_i64(const uint8_t* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Merges the per-CPU slots of one aggregation value into `entry`. Returns false when no CPU
// ever set it (so the entry is not printed).
bool merge_aggregation(const Type& type, const uint8_t* slots, int cpus, uint32_t stride,
                       MapEntry& entry) {
  bool any = false;
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum: {
      int64_t total = 0;
      for (int c = 0; c < cpus; ++c) total += load_i64(slots + c * stride);
      entry.number = total;
      return true;
    }
    case TypeKind::Min:
    case TypeKind::Max: {
      bool is_min = type.is(TypeKind::Min);
      for (int c = 0; c < cpus; ++c) {
        const uint8_t* s = slots + c * stride;
        if (!load_i64(s + 8)) continue;
        int64_t v = load_i64(s);
        bool better;
        if (type.is_signed()) better = is_min ? v < entry.number : v > entry.number;
        else better = is_min ? static_cast<uint64_t>(v) < static_cast<uint64_t>(entry.number)
                             : static_cast<uint64_t>(v) > static_cast<uint64_t>(entry.number);
        if (!any || better) entry.number = v;
        any = true;
      }
      return any;
    }
    case TypeKind::Avg:
    case TypeKind::Stats: {
      for (int c = 0; c < cpus; ++c) {
        const uint8_t* s = slots + c * stride;
        entry.total += load_i64(s);
        entry.count += static_cast<uint64_t>(load_i64(s + 8));
      }
      return entry.count > 0;
    }
    default:
      return false;
  }
}

uint64_t sum_slots(const uint8_t* slots, int cpus, uint32_t stride) {
  uint64_t total = 0;
  for (int c = 0; c < cpus; ++c) total += static_cast<uint64_t>(load_i64(slots + c * stride));
  return total;
}

}  // namespace

MapReader::MapReader() : cpus_(std::max(1, libbpf_num_possible_cpus())) {}

void MapReader::read_all(int fd, uint32_t key_size, uint32_t value_size, bool per_cpu,
                         std::vector<uint8_t>& keys, std::vector<uint8_t>& values,
                         size_t& count) const {
  uint32_t value_bytes = per_cpu ? round8(value_size) * cpus_ : value_size;
  count = 0;
  // Batched lookups: one system call per chunk instead of two per key.
  uint32_t chunk = 4096;
  std::vector<uint8_t> in(std::max<uint32_t>(key_size, 8)), out(std::max<uint32_t>(key_size, 8));
  bool first = true;
  while (true) {
    keys.resize((count + chunk) * key_size);
    values.resize((count + chunk) * value_bytes);
    uint32_t n = chunk;
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int err = bpf_map_lookup_batch(fd, first ? nullptr : in.data(), out.data(),
                                   keys.data() + count * key_size,
                                   values.data() + count * value_bytes, &n, &opts);
    int saved = errno;
    count += n;
    if (err) {
      if (saved == ENOENT) break;
      if (saved == EINVAL && first && n == 0) {
        // Batch operations unsupported for this map type: fall back to key iteration.
        break;
      }
      if (saved != ENOSPC) break;
    }
    std::swap(in, out);
    first = false;
  }
  if (count > 0 || !first) {
    keys.resize(count * key_size);
    values.resize(count * value_bytes);
    return;
  }
  // Fallback: get_next_key + lookup.
  std::vector<uint8_t> key(key_size), next(key_size), value(value_bytes);
  const void* prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, next.data()) == 0) {
    if (bpf_map_lookup_elem(fd, next.data(), value.data()) == 0) {
      keys.insert(keys.end(), next.begin(), next.end());
      values.insert(values.end(), value.begin(), value.end());
      ++count;
    }
    key = next;
    prev = key.data();
  }
}

MapSnapshot MapReader::read(const MapSpec& spec, int fd) const {
  MapSnapshot snap;
  snap.spec = &spec;
  const Type& value = spec.value;
  uint32_t zero_key = 0;
  switch (spec.storage) {
    case MapStorage::ScalarArray: {
      std::vector<uint8_t> buf(8 + std::max<uint32_t>(1, value.size()));
      if (bpf_map_lookup_elem(fd, &zero_key, buf.data()) == 0 && load_i64(buf.data()) != 0) {
        MapEntry e;
        e.value.assign(buf.begin() + 8, buf.begin() + 8 + value.size());
        snap.entries.push_back(std::move(e));
      }
      break;
    }
    case MapStorage::ScalarPerCpuArray: {
      uint32_t stride = round8(value.size());
      std::vector<uint8_t> buf(stride * cpus_);
      if (bpf_map_lookup_elem(fd, &zero_key, buf.data()) == 0) {
        MapEntry e;
        bool set = merge_aggregation(value, buf.data(), cpus_, stride, e);
        bool counted = value.is(TypeKind::Count) || value.is(TypeKind::Sum);
        if (set && (!counted || e.number != 0)) snap.entries.push_back(std::move(e));
      }
      break;
    }
    case MapStorage::HistPerCpuArray: {
      MapEntry e;
      e.buckets.resize(value.bucket_count());
      std::vector<uint8_t> buf(8 * cpus_);
      bool any = false;
      for (uint32_t i = 0; i < value.bucket_count(); ++i) {
        if (bpf_map_lookup_elem(fd, &i, buf.data()) == 0) {
          e.buckets[i] = sum_slots(buf.data(), cpus_, 8);
          any |= e.buckets[i] != 0;
        }
      }
      if (any) snap.entries.push_back(std::move(e));
      break;
    }
    case MapStorage::Hash:
    case MapStorage::PerCpuHash: {
      bool per_cpu = spec.storage == MapStorage::PerCpuHash;
      uint32_t key_size = std::max<uint32_t>(1, spec.key.size());
      uint32_t value_size = std::max<uint32_t>(1, value.size());
      std::vector<uint8_t> keys, values;
      size_t count = 0;
      read_all(fd, key_size, value_size, per_cpu, keys, values, count);
      uint32_t stride = per_cpu ? round8(value_size) * cpus_ : value_size;
      snap.entries.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        MapEntry e;
        e.key.assign(keys.begin() + i * key_size, keys.begin() + (i + 1) * key_size);
        const uint8_t* v = values.data() + i * stride;
        if (per_cpu) {
          if (!merge_aggregation(value, v, cpus_, round8(value_size), e)) continue;
        } else {
          e.value.assign(v, v + value_size);
        }
        snap.entries.push_back(std::move(e));
      }
      break;
    }
    case MapStorage::HistPerCpuHash: {
      uint32_t key_size = spec.hist_key_size();
      std::vector<uint8_t> keys, values;
      size_t count = 0;
      read_all(fd, key_size, 8, true, keys, values, count);
      std::map<std::vector<uint8_t>, size_t> by_key;
      uint32_t user_key = spec.key.size();
      for (size_t i = 0; i < count; ++i) {
        const uint8_t* k = keys.data() + i * key_size;
        std::vector<uint8_t> user(k, k + user_key);
        uint64_t bucket = static_cast<uint64_t>(load_i64(k + key_size - 8));
        auto [it, inserted] = by_key.emplace(user, snap.entries.size());
        if (inserted) {
          MapEntry e;
          e.key = user;
          e.buckets.resize(value.bucket_count());
          snap.entries.push_back(std::move(e));
        }
        if (bucket < value.bucket_count())
          snap.entries[it->second].buckets[bucket] += sum_slots(values.data() + i * 8 * cpus_, cpus_, 8);
      }
      break;
    }
  }
  return snap;
}

void MapReader::clear(const MapSpec& spec, int fd) const {
  switch (spec.storage) {
    case MapStorage::ScalarArray:
    case MapStorage::ScalarPerCpuArray:
    case MapStorage::HistPerCpuArray:
      zero(spec, fd);
      return;
    default:
      break;
  }
  uint32_t key_size = spec.storage == MapStorage::HistPerCpuHash ? spec.hist_key_size()
                                                                  : std::max<uint32_t>(1, spec.key.size());
  std::vector<uint8_t> key(key_size);
  // Deleting the key we just got makes get_next_key(NULL) restart from the first key.
  while (bpf_map_get_next_key(fd, nullptr, key.data()) == 0)
    if (bpf_map_delete_elem(fd, key.data()) != 0) break;
}

void MapReader::zero(const MapSpec& spec, int fd) const {
  bool per_cpu = spec.storage != MapStorage::ScalarArray && spec.storage != MapStorage::Hash;
  uint32_t value_size;
  switch (spec.storage) {
    case MapStorage::ScalarArray: value_size = 8 + std::max<uint32_t>(1, spec.value.size()); break;
    case MapStorage::HistPerCpuArray:
    case MapStorage::HistPerCpuHash: value_size = 8; break;
    default: value_size = std::max<uint32_t>(1, spec.value.size()); break;
  }
  std::vector<uint8_t> zeros(per_cpu ? round8(value_size) * cpus_ : value_size);
  if (spec.storage == MapStorage::ScalarArray) {
    uint32_t k = 0;
    bpf_map_update_elem(fd, &k, zeros.data(), BPF_ANY);
    return;
  }
  if (spec.storage == MapStorage::ScalarPerCpuArray || spec.storage == MapStorage::HistPerCpuArray) {
    uint32_t entries = spec.storage == MapStorage::HistPerCpuArray ? spec.value.bucket_count() : 1;
    for (uint32_t k = 0; k < entries; ++k) bpf_map_update_elem(fd, &k, zeros.data(), BPF_ANY);
    return;
  }
  uint32_t key_size = spec.storage == MapStorage::HistPerCpuHash ? spec.hist_key_size()
                                                                  : std::max<uint32_t>(1, spec.key.size());
  std::vector<uint8_t> key(key_size), next(key_size);
  const void* prev = nullptr;
  std::vector<std::vector<uint8_t>> all;
  while (bpf_map_get_next_key(fd, prev, next.data()) == 0) {
    all.push_back(next);
    key = next;
    prev = key.data();
  }
  for (auto& k : all) bpf_map_update_elem(fd, k.data(), zeros.data(), BPF_EXIST);
}

}  // namespace sonde
