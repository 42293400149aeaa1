#include "kernel/tracefs.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "fake_tracefs.h"
#include "kernel/kernel.h"

namespace sonde {
namespace {

using testing::FakeTracefs;

TEST(Tracefs, ListsCategoriesAndEventsSortedSkippingFiles) {
  FakeTracefs fake;
  fake.add_event("syscalls", "sys_exit_read", 2);
  fake.add_event("syscalls", "sys_enter_read", 1);
  fake.add_event("sched", "sched_switch", 3);
  Tracefs tracefs(fake.root());
  EXPECT_EQ(tracefs.categories(), (std::vector<std::string>{"sched", "syscalls"}));
  EXPECT_EQ(tracefs.events("syscalls"),
            (std::vector<std::string>{"sys_enter_read", "sys_exit_read"}));
  EXPECT_TRUE(tracefs.events("nope").empty());
  EXPECT_TRUE(tracefs.has_event("sched", "sched_switch"));
  EXPECT_FALSE(tracefs.has_event("sched", "enable"));
}

TEST(Tracefs, ReadsIdAndFormat) {
  FakeTracefs fake;
  fake.add_event("sched", "sched_switch", 372, "\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n");
  Tracefs tracefs(fake.root());
  auto id = tracefs.event_id("sched", "sched_switch");
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, 372u);
  auto format = tracefs.event_format("sched", "sched_switch");
  ASSERT_TRUE(format.ok());
  EXPECT_NE(format->find("field:int x;"), std::string::npos);
  auto missing = tracefs.event_id("sched", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "no tracepoint sched:nope");
}

TEST(Tracefs, RejectsNamesLeavingEvents) {
  FakeTracefs fake;
  fake.add_event("sched", "sched_switch", 1);
  Tracefs tracefs(fake.root());
  EXPECT_FALSE(tracefs.has_event("..", "events"));
  EXPECT_FALSE(tracefs.has_event("sched/sched_switch", ".."));
  EXPECT_FALSE(tracefs.event_id("sched", "../sched").ok());
}

TEST(Tracefs, HasFile) {
  FakeTracefs fake;
  fake.add_file("uprobe_events");
  Tracefs tracefs(fake.root());
  EXPECT_TRUE(tracefs.has_file("uprobe_events"));
  EXPECT_FALSE(tracefs.has_file("kprobe_events"));
}

TEST(Tracefs, KernelUsesConfiguredRoot) {
  FakeTracefs fake;
  Kernel kernel(fake.kernel_options());
  ASSERT_TRUE(kernel.tracefs().ok());
  EXPECT_EQ(kernel.tracefs()->root(), fake.root());
}

// --- live kernel -----------------------------------------------------------------------------

TEST(TracefsLive, FindsOrMountsTracefs) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to find or mount tracefs";
  auto tracefs = find_or_mount_tracefs();
  ASSERT_TRUE(tracefs.ok()) << tracefs.error().message;
  EXPECT_TRUE(tracefs->has_event("sched", "sched_switch"));
  auto id = tracefs->event_id("sched", "sched_switch");
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_GT(*id, 0u);
  EXPECT_FALSE(tracefs->events("syscalls").empty());
}

// In a private mount namespace with tracefs unmounted, find_or_mount_tracefs mounts it.
TEST(TracefsLive, MountsWhenNotMounted) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for a private mount namespace";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (unshare(CLONE_NEWNS) != 0) _exit(10);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) _exit(11);
    for (const char* path : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
      while (umount2(path, MNT_DETACH) == 0) {
      }
    std::error_code ec;
    if (std::filesystem::exists("/sys/kernel/tracing/events", ec)) _exit(12);
    if (std::filesystem::exists("/sys/kernel/debug/tracing/events", ec)) _exit(13);
    auto tracefs = find_or_mount_tracefs();
    if (!tracefs.ok()) _exit(14);
    if (tracefs->root() != "/sys/kernel/tracing") _exit(15);
    _exit(tracefs->has_event("sched", "sched_switch") ? 0 : 16);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 10) GTEST_SKIP() << "unshare(CLONE_NEWNS) is not permitted";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sonde
