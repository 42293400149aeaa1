// JSON value encoding: spec/output.md §9.
#include "runtime/output/value_json.h"

#include <gtest/gtest.h>

#include "runtime/output/value_text.h"
#include "test_values.h"

namespace sonde {
namespace {

using testing::bytes_of;
using testing::TV;

const Type i8 = Type::integer(1, true);

std::string json(const Type& t, const TV& v, const ValueContext& ctx = default_value_context()) {
  auto b = bytes_of(t, v);
  return format_value_json(t, b.data(), ctx);
}

TEST(ValueJson, Escaping) {
  EXPECT_EQ(json_quote("a\"b\n\t\x01"), "\"a\\\"b\\n\\t\\u0001\"");
  EXPECT_EQ(json_quote("back\\slash\r\x1f"), "\"back\\\\slash\\r\\u001f\"");
  EXPECT_EQ(json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json(Type::string(8), "a\"b\n\t\x01"), "\"a\\\"b\\n\\t\\u0001\"");
}

TEST(ValueJson, Integers) {
  EXPECT_EQ(json(i8, -5), "-5");
  EXPECT_EQ(json(Type::uint64(), TV((uint64_t{1} << 53) + 1)), "\"9007199254740993\"");
  EXPECT_EQ(json(Type::uint64(), TV(uint64_t{1} << 53)), "9007199254740992");
  EXPECT_EQ(json(Type::int64(), TV(-(int64_t{1} << 53) - 1)), "\"-9007199254740993\"");
  EXPECT_EQ(json(Type::uint64(), TV(~uint64_t{0})), "\"18446744073709551615\"");
  EXPECT_EQ(json(Type::boolean(), 1), "true");
  EXPECT_EQ(json(Type::pointer(i8), 16), "16");
  EXPECT_EQ(json(Type::enumeration("e", 4, false), 3), "3");
}

TEST(ValueJson, Composites) {
  Type t = Type::tuple({i8, Type::string(2), Type::tuple({i8, i8})});
  EXPECT_EQ(json(t, {1, "x", {2, 3}}), "[1,\"x\",[2,3]]");
  Type r = Type::record({{"a", i8}, {"b", Type::string(2)}});
  EXPECT_EQ(json(r, {1, "s"}), "{\"a\": 1, \"b\": \"s\"}");
  EXPECT_EQ(json(Type::array(Type::integer(4, true), 3), {1, 2, 3}), "[1,2,3]");
  EXPECT_EQ(json(Type::record({}), TV(std::initializer_list<TV>{})), "{}");
}

TEST(ValueJson, Buffer) {
  EXPECT_EQ(json(Type::buffer(4), std::string("AB\x01\xff", 4)), "[65,66,1,-1]");
}

TEST(ValueJson, SystemValuesAsStrings) {
  std::vector<uint8_t> inet(Type::inet().size());
  inet[0] = 2;
  inet[8] = 127;
  inet[11] = 1;
  EXPECT_EQ(format_value_json(Type::inet(), inet.data(), default_value_context()),
            "\"127.0.0.1\"");
  EXPECT_EQ(json(Type::ksym(), 255), "\"0xff\"");
  ValueContext ctx;
  ctx.stack_frames = [](bool, int64_t) { return std::vector<uint64_t>{0x10}; };
  EXPECT_EQ(json(Type::kstack(StackMode::Bpftrace, 1), 1, ctx), "\"\\n        0x10\\n\"");
}

TEST(ValueJson, StatsAndAvg) {
  EXPECT_EQ(format_stats_json(2, 6, 12, true), "{\"count\": 2, \"average\": 6, \"total\": 12}");
  Type t = Type::tuple({Type::aggregation(TypeKind::Avg), Type::aggregation(TypeKind::Count)});
  std::vector<uint8_t> b(t.size());
  int64_t total = 12, count = 2, c = 7;
  std::memcpy(b.data() + t.fields()[0].offset, &total, 8);
  std::memcpy(b.data() + t.fields()[0].offset + 8, &count, 8);
  std::memcpy(b.data() + t.fields()[1].offset, &c, 8);
  EXPECT_EQ(format_value_json(t, b.data(), default_value_context()), "[6,7]");
}

}  // namespace
}  // namespace sonde
