#include "kernel/kernel.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "kernel/perf_event.h"

namespace sonde {
namespace {

TEST(Kernel, BtfFromMissingFileIsACachedError) {
  KernelOptions options;
  options.btf_path = "/nonexistent/vmlinux.btf";
  Kernel kernel(options);
  auto btf = kernel.btf();
  ASSERT_FALSE(btf.ok());
  EXPECT_NE(btf.error().message.find("/nonexistent/vmlinux.btf"), std::string::npos);
  EXPECT_FALSE(kernel.btf().ok());
}

TEST(Kernel, VmlinuxBtfLookupByName) {
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux"))
    GTEST_SKIP() << "kernel BTF (/sys/kernel/btf/vmlinux) is not available";
  Kernel kernel;
  auto btf = kernel.btf();
  ASSERT_TRUE(btf.ok()) << btf.error().message;
  EXPECT_GT(btf__find_by_name_kind(*btf, "task_struct", BTF_KIND_STRUCT), 0);
  EXPECT_EQ(*kernel.btf(), *btf);  // loaded once
}

TEST(PerfEvent, ParsesCpuLists) {
  EXPECT_EQ(parse_cpu_list("0-1\n"), (std::vector<int>{0, 1}));
  EXPECT_EQ(parse_cpu_list("0,2-4,7"), (std::vector<int>{0, 2, 3, 4, 7}));
  EXPECT_EQ(parse_cpu_list("5"), (std::vector<int>{5}));
  EXPECT_EQ(parse_cpu_list(""), (std::vector<int>{}));
  EXPECT_FALSE(parse_cpu_list("3-1").has_value());
  EXPECT_FALSE(parse_cpu_list("a").has_value());
  EXPECT_FALSE(parse_cpu_list("1-2-3").has_value());
}

TEST(PerfEvent, OnlineCpus) {
  auto cpus = online_cpus();
  ASSERT_TRUE(cpus.ok()) << cpus.error().message;
  EXPECT_FALSE(cpus->empty());
  EXPECT_LE(cpus->size(), static_cast<size_t>(sysconf(_SC_NPROCESSORS_CONF)));
}

TEST(Features, NamesRoundTrip) {
  for (size_t i = 0; i < static_cast<size_t>(Feature::Count_); ++i) {
    auto feature = static_cast<Feature>(i);
    EXPECT_EQ(feature_by_name(feature_name(feature)), feature);
  }
  EXPECT_FALSE(feature_by_name("nonsense").has_value());
  EXPECT_EQ(feature_name(Feature::Libdw), "libdw (DWARF support)");
}

TEST(Features, DisabledFeatureIsAbsentWithoutProbing) {
  Kernel kernel;
  kernel.features().disable(Feature::KprobeMulti);
  EXPECT_FALSE(kernel.features().has(Feature::KprobeMulti));
}

TEST(Features, BuildFeaturesAreAbsent) {
  Kernel kernel;
  EXPECT_FALSE(kernel.features().has(Feature::Libdw));
  EXPECT_FALSE(kernel.features().has(Feature::Dwunwind));
  EXPECT_FALSE(kernel.features().has(Feature::Blazesym));
}

// The lines test harnesses search for are all there, each "name: yes" or "name: no".
TEST(FeaturesLive, ReportHasEveryHarnessLine) {
  if (geteuid() != 0) GTEST_SKIP() << "feature probes need root (BPF)";
  Kernel kernel;
  std::ostringstream out;
  kernel.features().print_report(out);
  std::string report = out.str();
  for (const char* name :
       {"btf", "dpath", "iter", "uprobe_multi", "kprobe_multi", "kprobe_session",
        "lookup_percpu_elem", "get_func_ip", "libdw (DWARF support)",
        "dwunwind (DWARF stack unwinding)", "blazesym (advanced symbolization)", "kprobe",
        "uprobe", "tracepoint", "raw_tracepoint", "fentry", "hardware", "software", "watchpoint"}) {
    bool yes = report.find(std::string("  ") + name + ": yes\n") != std::string::npos;
    bool no = report.find(std::string("  ") + name + ": no\n") != std::string::npos;
    EXPECT_TRUE(yes != no) << name << " in\n" << report;
  }
}

// Answers that follow from facts checked independently here.
TEST(FeaturesLive, AgreesWithTheSystem) {
  if (geteuid() != 0) GTEST_SKIP() << "feature probes need root (BPF)";
  Kernel kernel;
  auto& features = kernel.features();
  EXPECT_EQ(features.has(Feature::Btf), std::filesystem::exists("/sys/kernel/btf/vmlinux"));
  EXPECT_EQ(features.has(Feature::Uprobe),
            std::filesystem::exists("/sys/bus/event_source/devices/uprobe"));
  EXPECT_TRUE(features.has(Feature::Software));  // perf software events exist everywhere
  EXPECT_TRUE(features.has(Feature::HashMap));
  if (!features.has(Feature::Fentry)) {
    EXPECT_FALSE(features.has(Feature::Dpath));
  }
  if (!features.has(Feature::KprobeMulti)) {
    EXPECT_FALSE(features.has(Feature::KprobeSession));
  }
}

}  // namespace
}  // namespace sonde
