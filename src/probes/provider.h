// The probe-provider interface. A probe kind (tracepoint, interval, uprobe ...) is one class in
// one file of this folder that implements ProbeProvider, registered in registry.cpp. Nothing
// outside src/probes/ switches on the probe kind: it asks the provider.
//
// A new provider must supply: its canonical name and aliases; expand() (validate the attach
// point's parts, expand wildcards against what the system has); context() (program section and
// how arguments are read); attach(); list(). That is all the rest of sonde needs.
#pragma once

#include <bpf/libbpf.h>
#include <sys/types.h>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/attach_point.h"
#include "support/result.h"
#include "types/type.h"

namespace sonde {

class Kernel;    // src/kernel/kernel.h: tracefs, BTF, features (lazy)
class BtfTypes;  // src/kernel/btf_types.h: kernel BTF as sonde Types (lazy)

// Owns one kernel attachment; destroying it detaches. `owned` holds what the attachment
// needs for as long as it lives and is released right after it (the raw_syscalls dispatcher's
// program array, which the kernel empties when its last file descriptor closes).
struct LinkDeleter {
  std::shared_ptr<void> owned;
  void operator()(bpf_link* link) const { bpf_link__destroy(link); }
};
using LinkPtr = std::unique_ptr<bpf_link, LinkDeleter>;

// Where a USDT argument lives, decoded from the probe's note (e.g. "-4@%eax", "8@-8(%rbp)",
// "4@$5"). Codegen reads it from the probe's struct pt_regs.
struct UsdtArgument {
  enum class Kind { Constant, Register, Memory } kind = Kind::Constant;
  int size = 8;               // bytes, 1/2/4/8
  bool is_signed = false;
  uint32_t reg_offset = 0;    // Register/Memory: offset of the register in struct pt_regs
  int64_t value = 0;          // Constant: the value; Memory: displacement from the register
};

// How the program attached at a point reads its arguments. Data only: codegen interprets it.
struct ProbeContext {
  // libbpf section name; decides the BPF program type ("tracepoint/syscalls/sys_enter_read",
  // "raw_tp", "perf_event", "uprobe", "kprobe/vfs_read", "fentry/vfs_read", "iter/task").
  std::string section;
  enum class ArgsLayout {
    None,       // no `args`
    CtxStruct,  // tracepoint: `args` fields live at ctx + field offset
    U64Array,   // raw tracepoint / fentry / fexit: ctx is an array of u64 arguments
  };
  ArgsLayout args_layout = ArgsLayout::None;
  std::optional<Type> args;  // struct type of `args` (for U64Array, field i is at offset 8*i)
  // Syscall tracepoints served by the raw_syscalls dispatcher: the program is a raw tracepoint
  // program (ctx = {struct pt_regs *regs, long id_or_ret}) and `args` (typed above, with
  // args_layout None since it is not in ctx) is the tracepoint's record rebuilt in memory from
  // the registers — Enter: __syscall_nr (int) at 8, argument i at 16 + 8*i (x86_64 syscall
  // registers di, si, dx, r10, r8, r9); Exit: __syscall_nr at 8, ret (ctx[1]) at 16.
  enum class SyscallRecord { None, Enter, Exit };
  SyscallRecord syscall_record = SyscallRecord::None;
  int syscall_nr = -1;  // the syscall's number when syscall_record is not None
  // iter: type of the `ctx` builtin (a kernel pointer to struct bpf_iter__NAME, so `ctx.task`
  // reads the field); none: ctx is the context's address as an integer.
  std::optional<Type> ctx_type;
  // iter: the program returns at once when the pointer at ctx + this offset is NULL (an
  // iterator's final call, which carries no object).
  std::optional<uint32_t> skip_if_null_at;
  enum class RegArgs {
    None,
    PtRegs,    // kprobe/uprobe: argN from struct pt_regs registers
    U64Array,  // rawtracepoint: argN = ctx[N]
  };
  RegArgs reg_args = RegArgs::None;
  int max_reg_args = 0;
  enum class Retval { None, PtRegs, U64ArraySlot };
  Retval retval = Retval::None;
  int retval_slot = 0;            // U64ArraySlot: index of the return value
  std::optional<Type> retval_type;
  AddrSpace addr_space = AddrSpace::Kernel;  // default space for reads through pointers
  bool has_func = false;          // `func` builtin is meaningful
  bool is_special = false;        // begin/end
  // Value of the `probe` builtin and listing name.
  std::string probe_name;
  // usdt: argN read from these locations instead of argument registers.
  std::vector<UsdtArgument> usdt_args;
  // -p PID for probe kinds that cannot attach to one process: programs start with an
  // implicit `pid == PID` check.
  std::optional<pid_t> pid_filter;
};

// What providers may consult while expanding and attaching.
struct ProbeEnv {
  Kernel* kernel = nullptr;
  // Kernel BTF as Types, for BTF-typed arguments (rawtracepoint, fentry/fexit, iter). Owned by
  // the pipeline and outliving every Type handed out; null when not available (listing).
  BtfTypes* btf_types = nullptr;
  std::optional<pid_t> pid;  // -p PID / -c child
  bool unsafe = false;
  bool usdt_file_activation = false;  // --usdt-file-activation
};

struct ListRequest {
  std::string pattern;  // already split: the part after "provider:"; "*" for all
  bool verbose = false;
};

// One loaded program and where it goes, for ProbeProvider::attach_many().
struct ProgramToAttach {
  const AttachPoint* point = nullptr;
  bpf_program* prog = nullptr;
};

class ProbeProvider {
 public:
  virtual ~ProbeProvider() = default;

  // Canonical name ("tracepoint") and short aliases ("t"); matched case-insensitively.
  virtual std::string_view name() const = 0;
  virtual std::vector<std::string_view> aliases() const { return {}; }

  // `parts` is the attach point split on ':' outside quotes, quotes removed, parts[0] being
  // the provider as written. Returns the matching attach points (wildcards expanded); an
  // error's message is shown to the user at the attach point's location.
  virtual Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                                  const ProbeEnv& env) const = 0;

  // Context of a program attached at `ap` (one of the points expand() returned).
  virtual Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const = 0;

  // Attaches a loaded program. Returns one link per kernel attachment (profile: one per CPU).
  virtual Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                              const ProbeEnv& env) const = 0;

  // Prints matching probes, one per line ("tracepoint:sched:sched_switch"), with argument
  // lines when verbose. Patterns are wildcards in the style of attach points.
  virtual void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const {}

  // Kernel support for this kind; an error explains what is missing ("kprobes are not
  // available: the kernel was built without CONFIG_KPROBES").
  virtual Status supported(const ProbeEnv& env) const { return Status::success(); }

  // Whether the kernel loads (verifies) programs of this kind, even if it cannot attach them
  // (kprobe programs load on a kernel without kprobes; fentry ones are refused here).
  virtual Status loadable(const ProbeEnv& env) const { return Status::success(); }

  // Whether `-l` lists this kind when the pattern does not name it (`-l`, `-l '*:x'`):
  // user-space kinds only with -p or an existing file, kretprobe/fexit only when asked.
  virtual bool listed_by_default(const ListRequest& request, const ProbeEnv& env) const {
    return true;
  }

  // Attaches every program of this kind at once, returning one result per program in order.
  // The default calls attach() for each; a provider overrides it to share kernel objects
  // between programs (tracepoint: one raw_syscalls dispatcher for every syscall event).
  virtual std::vector<Result<std::vector<LinkPtr>>> attach_many(
      const std::vector<ProgramToAttach>& programs, const ProbeEnv& env) const {
    std::vector<Result<std::vector<LinkPtr>>> results;
    for (const auto& p : programs) results.push_back(attach(*p.point, p.prog, env));
    return results;
  }

  // Programs of this kind run to completion while being attached (iter: the iterator is read
  // to its end), so a run made only of them ends once everything is attached.
  virtual bool runs_to_completion() const { return false; }
};

}  // namespace sonde
