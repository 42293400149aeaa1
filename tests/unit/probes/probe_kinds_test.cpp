// Attach point syntax, contexts and listing of the probe kinds that need no kernel to expand:
// aliases, USDT argument specs, kernel function specs, watchpoint / hardware / iter points,
// listing defaults, and the support check the runtime makes before loading.
#include <gtest/gtest.h>

#include <sstream>

#include "kernel/kernel.h"
#include "probes/kernel_function.h"
#include "probes/registry.h"
#include "probes/usdt_arguments.h"

namespace sonde {
namespace {

Result<std::vector<AttachPoint>> expand(const std::string& text, const ProbeEnv& env = {}) {
  auto parts = split_attach_point(text);
  return find_provider(parts[0])->expand(parts, env);
}

std::string error_of(const std::string& text, const ProbeEnv& env = {}) {
  auto points = expand(text, env);
  EXPECT_FALSE(points.ok()) << text;
  return points.ok() ? "" : points.error().message;
}

TEST(ProbeKinds, EveryAliasOfTheSpec) {
  const std::pair<const char*, const char*> aliases[] = {
      {"rt", "rawtracepoint"}, {"k", "kprobe"},     {"kr", "kretprobe"}, {"f", "fentry"},
      {"kfunc", "fentry"},     {"fr", "fexit"},     {"kretfunc", "fexit"}, {"u", "uprobe"},
      {"ur", "uretprobe"},     {"U", "usdt"},       {"h", "hardware"},   {"w", "watchpoint"},
      {"it", "iter"},          {"KPROBE", "kprobe"}, {"Usdt", "usdt"},   {"UR", "uretprobe"},
  };
  for (const auto& [alias, name] : aliases) {
    const ProbeProvider* p = find_provider(alias);
    ASSERT_NE(p, nullptr) << alias;
    EXPECT_EQ(p->name(), name) << alias;
  }
}

TEST(UsdtArguments, DecodesEveryForm) {
  auto args = parse_usdt_arguments("-4@%eax 8@-8(%rbp) 4@$5 -2@%ax 1@(%rdi) 8@%r12 -8@$-3");
  ASSERT_TRUE(args.ok()) << args.error().message;
  ASSERT_EQ(args->size(), 7u);
  const auto& a = *args;
  EXPECT_EQ(a[0].kind, UsdtArgument::Kind::Register);
  EXPECT_EQ(a[0].size, 4);
  EXPECT_TRUE(a[0].is_signed);
  EXPECT_EQ(a[0].reg_offset, 80u);  // ax
  EXPECT_EQ(a[1].kind, UsdtArgument::Kind::Memory);
  EXPECT_EQ(a[1].reg_offset, 32u);  // bp
  EXPECT_EQ(a[1].value, -8);
  EXPECT_FALSE(a[1].is_signed);
  EXPECT_EQ(a[2].kind, UsdtArgument::Kind::Constant);
  EXPECT_EQ(a[2].value, 5);
  EXPECT_EQ(a[3].size, 2);
  EXPECT_EQ(a[4].kind, UsdtArgument::Kind::Memory);
  EXPECT_EQ(a[4].reg_offset, 112u);  // di
  EXPECT_EQ(a[4].value, 0);
  EXPECT_EQ(a[5].reg_offset, 24u);  // r12
  EXPECT_EQ(a[6].value, -3);
  EXPECT_TRUE(parse_usdt_arguments("")->empty());
}

TEST(UsdtArguments, RefusesWhatItCannotRead) {
  auto indexed = parse_usdt_arguments("8@(%rax,%rbx,8)");
  ASSERT_FALSE(indexed.ok());
  EXPECT_EQ(indexed.error().message,
            "unsupported USDT argument '8@(%rax,%rbx,8)': indexed operand");
  EXPECT_FALSE(parse_usdt_arguments("8@sem(%rip)").ok());
  EXPECT_FALSE(parse_usdt_arguments("3@%eax").ok());
  EXPECT_FALSE(parse_usdt_arguments("4@%xmm0").ok());
  EXPECT_FALSE(parse_usdt_arguments("%eax").ok());
}

TEST(KernelFunctionSpec, ModulesOffsetsAndAddresses) {
  auto spec = parse_kernel_function_spec("kprobe", {"kprobe", "vfs_read+0x10"}, true);
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->function, "vfs_read");
  EXPECT_EQ(spec->offset, 16u);
  EXPECT_EQ(spec->offset_text, "0x10");
  EXPECT_FALSE(spec->module_given);
  auto module = parse_kernel_function_spec("kprobe", {"kprobe", "ext4", "ext4_*"}, true);
  ASSERT_TRUE(module.ok());
  EXPECT_EQ(module->module, "ext4");
  EXPECT_EQ(module->function, "ext4_*");
  auto address = parse_kernel_function_spec("kprobe", {"kprobe", "0xffffffff81000000"}, true);
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->address, std::optional<uint64_t>(0xffffffff81000000));
  auto ret = parse_kernel_function_spec("kretprobe", {"kretprobe", "vfs_read+4"}, false);
  ASSERT_FALSE(ret.ok());
  EXPECT_EQ(ret.error().message, "Offset not allowed");
  auto count = parse_kernel_function_spec("kprobe", {"kprobe"}, true);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().message, "kprobe probe type requires 1 or 2 arguments, found 0");
}

TEST(Kprobe, AddressNeedsUnsafe) {
  EXPECT_EQ(error_of("kprobe:0xffffffff81000000"), "Probing by address requires --unsafe");
  ProbeEnv unsafe;
  unsafe.unsafe = true;
  auto points = expand("kprobe:0xffffffff81000000", unsafe);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ((*points)[0].offset, 0xffffffff81000000);
  EXPECT_EQ((*points)[0].name, "kprobe:0xffffffff81000000");
}

TEST(Kprobe, ContextsOfEntryAndReturn) {
  ProbeEnv env;
  env.pid = 7;
  auto points = expand("kprobe:vfs_read+8", env);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ((*points)[0].name, "kprobe:vfs_read+8");
  auto entry = find_provider("kprobe")->context((*points)[0], env);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->section, "kprobe");
  EXPECT_EQ(entry->reg_args, ProbeContext::RegArgs::PtRegs);
  EXPECT_EQ(entry->max_reg_args, 6);
  EXPECT_TRUE(entry->has_func);
  EXPECT_EQ(entry->pid_filter, std::optional<pid_t>(7));
  auto ret_points = expand("kretprobe:vmlinux:vfs_read", env);
  ASSERT_TRUE(ret_points.ok());
  EXPECT_EQ((*ret_points)[0].name, "kretprobe:vmlinux:vfs_read");
  auto ret = find_provider("kretprobe")->context((*ret_points)[0], env);
  ASSERT_TRUE(ret.ok());
  EXPECT_EQ(ret->section, "kretprobe");
  EXPECT_EQ(ret->reg_args, ProbeContext::RegArgs::None);
  EXPECT_EQ(ret->retval, ProbeContext::Retval::PtRegs);
}

TEST(Watchpoint, SyntaxAndErrors) {
  ProbeEnv env;
  env.pid = 42;
  auto points = expand("watchpoint:0x0000000000404008:8:rw", env);
  ASSERT_TRUE(points.ok());
  const AttachPoint& ap = (*points)[0];
  EXPECT_EQ(ap.name, "watchpoint:0x404008:8:rw");
  EXPECT_EQ(ap.offset, 0x404008u);
  EXPECT_EQ(ap.value, 8u);
  EXPECT_EQ(ap.mode, "rw");
  EXPECT_EQ(error_of("watchpoint:0x1000:3:w", env), "watchpoint length must be one of (1,2,4,8)");
  EXPECT_EQ(error_of("watchpoint:0x1000:8:rr", env), "watchpoint mode must be combination of (r,w,x)");
  EXPECT_EQ(error_of("watchpoint:0x1000:8:q", env), "watchpoint mode must be combination of (r,w,x)");
  EXPECT_EQ(error_of("watchpoint:0x1000:8:w"), "watchpoint probes require -p PID or -c CMD");
  EXPECT_EQ(error_of("w:0x1000:8", env), "watchpoint probe type requires 3 arguments, found 2");
}

TEST(Hardware, EventsAliasesAndCounts) {
  auto points = expand("h:cycles");
  ASSERT_TRUE(points.ok());
  EXPECT_EQ((*points)[0].name, "hardware:cycles");
  EXPECT_EQ((*points)[0].value, 1000000u);
  auto counted = expand("hardware:branch-misses:5000");
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ((*counted)[0].value, 5000u);
  EXPECT_EQ(error_of("hardware:nope"), "Unknown hardware event: nope");
  EXPECT_EQ(error_of("hardware:cache-*"), "Wildcards are not allowed for hardware probes");
  std::ostringstream out;
  find_provider("hardware")->list({"cpu-*", false}, {}, out);
  EXPECT_EQ(out.str(), "hardware:cpu-cycles:\n");
}

TEST(Iter, SyntaxAndPinPath) {
  auto points = expand("iter:task");
  ASSERT_TRUE(points.ok());
  EXPECT_EQ((*points)[0].name, "iter:task");
  EXPECT_EQ((*points)[0].mode, "");
  auto pinned = expand("it:task_file:my_pin");
  ASSERT_TRUE(pinned.ok());
  EXPECT_EQ((*pinned)[0].name, "iter:task_file:my_pin");
  EXPECT_EQ((*pinned)[0].mode, "/sys/fs/bpf/my_pin");
  auto absolute = expand("iter:task:/sys/fs/bpf/x/y");
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ((*absolute)[0].mode, "/sys/fs/bpf/x/y");
  EXPECT_EQ(error_of("iter:task*"), "iter probe type does not support wildcards");
  auto context = find_provider("iter")->context((*points)[0], {});
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->section, "iter/task");
  EXPECT_EQ(context->skip_if_null_at, std::optional<uint32_t>(8));
  EXPECT_EQ(context->pid_filter, std::nullopt);
  EXPECT_TRUE(find_provider("iter")->runs_to_completion());
}

TEST(Fentry, BpfTargetsAreRefused) {
  EXPECT_EQ(error_of("fentry:bpf:123:prog"),
            "fentry probes on BPF programs (fentry:bpf:...) are not supported by sonde");
  EXPECT_EQ(error_of("fexit:vfs_read+4"), "Offset not allowed");
}

TEST(Uprobe, Errors) {
  EXPECT_EQ(error_of("uprobe:/nonexistent/x:f"), "could not find file '/nonexistent/x'");
  EXPECT_EQ(error_of("uretprobe:/proc/self/exe:main+4"), "Offset not allowed");
  EXPECT_EQ(error_of("uprobe:f"), "uprobe probe type requires 2 arguments, found 1");
  EXPECT_EQ(error_of("uprobe:*:f"), "a '*' binary needs a process to search: use -p PID or -c CMD");
  EXPECT_EQ(error_of("uprobe:/bin/x@src.c:12:f"),
            "source-line probes (BIN@FILE:LINE) need DWARF line tables; this build of sonde has "
            "no DWARF support");
}

TEST(Listing, KindsListedByDefault) {
  Kernel kernel;
  ProbeEnv env;
  env.kernel = &kernel;
  ListRequest all{"*", false};
  for (const char* name : {"tracepoint", "rawtracepoint", "software", "iter"})
    EXPECT_TRUE(find_provider(name)->listed_by_default(all, env)) << name;
  for (const char* name : {"kretprobe", "fexit", "uprobe", "uretprobe", "usdt", "profile",
                           "interval", "watchpoint"})
    EXPECT_FALSE(find_provider(name)->listed_by_default(all, env)) << name;
  // The kinds this kernel may lack are listed only where they exist.
  EXPECT_EQ(find_provider("kprobe")->listed_by_default(all, env),
            kernel.features().has(Feature::Kprobe));
  EXPECT_EQ(find_provider("fentry")->listed_by_default(all, env),
            kernel.features().has(Feature::Fentry));
  EXPECT_EQ(find_provider("hardware")->listed_by_default(all, env),
            kernel.features().has(Feature::Hardware));
  // User space: with -p, or when the pattern names an existing file.
  env.pid = 1;
  EXPECT_TRUE(find_provider("uprobe")->listed_by_default(all, env));
  env.pid.reset();
  EXPECT_TRUE(find_provider("usdt")->listed_by_default({"/proc/self/exe:*", false}, env));
}

// Refusals name the kind and the reason; forced here by disabling the feature.
TEST(Support, RefusalsNameKindAndReason) {
  Kernel kernel;
  ProbeEnv env;
  env.kernel = &kernel;
  kernel.features().disable(Feature::Kprobe);
  kernel.features().disable(Feature::Fentry);
  kernel.features().disable(Feature::Hardware);
  AttachPoint kprobe{"kprobe", "", "vfs_read", "", 0, 0, false, "", "kprobe:vfs_read"};
  AttachPoint fentry{"fentry", "", "vfs_read", "vmlinux", 0, 0, false, "", "fentry:vmlinux:vfs_read"};
  AttachPoint hardware{"hardware", "cycles", "", "", 0, 1000, false, "", "hardware:cycles"};
  auto kprobe_status = check_kernel_support({&kprobe}, env, false);
  ASSERT_FALSE(kprobe_status.ok());
  EXPECT_EQ(kprobe_status.error().message,
            "kprobe probes are not supported by this kernel: the kernel has no kprobes (no kprobe "
            "PMU in /sys/bus/event_source/devices and no kprobe_events in tracefs)");
  // kprobe programs still load: --verify-only proves them.
  EXPECT_TRUE(check_kernel_support({&kprobe}, env, true).ok());
  auto fentry_status = check_kernel_support({&fentry}, env, true);
  ASSERT_FALSE(fentry_status.ok());
  EXPECT_TRUE(fentry_status.error().message.rfind(
                  "fentry probes are not supported by this kernel: the kernel refuses to load "
                  "fentry programs", 0) == 0)
      << fentry_status.error().message;
  auto hardware_status = check_kernel_support({&hardware}, env, false);
  ASSERT_FALSE(hardware_status.ok());
  EXPECT_EQ(hardware_status.error().message,
            "hardware probes are not supported by this kernel: no hardware PMU (perf_event_open "
            "of a cpu-cycles event fails)");
}

TEST(Support, IterMustBeAlone) {
  AttachPoint iter{"iter", "", "task", "", 0, 0, false, "", "iter:task"};
  AttachPoint iter2{"iter", "", "task_file", "", 0, 0, false, "", "iter:task_file"};
  AttachPoint begin{"begin", "", "", "", 0, 0, false, "", "begin"};
  AttachPoint interval{"interval", "ms", "", "", 0, 1000000, false, "", "interval:ms:1"};
  EXPECT_TRUE(check_kernel_support({&iter, &begin}, {}, false).ok());
  auto mixed = check_kernel_support({&iter, &interval}, {}, false);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().message,
            "iter probes cannot be combined with other probes (except begin and end)");
  auto two = check_kernel_support({&iter, &iter2}, {}, false);
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message, "only one iter probe is allowed");
}

}  // namespace
}  // namespace sonde
