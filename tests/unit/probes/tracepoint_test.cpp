// tracepoint provider against a fake tracefs tree: wildcard expansion, errors, context, listing.
#include <gtest/gtest.h>

#include <sstream>

#include "../kernel/fake_tracefs.h"
#include "kernel/kernel.h"
#include "probes/registry.h"

namespace sonde {
namespace {

constexpr const char* kOpenatFields =
    "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
    "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n";

class TracepointTest : public ::testing::Test {
 protected:
  TracepointTest() {
    fake_.add_event("syscalls", "sys_enter_openat", 782, kOpenatFields);
    fake_.add_event("syscalls", "sys_exit_openat", 781);
    fake_.add_event("syscalls", "sys_enter_nanosleep", 700);
    fake_.add_event("sched", "sched_switch", 372,
                    "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
                    "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n");
    fake_.add_event("timer", "hrtimer_nanosleep", 10);
    fake_.add_event("sched-ext", "x", 11);  // sorts before "sched:" as text
    env_.kernel = &kernel_;
  }

  Result<std::vector<AttachPoint>> expand(const std::string& text) {
    auto parts = split_attach_point(text);
    return find_provider(parts[0])->expand(parts, env_);
  }

  std::vector<std::string> names(const std::string& text) {
    auto points = expand(text);
    EXPECT_TRUE(points.ok()) << text << ": " << (points.ok() ? "" : points.error().message);
    std::vector<std::string> out;
    if (points.ok())
      for (const auto& ap : *points) out.push_back(ap.name);
    return out;
  }

  std::string error(const std::string& text) {
    auto points = expand(text);
    EXPECT_FALSE(points.ok()) << text;
    return points.ok() ? "" : points.error().message;
  }

  std::string list(const std::string& pattern, bool verbose) {
    std::ostringstream out;
    tracepoint().list(ListRequest{pattern, verbose}, env_, out);
    return out.str();
  }

  const ProbeProvider& tracepoint() { return *find_provider("tracepoint"); }

  testing::FakeTracefs fake_;
  Kernel kernel_{fake_.kernel_options()};
  ProbeEnv env_;
};

TEST_F(TracepointTest, ExactEvent) {
  auto points = expand("tracepoint:syscalls:sys_enter_openat");
  ASSERT_TRUE(points.ok());
  ASSERT_EQ(points->size(), 1u);
  const AttachPoint& ap = (*points)[0];
  EXPECT_EQ(ap.provider, "tracepoint");
  EXPECT_EQ(ap.target, "syscalls");
  EXPECT_EQ(ap.func, "sys_enter_openat");
  EXPECT_EQ(ap.name, "tracepoint:syscalls:sys_enter_openat");
  EXPECT_EQ(names("t:sched:sched_switch"),
            (std::vector<std::string>{"tracepoint:sched:sched_switch"}));
}

TEST_F(TracepointTest, Wildcards) {
  EXPECT_EQ(names("tracepoint:syscalls:sys_enter_*"),
            (std::vector<std::string>{"tracepoint:syscalls:sys_enter_nanosleep",
                                      "tracepoint:syscalls:sys_enter_openat"}));
  EXPECT_EQ(names("tracepoint:*:*nanosleep"),
            (std::vector<std::string>{"tracepoint:syscalls:sys_enter_nanosleep",
                                      "tracepoint:timer:hrtimer_nanosleep"}));
  EXPECT_EQ(names("tracepoint:sched*:*"),
            (std::vector<std::string>{"tracepoint:sched-ext:x", "tracepoint:sched:sched_switch"}));
}

TEST_F(TracepointTest, TwoPartWildcardMeansAnyCategory) {
  EXPECT_EQ(names("tracepoint:*sleep*"),
            (std::vector<std::string>{"tracepoint:syscalls:sys_enter_nanosleep",
                                      "tracepoint:timer:hrtimer_nanosleep"}));
}

TEST_F(TracepointTest, Errors) {
  EXPECT_EQ(error("tracepoint:syscalls"), "tracepoint probe type requires 2 arguments, found 1");
  EXPECT_EQ(error("tracepoint"), "tracepoint probe type requires 2 arguments, found 0");
  EXPECT_EQ(error("tracepoint:a:b:c"), "tracepoint probe type requires 2 arguments, found 3");
  EXPECT_EQ(error("tracepoint:syscalls:nonsense"), "No matches for tracepoint syscalls:nonsense.");
  EXPECT_EQ(error("tracepoint:nope*:*"), "No matches for tracepoint nope*:*.");
  EXPECT_EQ(error("tracepoint:..:syscalls"), "No matches for tracepoint ..:syscalls.");
}

TEST_F(TracepointTest, ContextOfSyscallEvent) {
  kernel_.features().disable(Feature::RawTracepoint);  // the perf-event path
  auto points = expand("tracepoint:syscalls:sys_enter_openat");
  ASSERT_TRUE(points.ok());
  auto context = tracepoint().context((*points)[0], env_);
  ASSERT_TRUE(context.ok()) << context.error().message;
  EXPECT_EQ(context->section, "tracepoint");  // the event is named at attach time
  EXPECT_EQ(context->args_layout, ProbeContext::ArgsLayout::CtxStruct);
  EXPECT_EQ(context->addr_space, AddrSpace::User);
  EXPECT_EQ(context->probe_name, "tracepoint:syscalls:sys_enter_openat");
  EXPECT_EQ(context->reg_args, ProbeContext::RegArgs::None);
  EXPECT_EQ(context->retval, ProbeContext::Retval::None);
  ASSERT_TRUE(context->args.has_value());
  const Field* filename = context->args->struct_def()->find("filename");
  ASSERT_NE(filename, nullptr);
  EXPECT_EQ(filename->offset, 24u);
  EXPECT_EQ(filename->type->addr_space(), AddrSpace::User);
  EXPECT_EQ(context->args->struct_def()->find("common_pid"), nullptr);
}

TEST_F(TracepointTest, SyscallEventsServedByTheRawSyscallsDispatcher) {
  if (!kernel_.features().has(Feature::RawTracepoint))
    GTEST_SKIP() << "raw tracepoint programs cannot be loaded here (needs root)";
  auto points = expand("tracepoint:syscalls:sys_*_openat");
  ASSERT_TRUE(points.ok());
  ASSERT_EQ(points->size(), 2u);
  auto enter = tracepoint().context((*points)[0], env_);
  ASSERT_TRUE(enter.ok()) << enter.error().message;
  EXPECT_EQ(enter->section, "raw_tp");
  EXPECT_EQ(enter->syscall_record, ProbeContext::SyscallRecord::Enter);
  EXPECT_EQ(enter->args_layout, ProbeContext::ArgsLayout::None);  // rebuilt, not in ctx
  ASSERT_TRUE(enter->args.has_value());
  EXPECT_EQ(enter->args->struct_def()->find("filename")->offset, 24u);
  auto exit = tracepoint().context((*points)[1], env_);
  ASSERT_TRUE(exit.ok());
  EXPECT_EQ(exit->syscall_record, ProbeContext::SyscallRecord::Exit);
}

TEST_F(TracepointTest, SyscallWithoutKnownNumberUsesPerfEvents) {
  fake_.add_event("syscalls", "sys_enter_not_a_syscall", 900);
  auto points = expand("tracepoint:syscalls:sys_enter_not_a_syscall");
  ASSERT_TRUE(points.ok());
  auto context = tracepoint().context((*points)[0], env_);
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->section, "tracepoint");
  EXPECT_EQ(context->syscall_record, ProbeContext::SyscallRecord::None);
}

TEST_F(TracepointTest, PidFilterWithDashP) {
  env_.pid = 42;
  auto points = expand("tracepoint:sched:sched_switch");
  ASSERT_TRUE(points.ok());
  auto context = tracepoint().context((*points)[0], env_);
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->pid_filter, std::optional<pid_t>(42));
}

TEST_F(TracepointTest, ContextOfKernelEvent) {
  auto points = expand("tracepoint:sched:sched_switch");
  ASSERT_TRUE(points.ok());
  auto context = tracepoint().context((*points)[0], env_);
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->addr_space, AddrSpace::Kernel);
  EXPECT_EQ(*context->args->struct_def()->find("prev_comm")->type, Type::string(16));
}

TEST_F(TracepointTest, Listing) {
  EXPECT_EQ(list("syscalls:*openat", false),
            "tracepoint:syscalls:sys_enter_openat\ntracepoint:syscalls:sys_exit_openat\n");
  EXPECT_EQ(list("*sleep*", false),
            "tracepoint:syscalls:sys_enter_nanosleep\ntracepoint:timer:hrtimer_nanosleep\n");
  std::string all = list("*", false);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 6);
  EXPECT_EQ(all.substr(0, all.find('\n')), "tracepoint:sched-ext:x");
  EXPECT_EQ(list("", false), all);
  EXPECT_EQ(list("nothing:here", false), "");
}

TEST_F(TracepointTest, VerboseListingShowsFields) {
  EXPECT_EQ(list("syscalls:sys_enter_openat", true),
            "tracepoint:syscalls:sys_enter_openat\n"
            "    int __syscall_nr\n"
            "    int dfd\n"
            "    const char * filename\n"
            "    int flags\n"
            "    umode_t mode\n");
}

TEST_F(TracepointTest, Supported) { EXPECT_TRUE(tracepoint().supported(env_).ok()); }

TEST(TracepointNoKernel, ExpandNeedsTheKernel) {
  auto parts = split_attach_point("tracepoint:a:b");
  auto points = find_provider("tracepoint")->expand(parts, ProbeEnv{});
  ASSERT_FALSE(points.ok());
}

}  // namespace
}  // namespace sonde
