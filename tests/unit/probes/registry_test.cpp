#include "probes/registry.h"

#include <gtest/gtest.h>

namespace sonde {
namespace {

std::string canonical(std::string_view name) {
  const ProbeProvider* provider = find_provider(name);
  return provider ? std::string(provider->name()) : "<none>";
}

TEST(Registry, FindsByNameAndAlias) {
  EXPECT_EQ(canonical("tracepoint"), "tracepoint");
  EXPECT_EQ(canonical("t"), "tracepoint");
  EXPECT_EQ(canonical("interval"), "interval");
  EXPECT_EQ(canonical("i"), "interval");
  EXPECT_EQ(canonical("profile"), "profile");
  EXPECT_EQ(canonical("p"), "profile");
  EXPECT_EQ(canonical("software"), "software");
  EXPECT_EQ(canonical("s"), "software");
  EXPECT_EQ(canonical("begin"), "begin");
  EXPECT_EQ(canonical("end"), "end");
}

TEST(Registry, IgnoresCase) {
  EXPECT_EQ(canonical("BEGIN"), "begin");
  EXPECT_EQ(canonical("Begin"), "begin");
  EXPECT_EQ(canonical("END"), "end");
  EXPECT_EQ(canonical("Tracepoint"), "tracepoint");
  EXPECT_EQ(canonical("T"), "tracepoint");
  EXPECT_EQ(canonical("INTERVAL"), "interval");
}

TEST(Registry, UnknownNames) {
  EXPECT_EQ(find_provider("foo"), nullptr);
  EXPECT_EQ(find_provider(""), nullptr);
  EXPECT_EQ(find_provider("tracepoints"), nullptr);
}

// `U` is usdt and `u` uprobe: neither may be found through the other's case.
TEST(Registry, UAndLowercaseUAreDistinct) {
  const ProbeProvider* upper = find_provider("U");
  const ProbeProvider* lower = find_provider("u");
  if (upper) {
    EXPECT_EQ(upper->name(), "usdt");
  }
  if (lower) {
    EXPECT_EQ(lower->name(), "uprobe");
  }
}

TEST(Registry, ProvidersAreSortedAndUnique) {
  const auto& providers = all_providers();
  ASSERT_FALSE(providers.empty());
  for (size_t i = 1; i < providers.size(); ++i)
    EXPECT_LT(providers[i - 1]->name(), providers[i]->name());
  // No alias shadows another provider's name or alias.
  std::vector<std::string> spellings;
  for (const auto* p : providers) {
    spellings.emplace_back(p->name());
    for (auto alias : p->aliases()) spellings.emplace_back(alias);
  }
  std::sort(spellings.begin(), spellings.end());
  EXPECT_EQ(std::adjacent_find(spellings.begin(), spellings.end()), spellings.end());
  for (const auto& s : spellings) EXPECT_NE(find_provider(s), nullptr) << s;
}

TEST(SplitAttachPoint, SplitsOnColons) {
  EXPECT_EQ(split_attach_point("tracepoint:syscalls:sys_enter_openat"),
            (std::vector<std::string>{"tracepoint", "syscalls", "sys_enter_openat"}));
  EXPECT_EQ(split_attach_point("begin"), (std::vector<std::string>{"begin"}));
  EXPECT_EQ(split_attach_point("interval:s:"), (std::vector<std::string>{"interval", "s", ""}));
  EXPECT_EQ(split_attach_point(""), (std::vector<std::string>{""}));
}

TEST(SplitAttachPoint, QuotesProtectColonsAndAreRemoved) {
  EXPECT_EQ(split_attach_point("uprobe:/bin/x:cpp:\"ns::Class::f\""),
            (std::vector<std::string>{"uprobe", "/bin/x", "cpp", "ns::Class::f"}));
  EXPECT_EQ(split_attach_point("uprobe:\"/tmp/a:b\":f"),
            (std::vector<std::string>{"uprobe", "/tmp/a:b", "f"}));
}

TEST(SplitAttachPoint, BackslashKeepsTheNextCharacter) {
  EXPECT_EQ(split_attach_point("uprobe:/tmp/a\\:b:f"),
            (std::vector<std::string>{"uprobe", "/tmp/a:b", "f"}));
  EXPECT_EQ(split_attach_point("uprobe:/x:\"a\\\"b\""),
            (std::vector<std::string>{"uprobe", "/x", "a\"b"}));
}

}  // namespace
}  // namespace sonde
