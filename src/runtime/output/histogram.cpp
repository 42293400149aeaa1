#include "runtime/output/histogram.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <limits>

#include "runtime/output/hist_buckets.h"
#include "runtime/output/value_json.h"

namespace sonde {

namespace {

constexpr size_t kLabelColumns = 16;
constexpr uint64_t kBarColumns = 52;

// A hist bound as a label: plain below 2^10; beyond, V = m * 2^p is written m * 2^(p - 10d)
// with the suffix for d = p / 10 (K, M, G, T, P, E).
std::string hist_bound_text(HistBound b) {
  static constexpr const char* kSuffixes[] = {"", "K", "M", "G", "T", "P", "E"};
  const int decade = b.shift / 10;
  return std::to_string(b.mantissa << (b.shift - 10 * decade)) + kSuffixes[decade];
}

// Largest value of a bucket ending (exclusively) at `hi`, which may be 2^64.
uint64_t hist_last_value(HistBound hi) {
  if (std::bit_width(hi.mantissa) + hi.shift > 64) return std::numeric_limits<uint64_t>::max();
  return hist_bound_value(hi) - 1;
}

// lhist bounds are plain unless the step is a multiple of 1024; then multiples of 2^20 print
// as NM and multiples of 1024 as NK.
std::string lhist_bound_text(const Type& type, int64_t v) {
  if (type.lhist_step() % 1024 != 0 || v == 0) return std::to_string(v);
  if (v % (1 << 20) == 0) return std::to_string(v / (1 << 20)) + "M";
  if (v % 1024 == 0) return std::to_string(v / 1024) + "K";
  return std::to_string(v);
}

bool is_lhist_overflow(const Type& type, uint32_t index) {
  return index + 1 == type.bucket_count();
}

int64_t lhist_bucket_low(const Type& type, uint32_t index) {
  return type.lhist_min() + static_cast<int64_t>(index - 1) * type.lhist_step();
}

// Index range [first, last] of non-empty buckets; false if there is none.
bool nonempty_range(const std::vector<uint64_t>& buckets, size_t& first, size_t& last) {
  first = 0;
  while (first < buckets.size() && buckets[first] == 0) ++first;
  if (first == buckets.size()) return false;
  last = buckets.size() - 1;
  while (buckets[last] == 0) --last;
  return true;
}

uint64_t divided(uint64_t count, uint64_t div) { return div > 1 ? count / div : count; }

std::string bucket_line(const std::string& label, uint64_t count, uint64_t max_count) {
  std::string line = label;
  if (line.size() < kLabelColumns) line.resize(kLabelColumns, ' ');
  char num[32];
  std::snprintf(num, sizeof num, "%8llu", static_cast<unsigned long long>(count));
  line += num;
  line += " |";
  const uint64_t bar =
      max_count == 0 ? 0
                     : static_cast<uint64_t>(static_cast<unsigned __int128>(count) * kBarColumns /
                                             max_count);
  line.append(bar, '@');
  line.append(kBarColumns - bar, ' ');
  line += "|\n";
  return line;
}

std::string hist_bucket_json(const Type& type, uint32_t index, uint64_t count) {
  std::string out = "{";
  if (type.is(TypeKind::Lhist)) {
    if (index == 0) {
      out += "\"max\": " + json_integer(type.lhist_min() - 1);
    } else if (is_lhist_overflow(type, index)) {
      out += "\"min\": " + json_integer(type.lhist_max());
    } else {
      const int64_t lo = lhist_bucket_low(type, index);
      out += "\"min\": " + json_integer(lo) + ", \"max\": " +
             json_integer(lo + type.lhist_step() - 1);
    }
  } else if (index == 0) {
    out += "\"max\": -1";
  } else {
    const HistRange r = hist_bucket_range(index, type.hist_k());
    out += "\"min\": " + json_unsigned(hist_bound_value(r.lo)) + ", \"max\": " +
           json_unsigned(hist_last_value(r.hi));
  }
  return out + ", \"count\": " + json_unsigned(count) + "}";
}

}  // namespace

std::string hist_bucket_label(const Type& type, uint32_t index) {
  if (type.is(TypeKind::Lhist)) {
    if (index == 0) return "(..., " + lhist_bound_text(type, type.lhist_min()) + ")";
    if (is_lhist_overflow(type, index))
      return "[" + lhist_bound_text(type, type.lhist_max()) + ", ...)";
    const int64_t lo = lhist_bucket_low(type, index);
    return "[" + lhist_bound_text(type, lo) + ", " +
           lhist_bound_text(type, lo + type.lhist_step()) + ")";
  }
  if (index == 0) return "(..., 0)";
  const int k = type.hist_k();
  const HistRange r = hist_bucket_range(index, k);
  // Up to index 2^(k+1) every bucket holds exactly one value.
  if (index <= (uint32_t{2} << k)) return "[" + std::to_string(hist_bound_value(r.lo)) + "]";
  return "[" + hist_bound_text(r.lo) + ", " + hist_bound_text(r.hi) + ")";
}

uint64_t histogram_total(const std::vector<uint64_t>& buckets) {
  uint64_t total = 0;
  for (uint64_t c : buckets) total += c;
  return total;
}

std::string format_histogram_text(const Type& type, const std::vector<uint64_t>& buckets,
                                  uint64_t div) {
  size_t first = 0, last = 0;
  if (!nonempty_range(buckets, first, last)) return "";
  uint64_t max_count = 0;
  for (size_t i = first; i <= last; ++i) max_count = std::max(max_count, divided(buckets[i], div));
  std::string out;
  for (size_t i = first; i <= last; ++i)
    out += bucket_line(hist_bucket_label(type, static_cast<uint32_t>(i)), divided(buckets[i], div),
                       max_count);
  return out;
}

std::string format_histogram_json(const Type& type, const std::vector<uint64_t>& buckets,
                                  uint64_t div) {
  size_t first = 0, last = 0;
  if (!nonempty_range(buckets, first, last)) return "[]";
  std::string out = "[";
  for (size_t i = first; i <= last; ++i) {
    if (i != first) out += ',';
    out += hist_bucket_json(type, static_cast<uint32_t>(i), divided(buckets[i], div));
  }
  return out + "]";
}

}  // namespace sonde
