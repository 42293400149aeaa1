// printf rendering: the verified examples of spec/output.md §6, byte for byte.
#include "runtime/output/printf_render.h"

#include <gtest/gtest.h>

#include "runtime/output/value_text.h"
#include "test_values.h"

namespace sonde {
namespace {

using testing::bytes_of;
using testing::TV;

const Type i8 = Type::integer(1, true);
const Type i16 = Type::integer(2, true);
const Type i32 = Type::integer(4, true);
const Type i64 = Type::int64();

std::string render(std::string_view format, std::vector<Type> types, const TV& values,
                   const ValueContext& ctx = default_value_context()) {
  auto parsed = parse_format(format);
  EXPECT_TRUE(parsed.ok());
  Type args = Type::tuple(std::move(types));
  auto b = bytes_of(args, values);
  return render_printf(*parsed, args, b.data(), ctx);
}

TEST(PrintfRender, Literal) {
  EXPECT_EQ(render("hello\n", {}, TV(std::initializer_list<TV>{})), "hello\n");
  EXPECT_EQ(render("100%% %5%\n", {}, TV(std::initializer_list<TV>{})), "100% %\n");
}

TEST(PrintfRender, LengthDecidesWidth) {
  EXPECT_EQ(render("%d %x %ld", {i64, i64, i64},
                   {int64_t{1} << 40, int64_t{0x12345678abcdef}, int64_t{1} << 40}),
            "0 78abcdef 1099511627776");
  EXPECT_EQ(render("%hhd", {i16}, {300}), "44");
  EXPECT_EQ(render("%hd", {i32}, {70000}), "4464");
  EXPECT_EQ(render("%u", {i8}, {-1}), "4294967295");
  EXPECT_EQ(render("%llu %lx %zu %jd %td", {i64, i64, i64, i64, i64}, {-1, -1, 5, -6, 7}),
            "18446744073709551615 ffffffffffffffff 5 -6 7");
  EXPECT_EQ(render("%hhu %hx", {i32, i32}, {-1, -1}), "255 ffff");
}

TEST(PrintfRender, VerifiedMixedExample) {
  EXPECT_EQ(render("%-5d|%5s|%x|%05d|%c|%lu\n", {i8, Type::string(3), i16, i8, i8, i64},
                   {42, "ab", 255, 7, 65, int64_t{1} << 40}),
            "42   |   ab|ff|00007|A|1099511627776\n");
}

TEST(PrintfRender, Flags) {
  EXPECT_EQ(render("%+d %#x %#o", {i8, i16, i8}, {5, 255, 8}), "+5 0xff 010");
  EXPECT_EQ(render("[% d][%-6d][%6d][%X]", {i8, i8, i8, i16}, {3, -4, -4, 0xab}),
            "[ 3][-4    ][    -4][AB]");
}

TEST(PrintfRender, PrecisionIgnored) {
  Type s = Type::string(7);
  EXPECT_EQ(render("[%.3s][%8.3s][%-8.2s]", {s, s, s}, {"abcdef", "abcdef", "abcdef"}),
            "[abcdef][  abcdef][abcdef  ]");
  EXPECT_EQ(render("%5.2d|%.0d|", {i8, i8}, {3, 4}), "    3|4|");
}

TEST(PrintfRender, StringOfAnyValue) {
  Type tup = Type::tuple({i8, Type::string(2)});
  EXPECT_EQ(render("%s %s %s", {i8, Type::boolean(), tup}, {5, 1, {1, "a"}}), "5 true (1, a)");
  EXPECT_EQ(render("%d", {Type::boolean()}, {1}), "1");
  EXPECT_EQ(render("%-16s|%5s|", {Type::string(4), Type::string(4)}, {"abc", "abc"}),
            "abc             |  abc|");
}

TEST(PrintfRender, TruncatedStringWithS) {
  Type s = Type::string(7).with_truncation(true);
  EXPECT_EQ(render("<%s>", {s}, {"abcdef"}), "<abcdef..>");
}

TEST(PrintfRender, EnumNameWithSNumberWithD) {
  Type e = Type::enumeration("state", 4, false);
  ValueContext ctx;
  ctx.enumerator = [](const std::string&, int64_t v) { return v == 1 ? std::string("RUNNING") : ""; };
  EXPECT_EQ(render("%s %d", {e, e}, {1, 1}, ctx), "RUNNING 1");
}

TEST(PrintfRender, CharAndPointer) {
  EXPECT_EQ(render("%c%c%3c|%-3c|", {i8, i8, i8, i8}, {72, 105, 33, 33}), "Hi  !|!  |");
  Type p = Type::pointer(Type::integer(1, false));
  EXPECT_EQ(render("%p %p", {p, i64}, {16, TV(uint64_t{0xffff888012345678})}),
            "0x10 0xffff888012345678");
  EXPECT_EQ(render("[%8p][%-8p]", {p, p}, {16, 16}), "[    0x10][0x10    ]");
}

TEST(PrintfRender, Buffers) {
  Type b = Type::buffer(6);
  std::string hello("Hello\0", 6);
  EXPECT_EQ(render("%r|%rx|%rh", {b, b, b}, {hello, hello, hello}),
            "Hello\\x00|\\x48\\x65\\x6c\\x6c\\x6f\\x00|48 65 6c 6c 6f 00");
}

TEST(PrintfRender, KernelStackWithS) {
  ValueContext ctx;
  ctx.stack_frames = [](bool, int64_t) {
    return std::vector<uint64_t>{0xffffffff81000001, 0xffffffff81000002};
  };
  ctx.ksym = [](uint64_t addr, bool) -> std::string {
    return addr == 0xffffffff81000001 ? "perf_syscall_enter+397" : "syscall_trace_enter+384";
  };
  EXPECT_EQ(render("%s\n", {Type::kstack(StackMode::Bpftrace, 2)}, {1}, ctx),
            "\n        perf_syscall_enter+397\n        syscall_trace_enter+384\n\n");
}

TEST(PrintfRender, GfpFlags) {
  Type u32 = Type::uint32();
  EXPECT_EQ(render("%gr", {u32}, {0xcc0}), "GFP_KERNEL");
  EXPECT_EQ(render("%gr", {u32}, {0xc0}), "__GFP_IO|__GFP_FS");
  EXPECT_EQ(render("%gr", {u32}, {0xdc0}), "GFP_KERNEL|__GFP_ZERO");
  EXPECT_EQ(render("%gr", {u32}, {0}), "0");
  EXPECT_EQ(format_gfp_flags(0x2000000 | 0x100), "__GFP_ZERO|0x2000000");
}

TEST(PrintfRender, MissingArgument) {
  auto parsed = parse_format("%d %d");
  Type args = Type::tuple({i8});
  auto b = bytes_of(args, {1});
  EXPECT_EQ(render_printf(*parsed, args, b.data(), default_value_context()),
            "1 !{missing argument for %d}");
}

}  // namespace
}  // namespace sonde
