// interval, profile and software: attach-point syntax, names and errors.
#include <gtest/gtest.h>

#include <sstream>

#include "probes/registry.h"

namespace sonde {
namespace {

Result<std::vector<AttachPoint>> expand(const std::string& text) {
  auto parts = split_attach_point(text);
  const ProbeProvider* provider = find_provider(parts[0]);
  EXPECT_NE(provider, nullptr) << text;
  if (!provider) return Error{"no provider"};
  return provider->expand(parts, ProbeEnv{});
}

AttachPoint expand_one(const std::string& text) {
  auto points = expand(text);
  EXPECT_TRUE(points.ok()) << text << ": " << (points.ok() ? "" : points.error().message);
  if (!points.ok() || points->size() != 1) return {};
  return (*points)[0];
}

std::string expand_error(const std::string& text) {
  auto points = expand(text);
  EXPECT_FALSE(points.ok()) << text;
  return points.ok() ? "" : points.error().message;
}

struct TimerCase {
  std::string text;
  std::string name;
  uint64_t value;
  bool frequency;
};

TEST(Timer, ParsesUnitsAndPeriods) {
  const TimerCase cases[] = {
      {"interval:ms:100", "interval:ms:100", 100000000, false},
      {"interval:s:1", "interval:s:1", 1000000000, false},
      {"interval:us:1", "interval:us:1", 1000, false},
      {"interval:hz:99", "interval:hz:99", 99, true},
      {"i:s:2", "interval:s:2", 2000000000, false},
      {"interval:1s", "interval:s:1", 1000000000, false},
      {"interval:100ms", "interval:ms:100", 100000000, false},
      {"interval:250us", "interval:us:250", 250000, false},
      {"interval:5000ns", "interval:us:5", 5000, false},
      {"interval:1500", "interval:1500", 1500, false},
      {"profile:hz:99", "profile:hz:99", 99, true},
      {"p:10000000", "profile:ms:10", 10000000, false},
      {"profile:s:3", "profile:s:3", 3000000000, false},
  };
  for (const auto& c : cases) {
    AttachPoint ap = expand_one(c.text);
    EXPECT_EQ(ap.name, c.name) << c.text;
    EXPECT_EQ(ap.value, c.value) << c.text;
    EXPECT_EQ(ap.frequency, c.frequency) << c.text;
  }
}

TEST(Timer, CanonicalProvider) {
  EXPECT_EQ(expand_one("i:ms:1").provider, "interval");
  EXPECT_EQ(expand_one("P:hz:1").provider, "profile");
}

TEST(Timer, MinimumPeriod) {
  EXPECT_EQ(expand_error("interval:10"),
            "Invalid rate of interval probe. Minimum is 1000 or 1us. Found: 10 nanoseconds");
  EXPECT_EQ(expand_error("profile:999ns"),
            "Invalid rate of profile probe. Minimum is 1000 or 1us. Found: 999 nanoseconds");
  EXPECT_EQ(expand_one("interval:1000").value, 1000u);
}

TEST(Timer, Errors) {
  EXPECT_EQ(expand_error("interval"), "interval probe type requires 1 or 2 arguments, found 0");
  EXPECT_EQ(expand_error("interval:s:1:2"),
            "interval probe type requires 1 or 2 arguments, found 3");
  EXPECT_EQ(expand_error("interval:m:1"),
            "Invalid unit in interval probe: m (expected hz, s, ms or us)");
  EXPECT_EQ(expand_error("interval:s:0"),
            "interval probe count must be a positive integer, found: 0");
  EXPECT_EQ(expand_error("profile:hz:x"),
            "profile probe count must be a positive integer, found: x");
  EXPECT_NE(expand_error("interval:abc").find("Invalid period for interval probe: abc"),
            std::string::npos);
  EXPECT_NE(expand_error("interval:s").find("Invalid period"), std::string::npos);
  EXPECT_NE(expand_error("interval:s:99999999999999999").find("too large"), std::string::npos);
}

TEST(Timer, Context) {
  const ProbeProvider* interval = find_provider("interval");
  AttachPoint ap = expand_one("interval:ms:100");
  auto context = interval->context(ap, ProbeEnv{});
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->section, "perf_event");
  EXPECT_EQ(context->probe_name, "interval:ms:100");
  EXPECT_EQ(context->args_layout, ProbeContext::ArgsLayout::None);
  EXPECT_FALSE(context->is_special);
}

std::string list(const std::string& provider, const std::string& pattern) {
  std::ostringstream out;
  find_provider(provider)->list(ListRequest{pattern, false}, ProbeEnv{}, out);
  return out.str();
}

TEST(Timer, Listing) {
  EXPECT_EQ(list("interval", "*"), "interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:\n");
  EXPECT_EQ(list("profile", "*"), "profile:hz:\nprofile:ms:\nprofile:s:\nprofile:us:\n");
  EXPECT_EQ(list("profile", "hz"), "profile:hz:\n");
  EXPECT_EQ(list("interval", "m*"), "interval:ms:\n");
}

TEST(Software, Events) {
  AttachPoint cs = expand_one("software:cs");
  EXPECT_EQ(cs.provider, "software");
  EXPECT_EQ(cs.name, "software:cs");
  EXPECT_EQ(cs.value, 1000u);  // default count
  AttachPoint cpu = expand_one("s:cpu:100000");
  EXPECT_EQ(cpu.name, "software:cpu:100000");  // spelling kept
  EXPECT_EQ(cpu.value, 100000u);
  EXPECT_EQ(expand_one("software:page-faults").value, 100u);
  EXPECT_EQ(expand_one("software:faults:7").value, 7u);
  EXPECT_EQ(expand_one("software:cpu-clock").value, 1000000u);
  EXPECT_EQ(expand_one("software:major-faults").value, 1u);
}

TEST(Software, Errors) {
  EXPECT_EQ(expand_error("software:nope"), "Unknown software event: nope");
  EXPECT_EQ(expand_error("software:cpu*"), "Wildcards are not allowed for software probes");
  EXPECT_EQ(expand_error("software"), "software probe type requires 1 or 2 arguments, found 0");
  EXPECT_EQ(expand_error("software:cs:0"),
            "software probe count must be a positive integer, found: 0");
}

TEST(Software, Listing) {
  std::string all = list("software", "*");
  EXPECT_NE(all.find("software:cpu:\n"), std::string::npos);
  EXPECT_NE(all.find("software:cpu-clock:\n"), std::string::npos);
  EXPECT_NE(all.find("software:cs:\n"), std::string::npos);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 14);  // 11 events + 3 aliases
  EXPECT_EQ(list("software", "page*"), "software:page-faults:\n");
  EXPECT_EQ(all.substr(0, all.find('\n')), "software:alignment-faults:");
}

TEST(BeginEnd, SpecialProbes) {
  for (const char* spelling : {"BEGIN", "begin", "End"}) {
    AttachPoint ap = expand_one(spelling);
    const ProbeProvider* provider = find_provider(spelling);
    auto context = provider->context(ap, ProbeEnv{});
    ASSERT_TRUE(context.ok());
    EXPECT_EQ(context->section, "raw_tp");
    EXPECT_TRUE(context->is_special);
    EXPECT_EQ(context->probe_name, ap.name);
    auto links = provider->attach(ap, nullptr, ProbeEnv{});
    ASSERT_TRUE(links.ok());
    EXPECT_TRUE(links->empty());
  }
  EXPECT_EQ(expand_one("BEGIN").name, "begin");
  EXPECT_EQ(expand_one("END").name, "end");
  EXPECT_EQ(expand_error("begin:x"), "begin probe type requires 0 arguments, found 1");
}

}  // namespace
}  // namespace sonde
