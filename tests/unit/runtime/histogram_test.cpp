// Histogram bucket indexing, labels and bars: spec/output.md §3, builtins §5.
#include "runtime/output/histogram.h"

#include <gtest/gtest.h>

#include "runtime/output/hist_buckets.h"

namespace sonde {
namespace {

std::vector<uint64_t> hist_counts(const Type& t, std::initializer_list<int64_t> values) {
  std::vector<uint64_t> b(t.bucket_count());
  for (int64_t v : values) {
    uint32_t i = t.is(TypeKind::Hist)
                     ? hist_bucket_index(v, t.hist_k())
                     : lhist_bucket_index(v, t.lhist_min(), t.lhist_max(), t.lhist_step());
    ++b.at(i);
  }
  return b;
}

TEST(HistBuckets, IndexK0) {
  EXPECT_EQ(hist_bucket_index(-1, 0), 0u);
  EXPECT_EQ(hist_bucket_index(0, 0), 1u);
  EXPECT_EQ(hist_bucket_index(1, 0), 2u);
  EXPECT_EQ(hist_bucket_index(2, 0), 3u);
  EXPECT_EQ(hist_bucket_index(3, 0), 3u);
  EXPECT_EQ(hist_bucket_index(4, 0), 4u);
  EXPECT_EQ(hist_bucket_index(1500, 0), 12u);
  EXPECT_EQ(hist_bucket_index_unsigned(~uint64_t{0}, 0), Type::hist(0).bucket_count() - 1);
  EXPECT_EQ(hist_bucket_index(INT64_MAX, 0), Type::hist(0).bucket_count() - 2);
}

TEST(HistBuckets, IndexK2) {
  for (int v = 0; v < 8; ++v) EXPECT_EQ(hist_bucket_index(v, 2), uint32_t(v + 1));
  EXPECT_EQ(hist_bucket_index(8, 2), 9u);
  EXPECT_EQ(hist_bucket_index(9, 2), 9u);
  EXPECT_EQ(hist_bucket_index(10, 2), 10u);
  EXPECT_EQ(hist_bucket_index(16, 2), 13u);
  EXPECT_EQ(hist_bucket_index_unsigned(~uint64_t{0}, 2), Type::hist(2).bucket_count() - 1);
  for (int k = 0; k <= 5; ++k)
    EXPECT_EQ(hist_bucket_index_unsigned(~uint64_t{0}, k), Type::hist(k).bucket_count() - 1);
}

TEST(HistBuckets, LhistIndex) {
  EXPECT_EQ(lhist_bucket_index(-3, 0, 30, 10), 0u);
  EXPECT_EQ(lhist_bucket_index(0, 0, 30, 10), 1u);
  EXPECT_EQ(lhist_bucket_index(29, 0, 30, 10), 3u);
  EXPECT_EQ(lhist_bucket_index(30, 0, 30, 10), 4u);
  EXPECT_EQ(lhist_bucket_index(31, 0, 30, 10), 4u);
  EXPECT_EQ(Type::lhist(0, 30, 10).bucket_count(), 5u);
}

TEST(HistLabels, K0) {
  Type t = Type::hist(0);
  EXPECT_EQ(hist_bucket_label(t, 0), "(..., 0)");
  EXPECT_EQ(hist_bucket_label(t, 1), "[0]");
  EXPECT_EQ(hist_bucket_label(t, 2), "[1]");
  EXPECT_EQ(hist_bucket_label(t, 3), "[2, 4)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(512, 0)), "[512, 1K)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(1024, 0)), "[1K, 2K)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(512 * 1024, 0)), "[512K, 1M)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(int64_t{8} << 30, 0)), "[8G, 16G)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(int64_t{1} << 62, 0)), "[4E, 8E)");
  EXPECT_EQ(hist_bucket_label(t, t.bucket_count() - 1), "[8E, 16E)");
}

TEST(HistLabels, K2) {
  Type t = Type::hist(2);
  for (int v = 0; v < 8; ++v)
    EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(v, 2)), "[" + std::to_string(v) + "]");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(8, 2)), "[8, 10)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(10, 2)), "[10, 12)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(12, 2)), "[12, 14)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(14, 2)), "[14, 16)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(16, 2)), "[16, 20)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(4096, 2)), "[4K, 5K)");
  EXPECT_EQ(hist_bucket_label(t, hist_bucket_index(7168, 2)), "[7K, 8K)");
}

TEST(HistLabels, Lhist) {
  Type t = Type::lhist(0, 30, 10);
  EXPECT_EQ(hist_bucket_label(t, 0), "(..., 0)");
  EXPECT_EQ(hist_bucket_label(t, 1), "[0, 10)");
  EXPECT_EQ(hist_bucket_label(t, 3), "[20, 30)");
  EXPECT_EQ(hist_bucket_label(t, 4), "[30, ...)");
  Type k = Type::lhist(0, 4096, 1024);
  EXPECT_EQ(hist_bucket_label(k, 1), "[0, 1K)");
  EXPECT_EQ(hist_bucket_label(k, 3), "[2K, 3K)");
  EXPECT_EQ(hist_bucket_label(k, 5), "[4K, ...)");
  Type m = Type::lhist(1 << 20, 1 << 22, 1 << 20);
  EXPECT_EQ(hist_bucket_label(m, 0), "(..., 1M)");
  EXPECT_EQ(hist_bucket_label(m, 1), "[1M, 2M)");
  // Plain decimals when the step is not a multiple of 1024.
  Type p = Type::lhist(0, 4096, 2048 + 1);
  EXPECT_EQ(hist_bucket_label(p, 1), "[0, 2049)");
}

TEST(HistogramText, SpecExampleHist) {
  Type t = Type::hist(0);
  EXPECT_EQ(format_histogram_text(t, hist_counts(t, {0, 3, 3, 1500}), 0),
            "[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[1]                    0 |                                                    |\n"
            "[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[4, 8)                 0 |                                                    |\n"
            "[8, 16)                0 |                                                    |\n"
            "[16, 32)               0 |                                                    |\n"
            "[32, 64)               0 |                                                    |\n"
            "[64, 128)              0 |                                                    |\n"
            "[128, 256)             0 |                                                    |\n"
            "[256, 512)             0 |                                                    |\n"
            "[512, 1K)              0 |                                                    |\n"
            "[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n");
}

TEST(HistogramText, SpecExampleLhist) {
  Type t = Type::lhist(0, 30, 10);
  EXPECT_EQ(format_histogram_text(t, hist_counts(t, {-3, 7, 25, 31, 30}), 0),
            "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[10, 20)               0 |                                                    |\n"
            "[20, 30)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[30, ...)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
}

TEST(HistogramText, EmptySingleNegative) {
  Type t = Type::hist(0);
  EXPECT_EQ(format_histogram_text(t, std::vector<uint64_t>(t.bucket_count()), 0), "");
  EXPECT_EQ(format_histogram_text(t, {}, 0), "");
  EXPECT_EQ(format_histogram_text(t, hist_counts(t, {5}), 0),
            "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
  EXPECT_EQ(format_histogram_text(t, hist_counts(t, {-5, -1, 1}), 0),
            "(..., 0)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[0]                    0 |                                                    |\n"
            "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n");
}

TEST(HistogramText, BarRoundsDown) {
  Type t = Type::lhist(0, 30, 10);
  // 52 * 1 / 3 = 17.33 -> 17; 52 * 2 / 3 = 34.67 -> 34.
  EXPECT_EQ(format_histogram_text(t, {0, 1, 2, 3, 0}, 0),
            "[0, 10)                1 |@@@@@@@@@@@@@@@@@                                   |\n"
            "[10, 20)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |\n"
            "[20, 30)               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
}

TEST(HistogramText, LongLabelNotCut) {
  Type t = Type::hist(0);
  std::vector<uint64_t> b(t.bucket_count());
  b[hist_bucket_index(int64_t{1} << 62, 0)] = 7;
  EXPECT_EQ(format_histogram_text(t, b, 0),
            "[4E, 8E)               7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
  Type l = Type::lhist(0, 2000000, 1000000);
  EXPECT_EQ(format_histogram_text(l, {0, 0, 1, 0}, 0),
            "[1000000, 2000000)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
}

TEST(HistogramText, DivKeepsRange) {
  Type t = Type::hist(0);
  std::vector<uint64_t> b(t.bucket_count());
  b[hist_bucket_index(2, 0)] = 2;
  b[hist_bucket_index(8, 0)] = 1;
  EXPECT_EQ(format_histogram_text(t, b, 2),
            "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[4, 8)                 0 |                                                    |\n"
            "[8, 16)                0 |                                                    |\n");
}

TEST(HistogramJson, Buckets) {
  Type l = Type::lhist(0, 30, 10);
  EXPECT_EQ(format_histogram_json(l, hist_counts(l, {-3, 31}), 0),
            "[{\"max\": -1, \"count\": 1},{\"min\": 0, \"max\": 9, \"count\": 0},"
            "{\"min\": 10, \"max\": 19, \"count\": 0},{\"min\": 20, \"max\": 29, \"count\": 0},"
            "{\"min\": 30, \"count\": 1}]");
  Type h = Type::hist(0);
  EXPECT_EQ(format_histogram_json(h, hist_counts(h, {-1, 0, 5}), 0),
            "[{\"max\": -1, \"count\": 1},{\"min\": 0, \"max\": 0, \"count\": 1},"
            "{\"min\": 1, \"max\": 1, \"count\": 0},{\"min\": 2, \"max\": 3, \"count\": 0},"
            "{\"min\": 4, \"max\": 7, \"count\": 1}]");
  EXPECT_EQ(format_histogram_json(h, std::vector<uint64_t>(h.bucket_count()), 0), "[]");
  std::vector<uint64_t> top(h.bucket_count());
  top.back() = 1;
  EXPECT_EQ(format_histogram_json(h, top, 0),
            "[{\"min\": \"9223372036854775808\", \"max\": \"18446744073709551615\", "
            "\"count\": 1}]");
}

}  // namespace
}  // namespace sonde
