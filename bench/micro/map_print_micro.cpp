// User-space cost of printing a large map, phase by phase: a per-CPU hash of KEYS u64 keys
// (each a count() of 1 on one CPU) is created and filled from user space, then read with
// sonde's MapReader (batched lookups, per-CPU merge), sorted and formatted as text, and written
// to a file, exactly as at exit. Prints the milliseconds of each phase (median of RUNS).
// Usage: map_print_micro [KEYS] [RUNS] [OUTFILE]
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "runtime/map_reader.h"
#include "runtime/output/map_print.h"
#include "runtime/output/output.h"
#include "runtime/output/value_text.h"

using namespace sonde;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const uint32_t keys = argc > 1 ? static_cast<uint32_t>(std::atoi(argv[1])) : 100000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const char* out_path = argc > 3 ? argv[3] : "/tmp/sonde-map-print-micro.txt";
  const int cpus = libbpf_num_possible_cpus();

  MapSpec spec;
  spec.name = "@";
  spec.key = Type::int64();
  spec.value = Type::aggregation(TypeKind::Count, false);
  spec.storage = MapStorage::PerCpuHash;
  spec.key_size = 8;
  spec.value_size = 8;
  int fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, "micro", 8, 8, keys, nullptr);
  if (fd < 0) {
    std::perror("bpf_map_create");
    return 1;
  }
  std::vector<uint64_t> key_data(keys), values(static_cast<size_t>(keys) * cpus, 0);
  for (uint32_t i = 0; i < keys; ++i) {
    key_data[i] = i;
    values[static_cast<size_t>(i) * cpus + i % cpus] = 1;
  }
  uint32_t n = keys;
  LIBBPF_OPTS(bpf_map_batch_opts, opts);
  if (bpf_map_update_batch(fd, key_data.data(), values.data(), &n, &opts) != 0) {
    std::perror("bpf_map_update_batch");
    return 1;
  }

  MapReader reader;
  std::vector<double> read_ms, format_ms, write_ms;
  size_t bytes = 0;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    MapSnapshot snap = reader.read(spec, fd);
    read_ms.push_back(ms_since(t0));
    auto t1 = std::chrono::steady_clock::now();
    std::string text = format_map_text(snap, 0, 1, default_value_context());
    format_ms.push_back(ms_since(t1));
    auto t2 = std::chrono::steady_clock::now();
    FILE* out = std::fopen(out_path, "w");
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
    write_ms.push_back(ms_since(t2));
    bytes = text.size();
  }
  std::printf("keys=%u cpus=%d read_ms=%.1f sort_format_ms=%.1f write_ms=%.1f total_ms=%.1f bytes=%zu\n",
              keys, cpus, median(read_ms), median(format_ms), median(write_ms),
              median(read_ms) + median(format_ms) + median(write_ms), bytes);
  return 0;
}
