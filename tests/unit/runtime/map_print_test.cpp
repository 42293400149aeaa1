// Map printing: spec/output.md §2 (text), §3 (histogram maps), §5 (stack keys), §9 (JSON).
#include "runtime/output/map_print.h"

#include <gtest/gtest.h>

#include "runtime/output/hist_buckets.h"
#include "runtime/output/value_text.h"
#include "test_values.h"

namespace sonde {
namespace {

using testing::bytes_of;
using testing::TV;

const Type i8 = Type::integer(1, true);

// A map under construction: spec plus entries.
struct TestMap {
  MapSpec spec;
  MapSnapshot snap;

  TestMap(std::string name, Type key, Type value) {
    spec.name = std::move(name);
    spec.key = std::move(key);
    spec.value = std::move(value);
  }
  MapEntry& add(const TV& key) {
    MapEntry e;
    if (!spec.key.is_none()) e.key = bytes_of(spec.key, key);
    snap.entries.push_back(std::move(e));
    return snap.entries.back();
  }
  MapEntry& add() { return add(TV(0)); }
  TestMap& number(const TV& key, int64_t n) {
    add(key).number = n;
    return *this;
  }
  TestMap& plain(const TV& key, const TV& value) {
    add(key).value = bytes_of(spec.value, value);
    return *this;
  }
  TestMap& average(const TV& key, uint64_t count, int64_t total) {
    MapEntry& e = add(key);
    e.count = count;
    e.total = total;
    return *this;
  }
  TestMap& hist(const TV& key, std::initializer_list<int64_t> values) {
    MapEntry& e = add(key);
    e.buckets.assign(spec.value.bucket_count(), 0);
    for (int64_t v : values) {
      const Type& t = spec.value;
      ++e.buckets[t.is(TypeKind::Hist)
                      ? hist_bucket_index(v, t.hist_k())
                      : lhist_bucket_index(v, t.lhist_min(), t.lhist_max(), t.lhist_step())];
    }
    return *this;
  }
  const MapSnapshot& get() {
    snap.spec = &spec;
    return snap;
  }
  std::string text(uint64_t top = 0, uint64_t div = 0,
                   const ValueContext& ctx = default_value_context()) {
    return format_map_text(get(), top, div, ctx);
  }
  std::string json(uint64_t top = 0, uint64_t div = 0,
                   const ValueContext& ctx = default_value_context()) {
    return format_map_json(get(), top, div, ctx);
  }
};

Type agg(TypeKind k) { return Type::aggregation(k); }

TEST(MapText, SpecAggregationExample) {
  std::string out;
  out += TestMap("@bytes", Type::none(), agg(TypeKind::Sum)).number(0, 312).text();
  out += TestMap("@calls", Type::string(6), agg(TypeKind::Count))
             .number("write", 2)
             .number("read", 1)
             .text();
  out += TestMap("@hi", Type::none(), agg(TypeKind::Max)).number(0, 6).text();
  out += TestMap("@lat", Type::none(), agg(TypeKind::Avg)).average(0, 2, 17).text();
  out += TestMap("@lo", Type::none(), agg(TypeKind::Min)).number(0, 4).text();
  out += TestMap("@st", Type::none(), agg(TypeKind::Stats)).average(0, 2, 11).text();
  EXPECT_EQ(out,
            "@bytes: 312\n"
            "@calls[read]: 1\n"
            "@calls[write]: 2\n"
            "@hi: 6\n"
            "@lat: 8\n"
            "@lo: 4\n"
            "@st: { .count = 2, .average = 5, .total = 11 }\n");
}

TEST(MapText, ScalarZeroAndEmpty) {
  EXPECT_EQ(TestMap("@z", Type::none(), Type::int64()).plain(0, 0).text(), "@z: 0\n");
  EXPECT_EQ(TestMap("@n", Type::none(), i8).plain(0, 3).text(), "@n: 3\n");
  EXPECT_EQ(TestMap("@e", Type::int64(), agg(TypeKind::Count)).text(), "");
}

TestMap int_map() {
  TestMap m("@a", Type::int64(), Type::int64());
  m.plain(1, 10).plain(2, 5).plain(3, 30).plain(4, 20);
  return m;
}

TEST(MapText, SortByValueAndTop) {
  auto m = int_map();
  EXPECT_EQ(m.text(), "@a[2]: 5\n@a[1]: 10\n@a[4]: 20\n@a[3]: 30\n");
  EXPECT_EQ(m.text(2), "@a[4]: 20\n@a[3]: 30\n");
  EXPECT_EQ(m.text(10), m.text());
  EXPECT_EQ(m.text(0, 10), "@a[2]: 0\n@a[1]: 1\n@a[4]: 2\n@a[3]: 3\n");
}

TEST(MapText, NarrowSignedValuesSortByValue) {
  TestMap m("@a", i8, i8);
  m.plain(1, 10).plain(2, -3).plain(3, 127).plain(4, 0);
  EXPECT_EQ(m.text(), "@a[2]: -3\n@a[4]: 0\n@a[1]: 10\n@a[3]: 127\n");
}

TEST(MapText, UnsignedAndSignedAggregations) {
  TestMap u("@u", Type::int64(), Type::aggregation(TypeKind::Sum, false));
  u.number(1, -1).number(2, 5);
  EXPECT_EQ(u.text(), "@u[2]: 5\n@u[1]: 18446744073709551615\n");
  TestMap s("@s", Type::int64(), agg(TypeKind::Sum));
  s.number(1, -1).number(2, 5);
  EXPECT_EQ(s.text(), "@s[1]: -1\n@s[2]: 5\n");
  TestMap c("@c", Type::int64(), agg(TypeKind::Count));
  c.number(1, 8).number(2, 3);
  EXPECT_EQ(c.text(0, 2), "@c[2]: 1\n@c[1]: 4\n");
}

TEST(MapText, AvgAndStatsSortByAverage) {
  TestMap a("@a", i8, agg(TypeKind::Avg));
  a.average(1, 2, 20).average(2, 4, 8).average(3, 1, -7);
  EXPECT_EQ(a.text(), "@a[3]: -7\n@a[2]: 2\n@a[1]: 10\n");
  TestMap s("@s", i8, agg(TypeKind::Stats));
  s.average(1, 2, 20).average(2, 3, 9);
  EXPECT_EQ(s.text(),
            "@s[2]: { .count = 3, .average = 3, .total = 9 }\n"
            "@s[1]: { .count = 2, .average = 10, .total = 20 }\n");
}

TEST(MapText, OtherValuesSortByKey) {
  TestMap s("@s", Type::int64(), Type::string(4));
  s.plain(3, "c").plain(-1, "z").plain(2, "b");
  EXPECT_EQ(s.text(), "@s[-1]: z\n@s[2]: b\n@s[3]: c\n");
  TestMap k("@k", Type::string(4), Type::boolean());
  k.plain("ab", 1).plain("B", 0).plain("a", 1);
  EXPECT_EQ(k.text(), "@k[B]: false\n@k[a]: true\n@k[ab]: true\n");
  TestMap t("@t", Type::tuple({i8, Type::string(2)}), Type::string(2));
  t.plain({2, "a"}, "x").plain({1, "b"}, "y").plain({1, "a"}, "z");
  EXPECT_EQ(t.text(), "@t[1, a]: z\n@t[1, b]: y\n@t[2, a]: x\n");
}

TEST(MapText, TupleKeyWithoutParens) {
  TestMap m("@calls", Type::tuple({Type::string(5), i8}), agg(TypeKind::Count));
  m.number({"read", 3}, 1);
  EXPECT_EQ(m.text(), "@calls[read, 3]: 1\n");
  TestMap n("@n", Type::tuple({i8, Type::tuple({i8, Type::string(2)})}), agg(TypeKind::Count));
  n.number({1, {2, "x"}}, 1);
  EXPECT_EQ(n.text(), "@n[1, (2, x)]: 1\n");
}

TEST(MapText, TruncatedStringKey) {
  TestMap m("@m", Type::string(7).with_truncation(true), agg(TypeKind::Count));
  m.number("abcdef", 1);
  EXPECT_EQ(m.text(), "@m[abcdef..]: 1\n");
}

TEST(MapText, SpecHistogramExample) {
  std::string out;
  out += TestMap("@q", Type::none(), Type::lhist(0, 30, 10)).hist(0, {-3, 7, 25, 31, 30}).text();
  out += TestMap("@sz", Type::none(), Type::hist(0)).hist(0, {0, 3, 3, 1500}).text();
  EXPECT_EQ(out,
            "@q:\n"
            "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[10, 20)               0 |                                                    |\n"
            "[20, 30)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[30, ...)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"
            "@sz:\n"
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
            "[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "\n");
}

TEST(MapText, KeyedHistogramsSortedByTotal) {
  TestMap m("@m", Type::tuple({i8, Type::string(2)}), Type::hist(0));
  m.hist({1, "a"}, {100, 100}).hist({2, "b"}, {1});
  EXPECT_EQ(m.text(),
            "@m[2, b]:\n"
            "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"
            "@m[1, a]:\n"
            "[64, 128)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
  EXPECT_EQ(m.text(1),
            "@m[1, a]:\n"
            "[64, 128)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

TEST(MapText, ZeroedHistogramPrintsHeader) {
  TestMap m("@h", Type::none(), Type::hist(0));
  m.add().buckets.assign(Type::hist(0).bucket_count(), 0);
  EXPECT_EQ(m.text(), "@h:\n\n");
}

TEST(MapText, HistDivKeepsRangeLhistIgnoresDiv) {
  TestMap h("@h", Type::none(), Type::hist(0));
  h.hist(0, {2, 2, 8});
  EXPECT_EQ(h.text(0, 2),
            "@h:\n"
            "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[4, 8)                 0 |                                                    |\n"
            "[8, 16)                0 |                                                    |\n"
            "\n");
  TestMap l("@l", Type::none(), Type::lhist(0, 30, 10));
  l.hist(0, {1, 1});
  EXPECT_EQ(l.text(0, 2),
            "@l:\n"
            "[0, 10)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

ValueContext stack_context() {
  ValueContext ctx;
  ctx.stack_frames = [](bool, int64_t id) -> std::vector<uint64_t> {
    return {0xffffffff81000001, 0xffffffff81000002, 0xffffffff81000003};
  };
  ctx.ksym = [](uint64_t addr, bool) -> std::string {
    switch (addr) {
      case 0xffffffff81000001: return "perf_syscall_enter+397";
      case 0xffffffff81000002: return "syscall_trace_enter+384";
      case 0xffffffff81000003: return "do_syscall_64+506";
    }
    return "";
  };
  return ctx;
}

TEST(MapText, StackKeys) {
  auto ctx = stack_context();
  TestMap m("@", Type::kstack(StackMode::Bpftrace, 3), agg(TypeKind::Count));
  m.number(1, 1);
  EXPECT_EQ(m.text(0, 0, ctx),
            "@[\n"
            "        perf_syscall_enter+397\n"
            "        syscall_trace_enter+384\n"
            "        do_syscall_64+506\n"
            "]: 1\n");
  TestMap t("@t", Type::tuple({Type::kstack(StackMode::Bpftrace, 2), i8}), agg(TypeKind::Count));
  t.number({1, 5}, 1);
  EXPECT_EQ(t.text(0, 0, ctx),
            "@t[\n"
            "        perf_syscall_enter+397\n"
            "        syscall_trace_enter+384\n"
            ", 5]: 1\n");
}

// JSON (§9) ----------------------------------------------------------------------------------

TEST(MapJson, SpecExample) {
  EXPECT_EQ(TestMap("@calls", Type::tuple({Type::string(5), i8}), agg(TypeKind::Count))
                .number({"read", 3}, 1)
                .json(),
            "{\"type\": \"map\", \"data\": {\"@calls\": {\"read,3\": 1}}}\n");
  EXPECT_EQ(TestMap("@lat", Type::none(), agg(TypeKind::Avg)).average(0, 2, 17).json(),
            "{\"type\": \"stats\", \"data\": {\"@lat\": 8}}\n");
  EXPECT_EQ(TestMap("@q", Type::none(), Type::lhist(0, 30, 10)).hist(0, {-3, 31}).json(),
            "{\"type\": \"hist\", \"data\": {\"@q\": [{\"max\": -1, \"count\": 1},"
            "{\"min\": 0, \"max\": 9, \"count\": 0},{\"min\": 10, \"max\": 19, \"count\": 0},"
            "{\"min\": 20, \"max\": 29, \"count\": 0},{\"min\": 30, \"count\": 1}]}}\n");
  EXPECT_EQ(TestMap("@st", i8, agg(TypeKind::Stats)).average(1, 1, 3).json(),
            "{\"type\": \"stats\", \"data\": {\"@st\": {\"1\": {\"count\": 1, \"average\": 3, "
            "\"total\": 3}}}}\n");
}

TEST(MapJson, ScalarKeyedAndEmpty) {
  EXPECT_EQ(TestMap("@n", Type::none(), i8).plain(0, 3).json(),
            "{\"type\": \"map\", \"data\": {\"@n\": 3}}\n");
  EXPECT_EQ(TestMap("@c", Type::string(6), agg(TypeKind::Count))
                .number("write", 2)
                .number("read", 1)
                .json(),
            "{\"type\": \"map\", \"data\": {\"@c\": {\"read\": 1, \"write\": 2}}}\n");
  EXPECT_EQ(TestMap("@e", Type::int64(), agg(TypeKind::Count)).json(), "");
  EXPECT_EQ(TestMap("@m", Type::int64(), agg(TypeKind::Min)).number(1, -4).json(),
            "{\"type\": \"map\", \"data\": {\"@m\": {\"1\": -4}}}\n");
  EXPECT_EQ(TestMap("@x", Type::int64(), agg(TypeKind::Max)).number(1, 4).json(),
            "{\"type\": \"map\", \"data\": {\"@x\": {\"1\": 4}}}\n");
}

TEST(MapJson, KeysLoseSpaces) {
  EXPECT_EQ(TestMap("@m", Type::tuple({Type::string(4), i8}), agg(TypeKind::Count))
                .number({"a b", 1}, 1)
                .json(),
            "{\"type\": \"map\", \"data\": {\"@m\": {\"ab,1\": 1}}}\n");
  EXPECT_EQ(TestMap("@n", Type::tuple({i8, Type::tuple({i8, Type::string(2)})}),
                    agg(TypeKind::Count))
                .number({1, {2, "x"}}, 1)
                .json(),
            "{\"type\": \"map\", \"data\": {\"@n\": {\"1,(2,x)\": 1}}}\n");
}

TEST(MapJson, KeyedHistAndZeroHist) {
  TestMap m("@h", i8, Type::hist(0));
  m.hist(1, {0}).add(2).buckets.assign(Type::hist(0).bucket_count(), 0);
  EXPECT_EQ(m.json(),
            "{\"type\": \"hist\", \"data\": {\"@h\": {\"2\": [], \"1\": [{\"min\": 0, \"max\": 0, "
            "\"count\": 1}]}}}\n");
}

TEST(MapJson, BigIntegersAsStrings) {
  EXPECT_EQ(TestMap("@b", Type::none(), agg(TypeKind::Sum)).number(0, (int64_t{1} << 53) + 1).json(),
            "{\"type\": \"map\", \"data\": {\"@b\": \"9007199254740993\"}}\n");
  EXPECT_EQ(TestMap("@b", Type::none(), agg(TypeKind::Sum)).number(0, int64_t{1} << 53).json(),
            "{\"type\": \"map\", \"data\": {\"@b\": 9007199254740992}}\n");
}

TEST(MapJson, TopAndDiv) {
  auto m = int_map();
  EXPECT_EQ(m.json(2, 10), "{\"type\": \"map\", \"data\": {\"@a\": {\"4\": 2, \"3\": 3}}}\n");
}

}  // namespace
}  // namespace sonde
