#include "cdefs/script_types.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "kernel/btf_types.h"
#include "kernel/kernel.h"

namespace sonde {
namespace {

std::vector<ast::CDefinition> items(const std::vector<std::string>& texts) {
  std::vector<ast::CDefinition> out;
  for (const auto& t : texts) out.push_back({SourceRange::none(), t});
  return out;
}

ScriptTypesOptions no_system_headers() {
  ScriptTypesOptions o;
  o.system_include_dirs = {"/nonexistent-sonde-include"};
  return o;
}

TEST(ScriptTypes, WithoutBtf) {
  ScriptTypes types(nullptr);
  auto errors = types.load(items({"#define SIZE 4", "enum mode { OFF, ON = SIZE };",
                                  "struct pair { int a; char name[SIZE]; enum mode m; };"}),
                           no_system_headers());
  ASSERT_TRUE(errors.empty()) << errors[0];
  auto pair = types.named_type("struct pair");
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(pair->size(), 12u);
  EXPECT_EQ(types.named_type("u32"), Type::integer(4, false));
  EXPECT_EQ(types.named_type("enum mode"), Type::enumeration("mode", 4, false));
  EXPECT_FALSE(types.named_type("struct task_struct").has_value());
  auto size = types.constant("SIZE");
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->value, 4);
  EXPECT_EQ(size->type, Type::int64());
  auto on = types.constant("ON");
  ASSERT_TRUE(on.has_value());
  EXPECT_EQ(on->value, 4);
  EXPECT_EQ(on->type, Type::enumeration("mode", 4, false));
  EXPECT_EQ(types.constant("AF_INET6")->value, 10);  // built-in table
  EXPECT_FALSE(types.constant("NOPE").has_value());
  EXPECT_EQ(types.enumerator("mode", 4), "ON");
  EXPECT_EQ(types.enumerator("mode", 9), "");
  EXPECT_TRUE(types.is_type_name("u64"));
  EXPECT_FALSE(types.is_type_name("pid"));
}

TEST(ScriptTypes, ScriptDefinesOverrideTheBuiltinTable) {
  ScriptTypes types(nullptr);
  ASSERT_TRUE(types.load(items({"#define AF_INET 77"}), no_system_headers()).empty());
  EXPECT_EQ(types.constant("AF_INET")->value, 77);
}

TEST(ScriptTypes, ErrorsInClangFormat) {
  ScriptTypes missing(nullptr);
  auto errors = missing.load(items({"#include <lol/no.h>"}), no_system_headers());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "definitions.h:2:10: fatal error: 'lol/no.h' file not found");

  ScriptTypes bad(nullptr);
  errors = bad.load(items({"#define X 1", "struct s {\n  nosuch_t y;\n};"}), no_system_headers());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "definitions.h:4:3: error: unknown type name 'nosuch_t'");
}

TEST(ScriptTypes, NothingToLoad) {
  ScriptTypes types(nullptr);
  EXPECT_TRUE(types.load({}, no_system_headers()).empty());
  EXPECT_EQ(types.constant("TASK_RUNNING")->value, 0);
}

TEST(ScriptTypes, KernelBtf) {
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux"))
    GTEST_SKIP() << "kernel BTF (/sys/kernel/btf/vmlinux) is not available";
  Kernel kernel;
  BtfTypes btf(kernel);
  ScriptTypes types(&btf);
  // Kernel headers that are not installed are served by BTF; BPFTRACE_HAVE_BTF is defined.
  auto errors = types.load(items({"#include <net/sock.h>", "#ifndef BPFTRACE_HAVE_BTF",
                                  "struct task_struct { int not_the_kernel_one; };", "#endif",
                                  "struct mine { struct task_struct *t; struct list_head l; };"}),
                           no_system_headers());
  ASSERT_TRUE(errors.empty()) << errors[0];
  auto task = types.named_type("struct task_struct");
  ASSERT_TRUE(task.has_value());
  EXPECT_NE(task->struct_def()->find("comm"), nullptr);
  auto mine = types.named_type("struct mine");
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->size(), 24u);
  EXPECT_EQ(types.constant("TCP_ESTABLISHED")->value, 1);
  EXPECT_TRUE(types.is_type_name("pid_t"));
  EXPECT_TRUE(types.is_type_name("atomic_t"));
}

}  // namespace
}  // namespace sonde
