// Integer and string literals (spec/language.md §1): every accepted form and every error.
#include <gtest/gtest.h>

#include "parse_helpers.h"
#include "parser/literals.h"

namespace sonde::test {
namespace {

using parser_detail::decode_integer;
using parser_detail::decode_string;

struct IntCase {
  const char* text;
  uint64_t value;
};

void PrintTo(const IntCase& c, std::ostream* os) { *os << c.text; }

class IntegerLiterals : public ::testing::TestWithParam<IntCase> {};

TEST_P(IntegerLiterals, Decode) {
  auto d = decode_integer(GetParam().text);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.value, GetParam().value);
  // And through the whole parser.
  EXPECT_EQ(expr_of(GetParam().text), std::to_string(GetParam().value));
}

INSTANTIATE_TEST_SUITE_P(
    Forms, IntegerLiterals,
    ::testing::Values(
        IntCase{"0", 0}, IntCase{"7", 7}, IntCase{"123", 123}, IntCase{"0x1F", 31},
        IntCase{"0X1f", 31}, IntCase{"0xffffffffffffffff", 18446744073709551615ull},
        IntCase{"017", 15}, IntCase{"00", 0}, IntCase{"1_000_000", 1000000},
        IntCase{"1__0", 10}, IntCase{"0xff_ff", 65535},
        IntCase{"2e3", 2000}, IntCase{"1e0", 1}, IntCase{"9e18", 9000000000000000000ull},
        IntCase{"1e1_0", 10000000000ull}, IntCase{"123u", 123}, IntCase{"123l", 123},
        IntCase{"123ul", 123}, IntCase{"123ll", 123}, IntCase{"123ull", 123},
        IntCase{"0x10ul", 16}, IntCase{"5ns", 5}, IntCase{"5us", 5000},
        IntCase{"2ms", 2000000}, IntCase{"3s", 3000000000ull}, IntCase{"1m", 60000000000ull},
        IntCase{"1h", 3600000000000ull}, IntCase{"1d", 86400000000000ull},
        IntCase{"1_000ms", 1000000000ull},
        IntCase{"18446744073709551615", 18446744073709551615ull}));

struct IntErrorCase {
  const char* text;
  const char* error;
};

void PrintTo(const IntErrorCase& c, std::ostream* os) { *os << c.text; }

class IntegerLiteralErrors : public ::testing::TestWithParam<IntErrorCase> {};

TEST_P(IntegerLiteralErrors, Report) {
  EXPECT_EQ(decode_integer(GetParam().text).error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, IntegerLiteralErrors,
    ::testing::Values(
        IntErrorCase{"1_", "syntax: trailing underscore in integer literal"},
        IntErrorCase{"1_000_", "syntax: trailing underscore in integer literal"},
        IntErrorCase{"0xff_", "syntax: trailing underscore in integer literal"},
        IntErrorCase{"1_ms", "syntax: trailing underscore in integer literal"},
        IntErrorCase{"12e2", "syntax: coefficient part of scientific literal must be 1-9: 12e2"},
        IntErrorCase{"0e2", "syntax: coefficient part of scientific literal must be 1-9: 0e2"},
        IntErrorCase{"10UL", "syntax: invalid trailing bytes: 10UL"},
        IntErrorCase{"10U", "syntax: invalid trailing bytes: 10U"},
        IntErrorCase{"10LL", "syntax: invalid trailing bytes: 10LL"},
        IntErrorCase{"10uu", "syntax: invalid trailing bytes: 10uu"},
        IntErrorCase{"10lul", "syntax: invalid trailing bytes: 10lul"},
        IntErrorCase{"10x", "syntax: invalid trailing bytes: 10x"},
        IntErrorCase{"1e", "syntax: invalid trailing bytes: 1e"},
        IntErrorCase{"0x", "syntax: invalid trailing bytes: 0x"},
        IntErrorCase{"0x_ff", "syntax: invalid trailing bytes: 0x_ff"},
        IntErrorCase{"0x10ms", "syntax: invalid trailing bytes: 0x10ms"},
        IntErrorCase{"09", "syntax: invalid digit in octal literal: 09"},
        IntErrorCase{"18446744073709551616",
                     "syntax: overflow error, maximum value is 18446744073709551615: "
                     "18446744073709551616"},
        IntErrorCase{"0x10000000000000000",
                     "syntax: overflow error, maximum value is 18446744073709551615: "
                     "0x10000000000000000"},
        IntErrorCase{"2e19",
                     "syntax: overflow error, maximum value is 18446744073709551615: 2e19"},
        IntErrorCase{"300000000d",
                     "syntax: overflow error, maximum value is 18446744073709551615: "
                     "300000000d"}));

TEST(IntegerLiterals, ErrorsAreLocatedAtTheLiteral) {
  EXPECT_EQ(errors_of("BEGIN { @x = 10UL; }"), "1:14-18: syntax: invalid trailing bytes: 10UL");
  EXPECT_EQ(errors_of("BEGIN { @x = 1_ + 12e2; }"),
            "1:14-16: syntax: trailing underscore in integer literal\n"
            "1:19-23: syntax: coefficient part of scientific literal must be 1-9: 12e2");
  EXPECT_EQ(errors_of("BEGIN { print(18446744073709551616) }"),
            "1:15-35: syntax: overflow error, maximum value is 18446744073709551615: "
            "18446744073709551616");
}

struct StrCase {
  const char* body;  // between the quotes, as written in source
  const char* value;
};

void PrintTo(const StrCase& c, std::ostream* os) { *os << c.body; }

class StringLiterals : public ::testing::TestWithParam<StrCase> {};

TEST_P(StringLiterals, Decode) {
  auto d = decode_string(GetParam().body);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.value, GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(
    Escapes, StringLiterals,
    ::testing::Values(
        StrCase{"", ""}, StrCase{"abc", "abc"}, StrCase{"a b\tc", "a b\tc"},
        StrCase{"\\n", "\n"}, StrCase{"\\t", "\t"}, StrCase{"\\r", "\r"},
        StrCase{"\\\"", "\""}, StrCase{"\\\\", "\\"}, StrCase{"%d\\n", "%d\n"},
        StrCase{"\\101", "A"}, StrCase{"\\60\\61", "01"}, StrCase{"\\7", "\a"},
        StrCase{"\\1010", "A0"}, StrCase{"\\377", "\xff"}, StrCase{"\\x41", "A"},
        StrCase{"\\x4", "\x04"}, StrCase{"\\x4g", "\x04g"}, StrCase{"\\x414", "A4"},
        StrCase{"caf\xc3\xa9", "caf\xc3\xa9"}));

TEST(StringLiterals, NulEscape) {
  auto d = decode_string("a\\0b");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.value, std::string("a\0b", 3));
}

TEST(StringLiterals, Errors) {
  EXPECT_EQ(decode_string("\\e").error, "invalid escape character '\\e'");
  EXPECT_EQ(decode_string("ok\\q").error, "invalid escape character '\\q'");
  EXPECT_EQ(decode_string("\\xg").error, "invalid escape character '\\x'");
  EXPECT_EQ(decode_string("\\400").error, "octal escape sequence out of range: '\\400'");
}

TEST(StringLiterals, ThroughTheParser) {
  EXPECT_EQ(expr_of("\"a\\tb\\x21\\101\""), "\"a\tb!A\"");
  EXPECT_EQ(errors_of("BEGIN { printf(\"\\e[1m\"); }"),
            "1:16-23: invalid escape character '\\e'");
  EXPECT_EQ(errors_of("BEGIN { printf(\"abc); }"), "1:16-24: unterminated string\n"
                                                   "1:24-25: syntax: expected ',' or ')'");
  EXPECT_EQ(errors_of("BEGIN { printf(\"abc\n\"); }").substr(0, 29),
            "1:16-20: unterminated string\n");
}

TEST(Literals, BoolsAndParams) {
  EXPECT_EQ(expr_of("true && !false"), "(&& true (! false))");
  EXPECT_EQ(expr_of("$1 + $10"), "(+ $1 $10)");
  EXPECT_EQ(errors_of("BEGIN { $0 }"),
            "1:9-11: syntax: invalid positional parameter $0, they start at $1");
}

}  // namespace
}  // namespace sonde::test
