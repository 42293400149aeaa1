#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace sonde {

namespace {

uint32_t round8(uint32_t n) { return (n + 7) / 8 * 8; }

int64_t load_i64(const uint8_t* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

bool is_per_cpu(MapStorage s) { return s != MapStorage::ScalarArray && s != MapStorage::Hash; }

bool is_array(MapStorage s) {
  return s == MapStorage::ScalarArray || s == MapStorage::ScalarPerCpuArray ||
         s == MapStorage::HistPerCpuArray;
}

// Kernel key and (one CPU's) value size; compile_state.cpp plans them.
uint32_t key_size_of(const MapSpec& spec) {
  if (spec.key_size) return spec.key_size;
  if (is_array(spec.storage)) return 4;
  if (spec.storage == MapStorage::HistPerCpuHash) return spec.hist_key_size();
  return std::max<uint32_t>(1, spec.key.size());
}

uint32_t value_size_of(const MapSpec& spec) {
  if (spec.value_size) return spec.value_size;
  switch (spec.storage) {
    case MapStorage::ScalarArray: return 8 + std::max<uint32_t>(1, spec.value.size());
    case MapStorage::HistPerCpuArray:
    case MapStorage::HistPerCpuHash: return 8;
    case MapStorage::ScalarPerCpuArray:
      return spec.value.is(TypeKind::Sum) ? 16 : spec.value.size();
    default: return std::max<uint32_t>(1, spec.value.size());
  }
}

// Merges the per-CPU slots of one aggregation value into `entry`. Returns whether any CPU
// ever set it. A scalar sum's slot holds a set flag after the value (`sum_flag`).
bool merge_aggregation(const Type& type, const uint8_t* slots, int cpus, uint32_t stride,
                       bool sum_flag, MapEntry& entry) {
  bool any = false;
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum: {
      int64_t total = 0;
      for (int c = 0; c < cpus; ++c) {
        const uint8_t* s = slots + c * stride;
        total = static_cast<int64_t>(static_cast<uint64_t>(total) +
                                     static_cast<uint64_t>(load_i64(s)));
        any |= sum_flag ? load_i64(s + 8) != 0 : load_i64(s) != 0;
      }
      entry.number = total;
      return any;
    }
    case TypeKind::Min:
    case TypeKind::Max: {
      const bool is_min = type.is(TypeKind::Min);
      for (int c = 0; c < cpus; ++c) {
        const uint8_t* s = slots + c * stride;
        if (!load_i64(s + 8)) continue;
        const int64_t v = load_i64(s);
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
    case TypeKind::Stats:
      for (int c = 0; c < cpus; ++c) {
        const uint8_t* s = slots + c * stride;
        entry.total = static_cast<int64_t>(static_cast<uint64_t>(entry.total) +
                                           static_cast<uint64_t>(load_i64(s)));
        entry.count += static_cast<uint64_t>(load_i64(s + 8));
      }
      return entry.count > 0;
    default:
      return false;
  }
}

uint64_t sum_slots(const uint8_t* slots, int cpus, uint32_t stride) {
  uint64_t total = 0;
  for (int c = 0; c < cpus; ++c) total += static_cast<uint64_t>(load_i64(slots + c * stride));
  return total;
}

// The zero value of a scalar map: what print(@m) shows before anything was written.
MapEntry zero_entry(const MapSpec& spec) {
  MapEntry e;
  if (spec.value.is_hist_like()) e.buckets.assign(spec.value.bucket_count(), 0);
  else if (!spec.value.is_aggregation()) e.value.assign(spec.value.size(), 0);
  return e;
}

}  // namespace

MapReader::MapReader() : cpus_(std::max(1, libbpf_num_possible_cpus())) {}

uint32_t MapReader::value_bytes(const MapSpec& spec) const {
  const uint32_t size = value_size_of(spec);
  return is_per_cpu(spec.storage) ? round8(size) * cpus_ : size;
}

MapReader::Contents MapReader::read_all(int fd, uint32_t key_size, uint32_t value_bytes) const {
  Contents c;
  // Batched lookups: one system call per chunk instead of two per key.
  uint32_t chunk = 4096;
  std::vector<uint8_t> in(std::max<uint32_t>(key_size, 8)), out(std::max<uint32_t>(key_size, 8));
  bool first = true;
  bool batch_works = true;
  while (true) {
    c.keys.resize((c.count + chunk) * key_size);
    c.values.resize((c.count + chunk) * value_bytes);
    uint32_t n = chunk;
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int err = bpf_map_lookup_batch(fd, first ? nullptr : in.data(), out.data(),
                                   c.keys.data() + c.count * key_size,
                                   c.values.data() + c.count * value_bytes, &n, &opts);
    const int saved = errno;
    if (err && saved != ENOENT && saved != ENOSPC) {
      batch_works = !(first && n == 0);  // unsupported: fall back to key iteration
      if (batch_works) c.count += n;
      break;
    }
    c.count += n;
    if (err && saved == ENOENT) break;
    if (err && saved == ENOSPC && n == 0) {
      chunk *= 2;  // a hash bucket larger than the chunk: retry with room for it
      continue;
    }
    std::swap(in, out);
    first = false;
  }
  if (batch_works) {
    c.keys.resize(c.count * key_size);
    c.values.resize(c.count * value_bytes);
    return c;
  }
  c = Contents{};
  std::vector<uint8_t> key(key_size), next(key_size), value(value_bytes);
  const void* prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, next.data()) == 0) {
    if (bpf_map_lookup_elem(fd, next.data(), value.data()) == 0) {
      c.keys.insert(c.keys.end(), next.begin(), next.end());
      c.values.insert(c.values.end(), value.begin(), value.end());
      ++c.count;
    }
    key = next;
    prev = key.data();
  }
  return c;
}

MapSnapshot MapReader::read(const MapSpec& spec, int fd) const {
  MapSnapshot snap;
  snap.spec = &spec;
  const Type& value = spec.value;
  const uint32_t value_size = value_size_of(spec);
  const uint32_t stride = round8(value_size);
  uint32_t zero_key = 0;
  switch (spec.storage) {
    case MapStorage::ScalarArray: {
      // {u64 set flag, value}
      std::vector<uint8_t> buf(value_size);
      if (bpf_map_lookup_elem(fd, &zero_key, buf.data()) == 0 && load_i64(buf.data()) != 0) {
        MapEntry e;
        e.value.assign(buf.begin() + 8, buf.begin() + 8 + value.size());
        snap.entries.push_back(std::move(e));
      }
      break;
    }
    case MapStorage::ScalarPerCpuArray: {
      std::vector<uint8_t> buf(stride * cpus_);
      MapEntry e;
      if (bpf_map_lookup_elem(fd, &zero_key, buf.data()) == 0 &&
          merge_aggregation(value, buf.data(), cpus_, stride, value_size >= 16, e))
        snap.entries.push_back(std::move(e));
      break;
    }
    case MapStorage::HistPerCpuArray: {
      Contents all = read_all(fd, 4, value_bytes(spec));
      MapEntry e;
      e.buckets.resize(value.bucket_count());
      bool any = false;
      for (size_t i = 0; i < all.count; ++i) {
        uint32_t bucket;
        std::memcpy(&bucket, all.keys.data() + i * 4, 4);
        if (bucket >= e.buckets.size()) continue;
        e.buckets[bucket] = sum_slots(all.values.data() + i * 8 * cpus_, cpus_, 8);
        any |= e.buckets[bucket] != 0;
      }
      if (any) snap.entries.push_back(std::move(e));
      break;
    }
    case MapStorage::Hash:
    case MapStorage::PerCpuHash: {
      const bool per_cpu = spec.storage == MapStorage::PerCpuHash;
      const uint32_t key_size = key_size_of(spec);
      const uint32_t bytes = value_bytes(spec);
      Contents all = read_all(fd, key_size, bytes);
      snap.entries.resize(all.count);
      for (size_t i = 0; i < all.count; ++i) {
        MapEntry& e = snap.entries[i];
        const uint8_t* k = all.keys.data() + i * key_size;
        e.key.assign(k, k + key_size);
        const uint8_t* v = all.values.data() + i * bytes;
        // A key in the hash is an entry, even when zero() cleared every CPU's slot.
        if (per_cpu) merge_aggregation(value, v, cpus_, stride, false, e);
        else e.value.assign(v, v + value_size);
      }
      break;
    }
    case MapStorage::HistPerCpuHash: {
      const uint32_t key_size = key_size_of(spec);
      Contents all = read_all(fd, key_size, value_bytes(spec));
      const uint32_t user_key = spec.key.size();
      std::unordered_map<std::string, size_t> by_key;
      for (size_t i = 0; i < all.count; ++i) {
        const uint8_t* k = all.keys.data() + i * key_size;
        const uint64_t bucket = static_cast<uint64_t>(load_i64(k + key_size - 8));
        auto [it, inserted] = by_key.emplace(
            std::string(reinterpret_cast<const char*>(k), user_key), snap.entries.size());
        if (inserted) {
          MapEntry e;
          e.key.assign(k, k + user_key);
          e.buckets.resize(value.bucket_count());
          snap.entries.push_back(std::move(e));
        }
        if (bucket < value.bucket_count())
          snap.entries[it->second].buckets[bucket] +=
              sum_slots(all.values.data() + i * 8 * cpus_, cpus_, 8);
      }
      break;
    }
  }
  return snap;
}

void MapReader::clear(const MapSpec& spec, int fd) const {
  if (is_array(spec.storage)) return zero(spec, fd);
  const uint32_t key_size = key_size_of(spec);
  Contents all = read_all(fd, key_size, value_bytes(spec));
  uint32_t n = static_cast<uint32_t>(all.count);
  LIBBPF_OPTS(bpf_map_batch_opts, opts);
  if (n == 0 || bpf_map_delete_batch(fd, all.keys.data(), &n, &opts) == 0) return;
  for (size_t i = 0; i < all.count; ++i) bpf_map_delete_elem(fd, all.keys.data() + i * key_size);
}

void MapReader::zero(const MapSpec& spec, int fd) const {
  const uint32_t bytes = value_bytes(spec);
  if (is_array(spec.storage)) {
    std::vector<uint8_t> zeros(bytes);
    const uint32_t entries =
        spec.storage == MapStorage::HistPerCpuArray ? spec.value.bucket_count() : 1;
    for (uint32_t k = 0; k < entries; ++k) bpf_map_update_elem(fd, &k, zeros.data(), BPF_ANY);
    return;
  }
  const uint32_t key_size = key_size_of(spec);
  Contents all = read_all(fd, key_size, bytes);
  std::fill(all.values.begin(), all.values.end(), 0);
  uint32_t n = static_cast<uint32_t>(all.count);
  LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = BPF_EXIST);
  if (n == 0 || bpf_map_update_batch(fd, all.keys.data(), all.values.data(), &n, &opts) == 0)
    return;
  for (size_t i = 0; i < all.count; ++i)
    bpf_map_update_elem(fd, all.keys.data() + i * key_size, all.values.data() + i * bytes,
                        BPF_EXIST);
}

// ---- MapAccessor ----------------------------------------------------------------------------

bool MapAccessor::zeroed(int index) const {
  return static_cast<size_t>(index) < zeroed_.size() && zeroed_[index];
}

MapSnapshot MapAccessor::read(int index) const {
  const MapSpec& spec = program->maps[index];
  MapSnapshot snap = reader.read(spec, fds[index]);
  if (snap.entries.empty() && spec.is_scalar() && zeroed(index))
    snap.entries.push_back(zero_entry(spec));
  return snap;
}

MapSnapshot MapAccessor::read_for_print(int index) const {
  const MapSpec& spec = program->maps[index];
  MapSnapshot snap = read(index);
  if (snap.entries.empty() && spec.is_scalar()) snap.entries.push_back(zero_entry(spec));
  return snap;
}

void MapAccessor::clear(int index) {
  reader.clear(program->maps[index], fds[index]);
  if (static_cast<size_t>(index) < zeroed_.size()) zeroed_[index] = false;
}

void MapAccessor::zero(int index) {
  const MapSpec& spec = program->maps[index];
  // A scalar map that had its entry keeps it, now holding zero.
  const bool had_entry = spec.is_scalar() && !read(index).entries.empty();
  reader.zero(spec, fds[index]);
  if (!had_entry) return;
  if (zeroed_.size() <= static_cast<size_t>(index)) zeroed_.resize(index + 1, false);
  zeroed_[index] = true;
}

}  // namespace sonde
