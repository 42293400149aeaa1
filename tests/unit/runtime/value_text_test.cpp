// Text form of values: spec/output.md §4 and §5.
#include "runtime/output/value_text.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "test_values.h"

namespace sonde {
namespace {

using testing::bytes_of;
using testing::TV;

std::string text(const Type& t, const TV& v, const ValueContext& ctx = default_value_context()) {
  auto b = bytes_of(t, v);
  return format_value(t, b.data(), ctx);
}

const Type i8 = Type::integer(1, true);

TEST(ValueText, Integers) {
  EXPECT_EQ(text(i8, -5), "-5");
  EXPECT_EQ(text(Type::uint64(), TV(~uint64_t{0})), "18446744073709551615");
  EXPECT_EQ(text(Type::int64(), TV(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(text(Type::integer(2, false), 65535), "65535");
  EXPECT_EQ(text(Type::integer(4, true), -1), "-1");
}

TEST(ValueText, Bool) {
  EXPECT_EQ(text(Type::boolean(), 1), "true");
  EXPECT_EQ(text(Type::boolean(), 0), "false");
}

TEST(ValueText, Strings) {
  EXPECT_EQ(text(Type::string(4), "abc"), "abc");
  EXPECT_EQ(text(Type::string(8), ""), "");
  // A string without a NUL that fills its buffer stops at the capacity.
  EXPECT_EQ(text(Type::string(3), "abc"), "abc");
}

TEST(ValueText, TruncationTrailer) {
  // max_strlen = 6: str() results have capacity 7.
  const Type s = Type::string(7).with_truncation(true);
  EXPECT_EQ(text(s, "abcdef"), "abcdef..");
  EXPECT_EQ(text(s, "abcde"), "abcde");
  // str(p, n) does not truncate-mark.
  EXPECT_EQ(text(Type::string(7), "abcdef"), "abcdef");

  RuntimeConfig config;
  config.str_trunc_trailer = "[...]";
  ValueContext ctx;
  ctx.config = &config;
  EXPECT_EQ(text(s, "abcdef", ctx), "abcdef[...]");
  config.str_trunc_trailer = "";
  EXPECT_EQ(text(s, "abcdef", ctx), "abcdef");
}

TEST(ValueText, Tuples) {
  Type t = Type::tuple({i8, Type::string(4), Type::tuple({i8, i8})});
  EXPECT_EQ(text(t, {1, "two", {3, 4}}), "(1, two, (3, 4))");
  Type nested = Type::tuple({i8, Type::tuple({i8, i8})});
  EXPECT_EQ(text(nested, {1, {2, 3}}), "(1, (2, 3))");
}

TEST(ValueText, Records) {
  Type r = Type::record({{"a", i8}, {"b", Type::string(2)},
                         {"c", Type::tuple({i8, Type::string(3)})}});
  EXPECT_EQ(text(r, {1, "s", {2, "hi"}}), "{ .a = 1, .b = s, .c = (2, hi) }");
  EXPECT_EQ(text(Type::record({}), TV(std::initializer_list<TV>{})), "{}");
}

TEST(ValueText, StructWithBitfields) {
  auto def = std::make_shared<StructDef>();
  def->name = "flags";
  def->size = 4;
  def->align = 4;
  auto u32 = std::make_shared<Type>(Type::uint32());
  auto s32 = std::make_shared<Type>(Type::integer(4, true));
  def->fields_.push_back(Field{"lo", u32, 0, 0, 3});
  def->fields_.push_back(Field{"mid", s32, 0, 3, 4});
  def->fields_.push_back(Field{"hi", u32, 0, 7, 25});
  Type t = Type::structure(def);
  // lo = 5, mid = -2 (0b1110), hi = 3
  uint32_t raw = 5u | (0xeu << 3) | (3u << 7);
  std::vector<uint8_t> b(4);
  std::memcpy(b.data(), &raw, 4);
  EXPECT_EQ(format_value(t, b.data(), default_value_context()),
            "{ .lo = 5, .mid = -2, .hi = 3 }");
}

TEST(ValueText, Arrays) {
  EXPECT_EQ(text(Type::array(Type::integer(4, true), 4), {1, 2, 3, 4}), "[1,2,3,4]");
  Type nested = Type::array(Type::array(i8, 2), 2);
  EXPECT_EQ(text(nested, {{5, 6}, {7, 8}}), "[[5,6],[7,8]]");
}

TEST(ValueText, Buffer) {
  EXPECT_EQ(text(Type::buffer(4), std::string("AB\x01\xff", 4)), "AB\\x01\\xff");
  EXPECT_EQ(format_buffer_bytes(reinterpret_cast<const uint8_t*>("Hello"), 6, BufferStyle::HexBytes),
            "48 65 6c 6c 6f 00");
  EXPECT_EQ(format_buffer_bytes(reinterpret_cast<const uint8_t*>("Hi"), 2, BufferStyle::Hex),
            "\\x48\\x69");
}

TEST(ValueText, Pointer) {
  EXPECT_EQ(text(Type::pointer(Type::integer(1, false)), 16), "0x10");
  EXPECT_EQ(text(Type::pointer(Type::integer(1, false)), 0), "0x0");
}

TEST(ValueText, Enum) {
  Type e = Type::enumeration("color", 4, false);
  EXPECT_EQ(text(e, 2), "2");
  ValueContext ctx;
  ctx.enumerator = [](const std::string& name, int64_t v) -> std::string {
    return name == "color" && v == 2 ? "GREEN" : "";
  };
  EXPECT_EQ(text(e, 2, ctx), "GREEN");
  EXPECT_EQ(text(e, 7, ctx), "7");
}

std::vector<uint8_t> inet_bytes(uint64_t family, std::vector<uint8_t> addr) {
  std::vector<uint8_t> b(Type::inet().size());
  std::memcpy(b.data(), &family, 8);
  std::memcpy(b.data() + 8, addr.data(), addr.size());
  return b;
}

TEST(ValueText, Inet) {
  auto v4 = inet_bytes(2, {0x7f, 0, 0, 1});
  EXPECT_EQ(format_value(Type::inet(), v4.data(), default_value_context()), "127.0.0.1");
  auto v6 = inet_bytes(10, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(format_value(Type::inet(), v6.data(), default_value_context()), "fe80::1");
}

TEST(ValueText, Macaddr) {
  std::vector<uint8_t> b = {0x05, 0x04, 0x03, 0x02, 0x01, 0x02};
  EXPECT_EQ(format_value(Type::macaddr(), b.data(), default_value_context()),
            "05:04:03:02:01:02");
  std::vector<uint8_t> hex = {0xaa, 0xbb, 0xcc, 0x0d, 0xee, 0xff};
  EXPECT_EQ(format_value(Type::macaddr(), hex.data(), default_value_context()),
            "AA:BB:CC:0D:EE:FF");
}

TEST(ValueText, Symbols) {
  ValueContext ctx;
  ctx.ksym = [](uint64_t addr, bool with_offset) -> std::string {
    if (addr == 0xffffffff81000010) return with_offset ? "vfs_read+16" : "vfs_read";
    return "";
  };
  EXPECT_EQ(text(Type::ksym(), TV(uint64_t{0xffffffff81000010}), ctx), "vfs_read");
  EXPECT_EQ(text(Type::ksym(), TV(uint64_t{0xffffffff81000099}), ctx), "0xffffffff81000099");
  EXPECT_EQ(text(Type::usym(), TV(uint64_t{0x401000})), "0x401000");
}

TEST(ValueText, Timestamp) {
  setenv("TZ", "UTC", 1);
  tzset();
  ValueContext ctx;
  // Boot time 0 is 2024-03-01 12:00:00 UTC.
  ctx.boot_to_realtime_ns = [](uint64_t ns) { return int64_t{1709294400} * 1000000000 + int64_t(ns); };
  Type t = Type::timestamp("%Y-%m-%d %H:%M:%S.%f %%f");
  EXPECT_EQ(text(t, TV(int64_t{61'123'456'789}), ctx), "2024-03-01 12:01:01.123456 %f");
  EXPECT_EQ(text(Type::timestamp("%H:%M"), 0, ctx), "12:00");
}

TEST(ValueText, UsernameAndCgroup) {
  ValueContext ctx;
  ctx.username = [](uint64_t uid) { return uid == 0 ? std::string("root") : std::string(); };
  ctx.cgroup_path = [](uint64_t id) { return "/sys/fs/cgroup/" + std::to_string(id); };
  EXPECT_EQ(text(Type::username(), 0, ctx), "root");
  EXPECT_EQ(text(Type::cgroup_path(), 42, ctx), "/sys/fs/cgroup/42");
}

TEST(ValueText, AggregationsInTuples) {
  Type t = Type::tuple({Type::aggregation(TypeKind::Count), Type::aggregation(TypeKind::Avg),
                        Type::aggregation(TypeKind::Stats)});
  std::vector<uint8_t> b(t.size());
  auto put = [&](size_t off, int64_t v) { std::memcpy(b.data() + off, &v, 8); };
  const auto& f = t.fields();
  put(f[0].offset, 3);
  put(f[1].offset, 17);  // total
  put(f[1].offset + 8, 2);  // count
  put(f[2].offset, 11);
  put(f[2].offset + 8, 2);
  EXPECT_EQ(format_value(t, b.data(), default_value_context()),
            "(3, 8, { .count = 2, .average = 5, .total = 11 })");
}

TEST(ValueText, NegativeAverageTruncatesTowardZero) {
  Type t = Type::aggregation(TypeKind::Avg);
  std::vector<uint8_t> b(16);
  int64_t total = -7, count = 2;
  std::memcpy(b.data(), &total, 8);
  std::memcpy(b.data() + 8, &count, 8);
  EXPECT_EQ(format_value(t, b.data(), default_value_context()), "-3");
}

TEST(ValueText, KeyWithoutOuterParens) {
  Type t = Type::tuple({Type::string(5), i8});
  auto b = bytes_of(t, {"read", 3});
  EXPECT_EQ(format_key(t, b.data(), default_value_context()), "read, 3");
  Type n = Type::tuple({i8, Type::tuple({i8, Type::string(2)})});
  auto nb = bytes_of(n, {1, {2, "x"}});
  EXPECT_EQ(format_key(n, nb.data(), default_value_context()), "1, (2, x)");
  auto ib = bytes_of(Type::int64(), 7);
  EXPECT_EQ(format_key(Type::int64(), ib.data(), default_value_context()), "7");
}

// Stacks (§5) -------------------------------------------------------------------------------

ValueContext stack_context() {
  ValueContext ctx;
  ctx.stack_frames = [](bool user, int64_t id) -> std::vector<uint64_t> {
    if (user) return {0x7f214aa4b503, 0x5f5e100};
    if (id == 7) return {0xffffffff81000001, 0xffffffff81000002, 0xffffffff81000003};
    if (id == 8) return {0xffffffff81000001, ~uint64_t{0}, 0xffffffff81000003};
    return {};
  };
  ctx.ksym = [](uint64_t addr, bool) -> std::string {
    switch (addr) {
      case 0xffffffff81000001: return "perf_syscall_enter+397";
      case 0xffffffff81000002: return "syscall_trace_enter+384";
      case 0xffffffff81000003: return "do_syscall_64+506";
    }
    return "";
  };
  ctx.usym = [](uint32_t pid, uint64_t addr, bool, std::string* module) -> std::string {
    if (addr != 0x7f214aa4b503) return "";
    if (module) *module = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    return "clock_nanosleep+35";
  };
  return ctx;
}

TEST(StackText, KernelBpftraceMode) {
  auto ctx = stack_context();
  EXPECT_EQ(text(Type::kstack(StackMode::Bpftrace, 2), 7, ctx),
            "\n        perf_syscall_enter+397\n        syscall_trace_enter+384\n");
  EXPECT_EQ(text(Type::kstack(StackMode::Bpftrace, 127), 7, ctx),
            "\n        perf_syscall_enter+397\n        syscall_trace_enter+384\n"
            "        do_syscall_64+506\n");
}

TEST(StackText, UnwindFailureAndUnresolved) {
  auto ctx = stack_context();
  EXPECT_EQ(text(Type::kstack(StackMode::Bpftrace, 127), 8, ctx),
            "\n        perf_syscall_enter+397\n        <unwind failure>\n");
  ValueContext no_syms = ctx;
  no_syms.ksym = nullptr;
  EXPECT_EQ(text(Type::kstack(StackMode::Bpftrace, 1), 7, no_syms), "\n        0xffffffff81000001\n");
  EXPECT_EQ(text(Type::kstack(StackMode::Bpftrace, 1), -14, ctx), "\n");
}

TEST(StackText, UserPerfMode) {
  auto ctx = stack_context();
  Type t = Type::ustack(StackMode::Perf, 2);
  std::vector<uint8_t> b(t.size());
  int64_t id = 3;
  uint32_t pid = 1234;
  std::memcpy(b.data(), &id, 8);
  std::memcpy(b.data() + 8, &pid, 4);
  EXPECT_EQ(format_value(t, b.data(), ctx),
            "\n\t7f214aa4b503 clock_nanosleep+35 (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
            "\t5f5e100 0x5f5e100 ([unknown])\n");
}

TEST(StackText, RawMode) {
  auto ctx = stack_context();
  EXPECT_EQ(text(Type::kstack(StackMode::Raw, 2), 7, ctx),
            "\nffffffff81000001\nffffffff81000002\n");
}

}  // namespace
}  // namespace sonde
