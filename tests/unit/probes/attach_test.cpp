// Real attaches on the live kernel of tiny programs loaded in each provider's section. These
// need root (BPF); each skips naming what is missing.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "kernel/kernel.h"
#include "kernel/perf_event.h"
#include "probes/registry.h"
#include "tiny_bpf_object.h"

namespace sonde {
namespace {

using testing::TinyBpfObject;

class AttachTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to load BPF programs";
    env_.kernel = &kernel_;
  }

  AttachPoint expand_one(const std::string& text) {
    auto parts = split_attach_point(text);
    auto points = find_provider(parts[0])->expand(parts, env_);
    EXPECT_TRUE(points.ok()) << (points.ok() ? "" : points.error().message);
    EXPECT_TRUE(points.ok() && points->size() == 1);
    return points.ok() && !points->empty() ? (*points)[0] : AttachPoint{};
  }

  // Loads a trivial program in the provider's section for `ap` and attaches it.
  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap) {
    const ProbeProvider* provider = find_provider(ap.provider);
    auto context = provider->context(ap, env_);
    if (!context.ok()) return context.error();
    auto object = TinyBpfObject::load({context->section});
    if (!object.ok()) return object.error();
    object_ = std::move(*object);
    return provider->attach(ap, object_->program(0), env_);
  }

  static bpf_link_type link_type(const LinkPtr& link) {
    bpf_link_info info{};
    uint32_t size = sizeof(info);
    if (bpf_obj_get_info_by_fd(bpf_link__fd(link.get()), &info, &size) != 0)
      return BPF_LINK_TYPE_UNSPEC;
    return static_cast<bpf_link_type>(info.type);
  }

  Kernel kernel_;
  ProbeEnv env_;
  std::unique_ptr<TinyBpfObject> object_;  // destroyed after the links a test holds
};

TEST_F(AttachTest, Tracepoint) {
  if (!kernel_.features().has(Feature::Tracepoint))
    GTEST_SKIP() << "tracepoints (tracefs) are not available";
  AttachPoint ap = expand_one("tracepoint:sched:sched_process_fork");
  auto links = attach(ap);
  ASSERT_TRUE(links.ok()) << links.error().message;
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ(link_type((*links)[0]), BPF_LINK_TYPE_PERF_EVENT);
}

TEST_F(AttachTest, IntervalOnOneCpu) {
  if (!kernel_.features().has(Feature::Software))
    GTEST_SKIP() << "perf software events are not available";
  auto links = attach(expand_one("interval:ms:100"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), 1u);
}

TEST_F(AttachTest, IntervalFrequency) {
  if (!kernel_.features().has(Feature::Software))
    GTEST_SKIP() << "perf software events are not available";
  auto links = attach(expand_one("interval:hz:10"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), 1u);
}

TEST_F(AttachTest, ProfileOnEveryCpu) {
  if (!kernel_.features().has(Feature::Software))
    GTEST_SKIP() << "perf software events are not available";
  auto cpus = online_cpus();
  ASSERT_TRUE(cpus.ok());
  auto links = attach(expand_one("profile:hz:99"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), cpus->size());
}

TEST_F(AttachTest, SoftwareOnEveryCpu) {
  if (!kernel_.features().has(Feature::Software))
    GTEST_SKIP() << "perf software events are not available";
  auto cpus = online_cpus();
  ASSERT_TRUE(cpus.ok());
  auto links = attach(expand_one("software:cs:10"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), cpus->size());
}

TEST_F(AttachTest, TargetPidGivesOneEvent) {
  if (!kernel_.features().has(Feature::Software))
    GTEST_SKIP() << "perf software events are not available";
  env_.pid = getpid();
  auto links = attach(expand_one("profile:hz:99"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), 1u);
}

TEST_F(AttachTest, ProvidersReportSupport) {
  for (const char* name : {"interval", "profile", "software", "begin", "end"})
    EXPECT_TRUE(find_provider(name)->supported(env_).ok()) << name;
  EXPECT_EQ(find_provider("tracepoint")->supported(env_).ok(),
            kernel_.features().has(Feature::Tracepoint));
}

// begin/end programs are not attached; the runtime runs them with BPF_PROG_TEST_RUN.
TEST_F(AttachTest, BeginRunsWithTestRun) {
  AttachPoint ap = expand_one("BEGIN");
  auto links = attach(ap);
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_TRUE(links->empty());
  LIBBPF_OPTS(bpf_test_run_opts, run);
  ASSERT_EQ(bpf_prog_test_run_opts(bpf_program__fd(object_->program(0)), &run), 0);
  EXPECT_EQ(run.retval, 0u);
}

TEST_F(AttachTest, MissingTracepointFailsCleanly) {
  if (!kernel_.features().has(Feature::Tracepoint))
    GTEST_SKIP() << "tracepoints (tracefs) are not available";
  AttachPoint ap = expand_one("tracepoint:sched:sched_process_fork");
  ap.func = "no_such_event";
  auto object = TinyBpfObject::load({"tracepoint/sched/sched_process_fork"});
  ASSERT_TRUE(object.ok()) << object.error().message;
  auto links = find_provider("tracepoint")->attach(ap, (*object)->program(0), env_);
  ASSERT_FALSE(links.ok());
  EXPECT_EQ(links.error().message, "no tracepoint sched:no_such_event");
}

TEST_F(AttachTest, SyscallTracepointThroughTheDispatcher) {
  if (!kernel_.features().has(Feature::Tracepoint) ||
      !kernel_.features().has(Feature::RawTracepoint))
    GTEST_SKIP() << "tracepoints or raw tracepoints are not available";
  auto links = attach(expand_one("tracepoint:syscalls:sys_enter_getppid"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  ASSERT_EQ(links->size(), 1u);  // the dispatcher
  EXPECT_EQ(link_type((*links)[0]), BPF_LINK_TYPE_RAW_TRACEPOINT);
}

TEST_F(AttachTest, SyscallEnterAndExitShareDispatchersPerDirection) {
  if (!kernel_.features().has(Feature::RawTracepoint))
    GTEST_SKIP() << "raw tracepoints are not available";
  auto parts = split_attach_point("tracepoint:syscalls:sys_*_getppid");
  const ProbeProvider* tracepoint = find_provider("tracepoint");
  auto points = tracepoint->expand(parts, env_);
  ASSERT_TRUE(points.ok());
  ASSERT_EQ(points->size(), 2u);
  // Four programs: enter and exit twice each (two probes on one syscall need two layers).
  auto object = TinyBpfObject::load({"raw_tp", "raw_tp", "raw_tp", "raw_tp"});
  ASSERT_TRUE(object.ok()) << object.error().message;
  object_ = std::move(*object);
  std::vector<ProgramToAttach> programs = {{&(*points)[0], object_->program(0)},
                                           {&(*points)[1], object_->program(1)},
                                           {&(*points)[0], object_->program(2)},
                                           {&(*points)[1], object_->program(3)}};
  auto results = tracepoint->attach_many(programs, env_);
  ASSERT_EQ(results.size(), 4u);
  size_t links = 0;
  for (auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    links += r->size();
  }
  EXPECT_EQ(links, 4u);  // 2 directions x 2 layers
}

TEST_F(AttachTest, RawTracepoint) {
  if (!kernel_.features().has(Feature::RawTracepoint) || !kernel_.btf().ok())
    GTEST_SKIP() << "raw tracepoints or kernel BTF are not available";
  auto links = attach(expand_one("rawtracepoint:sched_switch"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ(link_type((*links)[0]), BPF_LINK_TYPE_RAW_TRACEPOINT);
}

TEST_F(AttachTest, IterRunsWhileAttaching) {
  if (!kernel_.features().has(Feature::Iter)) GTEST_SKIP() << "BPF iterators are not available";
  auto links = attach(expand_one("iter:task"));
  ASSERT_TRUE(links.ok()) << links.error().message;
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ(link_type((*links)[0]), BPF_LINK_TYPE_ITER);
}

extern "C" __attribute__((noinline)) int sonde_attach_test_function(int x) {
  __asm__ volatile("" ::: "memory");
  return x * 2;
}

TEST_F(AttachTest, UprobeAndUretprobeOnThisBinary) {
  if (!kernel_.features().has(Feature::Uprobe)) GTEST_SKIP() << "uprobes are not available";
  for (const char* kind : {"uprobe", "uretprobe"}) {
    AttachPoint ap = expand_one(std::string(kind) + ":/proc/self/exe:sonde_attach_test_function");
    auto links = attach(ap);
    ASSERT_TRUE(links.ok()) << links.error().message;
    ASSERT_EQ(links->size(), 1u);
    EXPECT_EQ(link_type((*links)[0]), BPF_LINK_TYPE_PERF_EVENT);
  }
  EXPECT_EQ(sonde_attach_test_function(2), 4);
}

volatile long watched_by_attach_test;

TEST_F(AttachTest, WatchpointOnThisProcess) {
  if (!kernel_.features().has(Feature::Watchpoint))
    GTEST_SKIP() << "perf breakpoints are not available";
  env_.pid = getpid();
  char text[64];
  std::snprintf(text, sizeof text, "watchpoint:%p:8:w",
                static_cast<void*>(const_cast<long*>(&watched_by_attach_test)));
  auto links = attach(expand_one(text));
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_EQ(links->size(), 1u);
  watched_by_attach_test = 1;
}

// Where the kernel lacks a kind, attaching fails with an error instead of crashing.
TEST_F(AttachTest, KprobeAttachFailsCleanlyWithoutKprobes) {
  if (kernel_.features().has(Feature::Kprobe)) GTEST_SKIP() << "this kernel has kprobes";
  auto links = attach(expand_one("kprobe:vfs_read"));
  ASSERT_FALSE(links.ok());
  EXPECT_TRUE(links.error().message.rfind("cannot attach kprobe:vfs_read: ", 0) == 0)
      << links.error().message;
}

TEST_F(AttachTest, HardwareAttachFailsCleanlyWithoutPmu) {
  if (kernel_.features().has(Feature::Hardware)) GTEST_SKIP() << "this kernel has a PMU";
  auto links = attach(expand_one("hardware:cycles"));
  ASSERT_FALSE(links.ok());
  EXPECT_TRUE(links.error().message.rfind(
                  "cannot open the perf event of hardware:cycles on cpu ", 0) == 0)
      << links.error().message;
}

}  // namespace
}  // namespace sonde
