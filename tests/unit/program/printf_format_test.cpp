#include "program/printf_format.h"

#include <gtest/gtest.h>

namespace sonde {
namespace {

ParsedFormat parse_ok(std::string_view f) {
  auto r = parse_format(f);
  EXPECT_TRUE(r.ok()) << f << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : ParsedFormat{};
}

TEST(ParseFormat, LiteralOnly) {
  ParsedFormat p = parse_ok("hello\n");
  ASSERT_EQ(p.segments.size(), 1u);
  EXPECT_EQ(p.segments[0].literal, "hello\n");
  EXPECT_FALSE(p.segments[0].spec);
  EXPECT_EQ(p.arg_count(), 0u);
}

TEST(ParseFormat, FullSpecifier) {
  ParsedFormat p = parse_ok("a %-08.3lld b");
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[0].literal, "a ");
  const FormatSpec& s = *p.segments[0].spec;
  EXPECT_EQ(s.flags, "-0");
  EXPECT_EQ(s.width, 8);
  EXPECT_EQ(s.precision, 3);
  EXPECT_EQ(s.length, "ll");
  EXPECT_EQ(s.conv, "d");
  EXPECT_EQ(s.text, "%-08.3lld");
  EXPECT_EQ(p.segments[1].literal, " b");
  EXPECT_EQ(p.arg_count(), 1u);
}

TEST(ParseFormat, AllConversions) {
  ParsedFormat p = parse_ok("%d%i%u%o%x%X%c%s%p%r%rx%rh%gr");
  ASSERT_EQ(p.arg_count(), 13u);
  std::vector<std::string> convs;
  for (const auto& seg : p.segments) convs.push_back(seg.spec->conv);
  EXPECT_EQ(convs, (std::vector<std::string>{"d", "i", "u", "o", "x", "X", "c", "s", "p", "r",
                                             "rx", "rh", "gr"}));
}

TEST(ParseFormat, LengthModifiers) {
  ParsedFormat p = parse_ok("%hhd %hd %ld %lld %jd %zd %td %d");
  std::vector<std::string> lens;
  for (const auto& seg : p.segments)
    if (seg.spec) lens.push_back(seg.spec->length);
  EXPECT_EQ(lens, (std::vector<std::string>{"hh", "h", "l", "ll", "j", "z", "t", ""}));
}

TEST(ParseFormat, PercentSigns) {
  ParsedFormat p = parse_ok("100%% %5% done");
  ASSERT_EQ(p.segments.size(), 1u);
  EXPECT_EQ(p.segments[0].literal, "100% % done");
  EXPECT_EQ(p.arg_count(), 0u);
}

TEST(ParseFormat, NonSpecifiersStayLiteral) {
  ParsedFormat p = parse_ok("%q %*d %");
  EXPECT_EQ(p.arg_count(), 0u);
  EXPECT_EQ(p.segments[0].literal, "%q %*d %");
}

TEST(ParseFormat, FloatIsUnsupported) {
  for (const char* f : {"%f", "x %e", "%5.2g", "%lf"}) {
    auto r = parse_format(f);
    ASSERT_FALSE(r.ok()) << f;
  }
  EXPECT_EQ(parse_format("%f\n").error().message, "unsupported format specifier: f");
  EXPECT_EQ(parse_format("%e").error().message, "unsupported format specifier: e");
}

TEST(ParseFormat, PrecisionWithoutDigits) {
  ParsedFormat p = parse_ok("%.d");
  EXPECT_EQ(p.segments[0].spec->precision, 0);
}

FormatSpec spec(const std::string& conv) {
  FormatSpec s;
  s.conv = conv;
  return s;
}

TEST(CheckFormatArg, IntegerConversions) {
  for (const char* c : {"d", "i", "u", "o", "x", "X", "c", "p", "gr"}) {
    EXPECT_FALSE(check_format_arg(spec(c), Type::int64())) << c;
    EXPECT_FALSE(check_format_arg(spec(c), Type::boolean())) << c;
    EXPECT_FALSE(check_format_arg(spec(c), Type::pointer(Type::integer(1, false)))) << c;
    EXPECT_FALSE(check_format_arg(spec(c), Type::enumeration("e", 4, false))) << c;
    EXPECT_TRUE(check_format_arg(spec(c), Type::string(4))) << c;
  }
  EXPECT_EQ(check_format_arg(spec("d"), Type::string(4)),
            "unsupported format specifier for type 'string[4]': d");
}

TEST(CheckFormatArg, BufferConversions) {
  for (const char* c : {"r", "rx", "rh"}) {
    EXPECT_FALSE(check_format_arg(spec(c), Type::buffer(8))) << c;
    EXPECT_TRUE(check_format_arg(spec(c), Type::int64())) << c;
  }
  EXPECT_EQ(check_format_arg(spec("rx"), Type::string(3)),
            "unsupported format specifier for type 'string[3]': rx");
}

TEST(CheckFormatArg, StringTakesAnything) {
  EXPECT_FALSE(check_format_arg(spec("s"), Type::int64()));
  EXPECT_FALSE(check_format_arg(spec("s"), Type::boolean()));
  EXPECT_FALSE(check_format_arg(spec("s"), Type::tuple({Type::int64(), Type::string(2)})));
  EXPECT_FALSE(check_format_arg(spec("s"), Type::kstack(StackMode::Bpftrace, 2)));
}

}  // namespace
}  // namespace sonde
