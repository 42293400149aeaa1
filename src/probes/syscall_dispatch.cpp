#include "probes/syscall_dispatch.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>

#include "kernel/bpf_elf.h"
#include "kernel/bpf_insns.h"
#include "kernel/kernel.h"
#include "support/unique_fd.h"

namespace sonde {
namespace {

// x86_64: offset of orig_ax (the syscall number at sys_exit) in struct pt_regs, and the
// thread_info status bit of a task inside a 32-bit compat syscall.
constexpr int16_t kPtRegsOrigAx = 120;
constexpr int32_t kTsCompat = 0x0002;

// Byte offset of member `member` of struct `name` in BTF, if any.
std::optional<uint32_t> member_offset(const struct btf* btf, const char* name,
                                      const char* member) {
  int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
  if (id <= 0) return std::nullopt;
  const btf_type* t = btf__type_by_id(btf, static_cast<uint32_t>(id));
  const btf_member* m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i)
    if (std::string_view(btf__name_by_offset(btf, m[i].name_off)) == member)
      return btf_member_bit_offset(t, i) / 8;
  return std::nullopt;
}

// Where current->thread_info.status lives, to skip compat syscalls; nullopt without BTF.
std::optional<int32_t> compat_status_offset(const ProbeEnv& env) {
  if (!env.kernel) return std::nullopt;
  auto btf = env.kernel->btf();
  if (!btf.ok()) return std::nullopt;
  auto info = member_offset(*btf, "task_struct", "thread_info");
  auto status = member_offset(*btf, "thread_info", "status");
  if (!info || !status) return std::nullopt;
  return static_cast<int32_t>(*info + *status);
}

bpf_insn jump_imm(uint8_t op, uint8_t reg, int32_t imm, int16_t off) {
  return bpf_insn{static_cast<uint8_t>(BPF_JMP | op | BPF_K), reg, 0, off, imm};
}
bpf_insn load32(uint8_t dst, uint8_t src, int16_t off) {
  return bpf_insn{BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0};
}
bpf_insn and64_imm(uint8_t dst, int32_t imm) {
  return bpf_insn{BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm};
}

// r1 = fp - slot; r2 = size; r3 = src_reg + offset; probe_read_kernel. Clobbers r1-r5.
void read_kernel(std::vector<bpf_insn>& code, int16_t slot, int32_t size, uint8_t src,
                 int32_t offset) {
  code.push_back(insn::mov64_reg(BPF_REG_1, BPF_REG_10));
  code.push_back(insn::add64_imm(BPF_REG_1, -slot));
  code.push_back(insn::mov64_imm(BPF_REG_2, size));
  code.push_back(insn::mov64_reg(BPF_REG_3, src));
  code.push_back(insn::add64_imm(BPF_REG_3, offset));
  code.push_back(insn::call(BPF_FUNC_probe_read_kernel));
}

// The dispatcher: ctx is {struct pt_regs *regs, long id (enter) / long ret (exit)}.
// How the dispatcher reads current->thread_info.status to skip 32-bit compat syscalls.
enum class StatusRead {
  BtfLoad,    // a direct load through bpf_get_current_task_btf() (no helper call per event)
  ProbeRead,  // bpf_probe_read_kernel, for kernels whose verifier refuses the former
};

std::vector<bpf_insn> dispatcher_code(SyscallDirection direction, int map_fd,
                                      uint32_t max_entries, std::optional<int32_t> status,
                                      StatusRead read) {
  std::vector<bpf_insn> code;
  code.push_back(insn::mov64_reg(BPF_REG_6, BPF_REG_1));
  if (direction == SyscallDirection::Enter) {
    code.push_back(insn::load64(BPF_REG_7, BPF_REG_6, 8));
  } else {
    code.push_back(insn::load64(BPF_REG_8, BPF_REG_6, 0));
    read_kernel(code, 16, 8, BPF_REG_8, kPtRegsOrigAx);
    code.push_back(insn::load64(BPF_REG_7, BPF_REG_10, -16));
  }
  std::vector<size_t> to_exit;  // jumps patched to the final `r0 = 0`
  if (status && read == StatusRead::BtfLoad) {
    code.push_back(insn::call(BPF_FUNC_get_current_task_btf));
    code.push_back(load32(BPF_REG_1, BPF_REG_0, static_cast<int16_t>(*status)));
    code.push_back(and64_imm(BPF_REG_1, kTsCompat));
    to_exit.push_back(code.size());
    code.push_back(jump_imm(BPF_JNE, BPF_REG_1, 0, 0));
  } else if (status) {
    code.push_back(insn::call(BPF_FUNC_get_current_task));
    code.push_back(insn::store64_imm(BPF_REG_10, -8, 0));
    read_kernel(code, 8, 4, BPF_REG_0, *status);
    code.push_back(load32(BPF_REG_1, BPF_REG_10, -8));
    code.push_back(and64_imm(BPF_REG_1, kTsCompat));
    to_exit.push_back(code.size());
    code.push_back(jump_imm(BPF_JNE, BPF_REG_1, 0, 0));
  }
  to_exit.push_back(code.size());
  code.push_back(jump_imm(BPF_JGE, BPF_REG_7, static_cast<int32_t>(max_entries), 0));
  code.push_back(insn::mov64_reg(BPF_REG_1, BPF_REG_6));
  code.push_back(bpf_insn{BPF_LD | BPF_DW | BPF_IMM, BPF_REG_2, BPF_PSEUDO_MAP_FD, 0, map_fd});
  code.push_back(bpf_insn{0, 0, 0, 0, 0});
  code.push_back(insn::mov64_reg(BPF_REG_3, BPF_REG_7));
  code.push_back(insn::call(BPF_FUNC_tail_call));
  size_t exit_at = code.size();
  code.push_back(insn::mov64_imm(BPF_REG_0, 0));
  code.push_back(insn::exit());
  for (size_t at : to_exit) code[at].off = static_cast<int16_t>(exit_at - at - 1);
  return code;
}

// What a dispatcher link needs while it lives, released right after the link is destroyed:
// the program array (its fd must stay open, or the kernel empties it), and the dispatcher's
// id, to wait for its release. The kernel frees a raw tracepoint link's program only after
// RCU grace periods (~100 ms for the faultable syscall tracepoints) and empties a closed
// program array from a work queue; waiting for both here means nothing sonde loaded outlives
// it.
class DispatchResources {
 public:
  explicit DispatchResources(int array_fd) : array_(array_fd) {}
  ~DispatchResources() {
    for (uint32_t key : keys_) bpf_map_delete_elem(array_.get(), &key);
    array_.reset();
    wait_for_release();
  }
  int array_fd() const { return array_.get(); }
  bool valid() const { return array_.valid(); }
  void set_dispatcher(bpf_program* prog) {
    bpf_prog_info info{};
    uint32_t size = sizeof info;
    if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &size) == 0)
      dispatcher_id_ = info.id;
  }
  Status add(uint32_t key, bpf_program* prog) {
    uint32_t value = static_cast<uint32_t>(bpf_program__fd(prog));
    if (bpf_map_update_elem(array_.get(), &key, &value, BPF_ANY) != 0)
      return errno_error("cannot add a program to the syscall program array", errno);
    keys_.push_back(key);
    return Status::success();
  }

 private:
  void wait_for_release() const {
    constexpr int kMaxWaitMs = 1000;
    for (int waited = 0; dispatcher_id_ && waited < kMaxWaitMs; ++waited) {
      int fd = bpf_prog_get_fd_by_id(dispatcher_id_);
      if (fd < 0) return;
      close(fd);
      usleep(1000);
    }
  }

  UniqueFd array_;
  std::vector<uint32_t> keys_;
  uint32_t dispatcher_id_ = 0;
};

// One layer: a program array holding at most one program per syscall, and its dispatcher.
Result<LinkPtr> attach_layer(SyscallDirection direction,
                             const std::vector<SyscallProgram>& programs,
                             std::optional<int32_t> status) {
  int max_number = 0;
  for (const auto& p : programs) max_number = std::max(max_number, p.number);
  uint32_t entries = static_cast<uint32_t>(max_number) + 1;
  auto array = std::make_shared<DispatchResources>(
      bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "sonde_syscalls", 4, 4, entries, nullptr));
  if (!array->valid()) return errno_error("cannot create the syscall program array", errno);
  for (const auto& p : programs)
    if (auto added = array->add(static_cast<uint32_t>(p.number), p.prog); !added)
      return added.error();
  auto load = [&](StatusRead read) {
    HandWrittenProgram dispatcher{
        "raw_tp", "sonde_syscall_dispatch",
        dispatcher_code(direction, array->array_fd(), entries, status, read)};
    return load_hand_written({dispatcher});
  };
  const bool direct = status && *status >= 0 && *status <= INT16_MAX;
  auto object = load(direct ? StatusRead::BtfLoad : StatusRead::ProbeRead);
  if (!object.ok() && direct) object = load(StatusRead::ProbeRead);
  if (!object.ok()) return object.error();
  bpf_program* prog = bpf_object__next_program(object->get(), nullptr);
  array->set_dispatcher(prog);
  const char* tracepoint = direction == SyscallDirection::Enter ? "sys_enter" : "sys_exit";
  bpf_link* link = bpf_program__attach_raw_tracepoint(prog, tracepoint);
  if (!link)
    return errno_error(std::string("cannot attach to raw tracepoint ") + tracepoint, errno);
  // The link keeps the dispatcher loaded once its object is closed; the array's fd must stay
  // open as long as the link lives, or the kernel empties the array.
  return LinkPtr(link, LinkDeleter{array});
}

}  // namespace

Result<std::vector<LinkPtr>> attach_syscall_dispatch(SyscallDirection direction,
                                                     const std::vector<SyscallProgram>& programs,
                                                     const ProbeEnv& env) {
  // Layer k holds the k-th program of each syscall.
  std::vector<std::vector<SyscallProgram>> layers;
  std::map<int, size_t> seen;
  for (const auto& p : programs) {
    size_t layer = seen[p.number]++;
    if (layer == layers.size()) layers.emplace_back();
    layers[layer].push_back(p);
  }
  std::optional<int32_t> status = compat_status_offset(env);
  std::vector<LinkPtr> links;
  for (const auto& layer : layers) {
    auto link = attach_layer(direction, layer, status);
    if (!link.ok()) return link.error();
    links.push_back(std::move(*link));
  }
  return links;
}

}  // namespace sonde
