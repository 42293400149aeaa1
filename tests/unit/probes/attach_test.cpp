// Real attaches on the live kernel of tiny programs loaded in each provider's section. These
// need root (BPF); each skips naming what is missing.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

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

}  // namespace
}  // namespace sonde
