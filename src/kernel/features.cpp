#include "kernel/features.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/hw_breakpoint.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <ostream>
#include <vector>

#include "kernel/bpf_insns.h"
#include "kernel/kernel.h"
#include "kernel/perf_event.h"
#include "support/unique_fd.h"

namespace sonde {
namespace {

// Attach types newer than the system's linux/bpf.h (6.1); values are kernel ABI.
constexpr int kAttachTraceUprobeMulti = 48;
constexpr int kAttachTraceKprobeSession = 56;

// A kernel function every vmlinux has, used as the target of hook probes.
constexpr const char* kProbeFunction = "vfs_read";

enum class Section { Build, Helpers, Kernel, Maps, Probes };

const char* section_title(Section section) {
  switch (section) {
    case Section::Build: return "Build";
    case Section::Helpers: return "Kernel helpers";
    case Section::Kernel: return "Kernel features";
    case Section::Maps: return "Map types";
    case Section::Probes: return "Probe types";
  }
  return "";
}

// --- detection primitives -------------------------------------------------------------------

bool helper_available(bpf_func_id helper) {
  return libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, helper, nullptr) == 1;
}

bool map_available(bpf_map_type type) { return libbpf_probe_bpf_map_type(type, nullptr) == 1; }

bool prog_type_available(bpf_prog_type type) {
  return libbpf_probe_bpf_prog_type(type, nullptr) == 1;
}

bool path_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

// BTF id of a kernel function, or 0.
uint32_t btf_function_id(Kernel& kernel, const char* name) {
  auto btf = kernel.btf();
  if (!btf.ok()) return 0;
  int id = btf__find_by_name_kind(*btf, name, BTF_KIND_FUNC);
  return id > 0 ? static_cast<uint32_t>(id) : 0;
}

// Loads a tiny program; an invalid fd means the kernel refused it.
UniqueFd load_program(bpf_prog_type type, int attach_type, uint32_t attach_btf_id,
                      const std::vector<bpf_insn>& insns) {
  LIBBPF_OPTS(bpf_prog_load_opts, opts);
  opts.expected_attach_type = static_cast<bpf_attach_type>(attach_type);
  opts.attach_btf_id = attach_btf_id;
  int fd = bpf_prog_load(type, "sonde_probe", "GPL", insns.data(), insns.size(), &opts);
  return UniqueFd(fd >= 0 ? fd : -1);
}

const std::vector<bpf_insn> kReturnZero = {insn::mov64_imm(BPF_REG_0, 0), insn::exit()};

// fentry/fexit need ftrace function hooks; some kernels refuse them at load time (EPERM).
bool detect_fentry(Kernel& kernel) {
  uint32_t id = btf_function_id(kernel, kProbeFunction);
  return id && load_program(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id, kReturnZero).valid();
}

// bpf_d_path is only allowed in fentry programs on a few functions; dentry_open is one.
bool detect_dpath(Kernel& kernel) {
  if (!kernel.features().has(Feature::Fentry)) return false;
  uint32_t id = btf_function_id(kernel, "dentry_open");
  if (!id) return false;
  const std::vector<bpf_insn> program = {
      insn::load64(BPF_REG_1, BPF_REG_1, 0),  // arg0: const struct path *
      insn::store64_imm(BPF_REG_10, -16, 0),
      insn::store64_imm(BPF_REG_10, -8, 0),
      insn::mov64_reg(BPF_REG_2, BPF_REG_10),
      insn::add64_imm(BPF_REG_2, -16),
      insn::mov64_imm(BPF_REG_3, 16),
      insn::call(BPF_FUNC_d_path),
      insn::mov64_imm(BPF_REG_0, 0),
      insn::exit(),
  };
  return load_program(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id, program).valid();
}

bool detect_iter(Kernel& kernel) {
  uint32_t id = btf_function_id(kernel, "bpf_iter_task");
  return id && load_program(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, id, kReturnZero).valid();
}

// kprobe_multi and kprobe_session: a real (immediately closed) multi-link on one function.
bool kprobe_multi_link_works(int attach_type) {
  UniqueFd prog = load_program(BPF_PROG_TYPE_KPROBE, attach_type, 0, kReturnZero);
  if (!prog.valid()) return false;
  const char* symbols[] = {kProbeFunction};
  LIBBPF_OPTS(bpf_link_create_opts, opts);
  opts.kprobe_multi.syms = symbols;
  opts.kprobe_multi.cnt = 1;
  int link = bpf_link_create(prog.get(), 0, static_cast<bpf_attach_type>(attach_type), &opts);
  UniqueFd owned(link >= 0 ? link : -1);
  return owned.valid();
}

bool detect_kprobe_multi(Kernel&) { return kprobe_multi_link_works(BPF_TRACE_KPROBE_MULTI); }

bool detect_kprobe_session(Kernel& kernel) {
  return kernel.features().has(Feature::KprobeMulti) &&
         kprobe_multi_link_works(kAttachTraceKprobeSession);
}

// link_create's uprobe_multi arguments (kernel 6.6), absent from the system headers.
struct UprobeMultiLinkAttr {
  uint32_t prog_fd;
  uint32_t target_fd;
  uint32_t attach_type;
  uint32_t flags;
  uint64_t path;
  uint64_t offsets;
  uint64_t ref_ctr_offsets;
  uint64_t cookies;
  uint32_t cnt;
  uint32_t uprobe_flags;
  uint32_t pid;
};

// A kernel that knows uprobe_multi links validates the path and rejects a directory with
// EBADF; one that does not fails earlier with EINVAL or EOPNOTSUPP. Nothing gets attached.
bool detect_uprobe_multi(Kernel&) {
  UniqueFd prog = load_program(BPF_PROG_TYPE_KPROBE, kAttachTraceUprobeMulti, 0, kReturnZero);
  if (!prog.valid()) return false;
  uint64_t offset = 0;
  UprobeMultiLinkAttr args{};
  args.prog_fd = static_cast<uint32_t>(prog.get());
  args.attach_type = kAttachTraceUprobeMulti;
  args.path = reinterpret_cast<uintptr_t>("/");
  args.offsets = reinterpret_cast<uintptr_t>(&offset);
  args.cnt = 1;
  bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  static_assert(sizeof(args) <= sizeof(attr));
  std::memcpy(&attr, &args, sizeof(args));
  long fd = syscall(__NR_bpf, BPF_LINK_CREATE, &attr, sizeof(attr));
  if (fd >= 0) {
    close(static_cast<int>(fd));
    return true;
  }
  return errno == EBADF;
}

// kprobe/uprobe: the PMU, or the legacy tracefs interface.
bool probe_pmu_or_tracefs(Kernel& kernel, const char* pmu, const char* events_file) {
  if (path_exists(std::string("/sys/bus/event_source/devices/") + pmu + "/type")) return true;
  const auto& tracefs = kernel.tracefs();
  return tracefs.ok() && tracefs->has_file(events_file);
}

bool detect_kprobe(Kernel& kernel) {
  return probe_pmu_or_tracefs(kernel, "kprobe", "kprobe_events");
}

bool detect_uprobe(Kernel& kernel) {
  return probe_pmu_or_tracefs(kernel, "uprobe", "uprobe_events");
}

bool detect_tracepoint(Kernel& kernel) {
  const auto& tracefs = kernel.tracefs();
  return tracefs.ok() && !tracefs->categories().empty() &&
         prog_type_available(BPF_PROG_TYPE_TRACEPOINT);
}

// Opens (for this process, disabled) and closes a perf event.
bool perf_event_opens(perf_event_attr attr) {
  attr.disabled = 1;
  return open_perf_event(attr, 0, -1).ok();
}

bool detect_hardware(Kernel&) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_CPU_CYCLES;
  return perf_event_opens(attr);
}

bool detect_software(Kernel&) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  return perf_event_opens(attr);
}

bool detect_watchpoint(Kernel&) {
  static uint64_t watched;
  perf_event_attr attr{};
  attr.type = PERF_TYPE_BREAKPOINT;
  attr.bp_type = HW_BREAKPOINT_W;
  attr.bp_addr = reinterpret_cast<uintptr_t>(&watched);
  attr.bp_len = HW_BREAKPOINT_LEN_8;
  attr.sample_period = 1;
  return perf_event_opens(attr);
}

// --- the table -------------------------------------------------------------------------------

struct FeatureRow {
  Feature feature;
  std::string_view name;
  Section section;
  bool (*detect)(Kernel&);
};

bool absent(Kernel&) { return false; }

#define SONDE_HELPER(id) [](Kernel&) { return helper_available(id); }
#define SONDE_MAP(type) [](Kernel&) { return map_available(type); }

constexpr FeatureRow kRows[] = {
    {Feature::Libdw, "libdw (DWARF support)", Section::Build, absent},
    {Feature::Dwunwind, "dwunwind (DWARF stack unwinding)", Section::Build, absent},
    {Feature::Blazesym, "blazesym (advanced symbolization)", Section::Build, absent},
    {Feature::ProbeReadKernel, "probe_read_kernel", Section::Helpers,
     SONDE_HELPER(BPF_FUNC_probe_read_kernel)},
    {Feature::ProbeReadUserStr, "probe_read_user_str", Section::Helpers,
     SONDE_HELPER(BPF_FUNC_probe_read_user_str)},
    {Feature::SendSignal, "send_signal", Section::Helpers, SONDE_HELPER(BPF_FUNC_send_signal)},
    {Feature::GetCurrentCgroupId, "get_current_cgroup_id", Section::Helpers,
     SONDE_HELPER(BPF_FUNC_get_current_cgroup_id)},
    {Feature::GetFuncIp, "get_func_ip", Section::Helpers, SONDE_HELPER(BPF_FUNC_get_func_ip)},
    {Feature::LookupPercpuElem, "lookup_percpu_elem", Section::Helpers,
     SONDE_HELPER(BPF_FUNC_map_lookup_percpu_elem)},
    {Feature::Jiffies64, "jiffies64", Section::Helpers, SONDE_HELPER(BPF_FUNC_jiffies64)},
    {Feature::GetTaiNs, "get_tai_ns", Section::Helpers, SONDE_HELPER(BPF_FUNC_ktime_get_tai_ns)},
    {Feature::ForEachMapElem, "for_each_map_elem", Section::Helpers,
     SONDE_HELPER(BPF_FUNC_for_each_map_elem)},
    {Feature::Loop, "loop", Section::Helpers, SONDE_HELPER(BPF_FUNC_loop)},
    {Feature::Dpath, "dpath", Section::Helpers, detect_dpath},
    {Feature::Btf, "btf", Section::Kernel, [](Kernel& k) { return k.btf().ok(); }},
    {Feature::HashMap, "hash", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_HASH)},
    {Feature::PercpuHashMap, "percpu hash", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_PERCPU_HASH)},
    {Feature::ArrayMap, "array", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_ARRAY)},
    {Feature::PercpuArrayMap, "percpu array", Section::Maps,
     SONDE_MAP(BPF_MAP_TYPE_PERCPU_ARRAY)},
    {Feature::LruHashMap, "lru hash", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_LRU_HASH)},
    {Feature::StackTraceMap, "stack_trace", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_STACK_TRACE)},
    {Feature::PerfEventArrayMap, "perf_event_array", Section::Maps,
     SONDE_MAP(BPF_MAP_TYPE_PERF_EVENT_ARRAY)},
    {Feature::RingbufMap, "ringbuf", Section::Maps, SONDE_MAP(BPF_MAP_TYPE_RINGBUF)},
    {Feature::Kprobe, "kprobe", Section::Probes, detect_kprobe},
    {Feature::KprobeMulti, "kprobe_multi", Section::Probes, detect_kprobe_multi},
    {Feature::KprobeSession, "kprobe_session", Section::Probes, detect_kprobe_session},
    {Feature::Uprobe, "uprobe", Section::Probes, detect_uprobe},
    {Feature::UprobeMulti, "uprobe_multi", Section::Probes, detect_uprobe_multi},
    {Feature::Tracepoint, "tracepoint", Section::Probes, detect_tracepoint},
    {Feature::RawTracepoint, "raw_tracepoint", Section::Probes,
     [](Kernel&) { return prog_type_available(BPF_PROG_TYPE_RAW_TRACEPOINT); }},
    {Feature::Fentry, "fentry", Section::Probes, detect_fentry},
    {Feature::Iter, "iter", Section::Probes, detect_iter},
    {Feature::Hardware, "hardware", Section::Probes, detect_hardware},
    {Feature::Software, "software", Section::Probes, detect_software},
    {Feature::Watchpoint, "watchpoint", Section::Probes, detect_watchpoint},
};

#undef SONDE_HELPER
#undef SONDE_MAP

// row() indexes the table by enumerator.
constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < std::size(kRows); ++i)
    if (static_cast<size_t>(kRows[i].feature) != i) return false;
  return std::size(kRows) == static_cast<size_t>(Feature::Count_);
}
static_assert(rows_in_enum_order(), "one row per Feature, in enum order");

const FeatureRow& row(Feature feature) { return kRows[static_cast<size_t>(feature)]; }

void print_system(std::ostream& out) {
  utsname uts{};
  if (uname(&uts) != 0) return;
  out << "System\n"
      << "  OS: " << uts.sysname << " " << uts.release << " " << uts.version << "\n"
      << "  Arch: " << uts.machine << "\n\n";
}

}  // namespace

std::string_view feature_name(Feature feature) { return row(feature).name; }

std::optional<Feature> feature_by_name(std::string_view name) {
  for (const auto& r : kRows)
    if (r.name == name) return r.feature;
  return std::nullopt;
}

bool Features::has(Feature feature) {
  auto& cached = cache_[static_cast<size_t>(feature)];
  if (!cached) cached = row(feature).detect(kernel_);
  return *cached;
}

void Features::disable(Feature feature) { cache_[static_cast<size_t>(feature)] = false; }

void Features::print_report(std::ostream& out) {
  print_system(out);
  std::optional<Section> section;
  for (const auto& r : kRows) {
    if (section != r.section) {
      if (section) out << "\n";
      section = r.section;
      out << section_title(r.section) << "\n";
    }
    out << "  " << r.name << ": " << (has(r.feature) ? "yes" : "no") << "\n";
  }
}

}  // namespace sonde
