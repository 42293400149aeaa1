// Printing hist()/lhist() counters (spec/output.md §3 text, §9 JSON). `buckets` are counters
// by bucket index (hist_buckets.h); only the range from the first to the last non-empty bucket
// is printed, so an all-zero histogram prints no buckets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/type.h"

namespace sonde {

// "[0]", "[2, 4)", "[512, 1K)", "(..., 0)", "[30, ...)".
std::string hist_bucket_label(const Type& type, uint32_t index);

// Bucket lines: label in 16 columns, count in 8, " |", bar of 52, "|", newline each. Counts
// are divided by `div` (0 or 1: unchanged) after the printed range is chosen.
std::string format_histogram_text(const Type& type, const std::vector<uint64_t>& buckets,
                                  uint64_t div);

// [{"min": LO, "max": HI, "count": C},...] with closed bounds; "[]" when all zero.
std::string format_histogram_json(const Type& type, const std::vector<uint64_t>& buckets,
                                  uint64_t div);

uint64_t histogram_total(const std::vector<uint64_t>& buckets);

}  // namespace sonde
