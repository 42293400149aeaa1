// Bucket indexing of hist() and lhist(): the contract between the BPF side, which increments
// counter number `index`, and the printers, which label counter number `index`. Header-only so
// code generation, the runtime and tests share one definition (spec builtins §5).
//
// hist(k):  index 0 holds negative values; 0 <= v < 2^k goes to index v + 1; otherwise, with
//           p = floor(log2 v) and j the k bits after the leading 1 (j = (v >> (p-k)) & (2^k-1)),
//           index = 1 + 2^k + (p - k) * 2^k + j. Type::hist(k).bucket_count() = (65-k)*2^k + 1.
// lhist:    index 0 holds v < min, index 1 + (v - min) / step holds min <= v < max, and the last
//           index (Type::lhist(...).bucket_count() - 1) holds v >= max.
#pragma once

#include <bit>
#include <cstdint>

namespace sonde {

// hist() bucket of a non-negative (or unsigned) value.
constexpr uint32_t hist_bucket_index_unsigned(uint64_t v, int k) {
  const uint64_t per_power = uint64_t{1} << k;
  if (v < per_power) return static_cast<uint32_t>(v + 1);
  const int p = 63 - std::countl_zero(v);
  const uint64_t j = (v >> (p - k)) & (per_power - 1);
  return static_cast<uint32_t>(1 + per_power + static_cast<uint64_t>(p - k) * per_power + j);
}

// hist() bucket of a signed value.
constexpr uint32_t hist_bucket_index(int64_t v, int k) {
  return v < 0 ? 0 : hist_bucket_index_unsigned(static_cast<uint64_t>(v), k);
}

constexpr uint32_t lhist_bucket_count(int64_t min, int64_t max, int64_t step) {
  return static_cast<uint32_t>((max - min) / step + 2);
}

constexpr uint32_t lhist_bucket_index(int64_t v, int64_t min, int64_t max, int64_t step) {
  if (v < min) return 0;
  if (v >= max) return lhist_bucket_count(min, max, step) - 1;
  return static_cast<uint32_t>(1 + (v - min) / step);
}

// A bucket boundary of hist(k) written as mantissa << shift, so that the bound 2^64 of the
// last bucket stays representable. Boundaries below 2^k have shift 0 and any mantissa;
// the others have 2^k <= mantissa < 2^(k+1).
struct HistBound {
  uint64_t mantissa = 0;
  int shift = 0;
};

// Closed-open value range [lo, hi) of hist(k) bucket `index` (index >= 1; index 0 is the
// negative bucket, which has no lower bound and hi = 0).
struct HistRange {
  HistBound lo, hi;
};

constexpr HistRange hist_bucket_range(uint32_t index, int k) {
  const uint64_t per_power = uint64_t{1} << k;
  if (index <= per_power) {  // single small values 0 .. 2^k - 1
    const uint64_t v = index - 1;
    return {{v, 0}, {v + 1, 0}};
  }
  const uint64_t r = index - 1 - per_power;
  const int group = static_cast<int>(r >> k);  // p - k
  const uint64_t j = r & (per_power - 1);
  HistBound lo{per_power + j, group};
  HistBound hi{per_power + j + 1, group};
  if (hi.mantissa == 2 * per_power) hi = {per_power, group + 1};
  return {lo, hi};
}

// The bound's value; only valid when it is below 2^64 (every bound but the last bucket's hi).
constexpr uint64_t hist_bound_value(HistBound b) { return b.mantissa << b.shift; }

}  // namespace sonde
