#include "kernel/syscalls.h"


namespace sonde {
namespace {

struct SyscallNumber {
  std::string_view name;
  int number;
};

// From the build machine's <asm/unistd_64.h>; the last entry keeps the array non-empty.
constexpr SyscallNumber kFromHeader[] = {
#include "syscall_numbers.inc"
    {"", -1},
};

// Entry points named differently from their __NR_ constant (arch/x86/entry/syscalls/
// syscall_64.tbl), and syscalls newer than the system header. Numbers are kernel ABI.
constexpr SyscallNumber kExtra[] = {
    {"newstat", 4},           {"newfstat", 5},          {"newlstat", 6},
    {"sendfile64", 40},       {"newuname", 63},         {"umount", 166},
    {"uretprobe", 335},       {"uprobe", 336},          {"cachestat", 451},
    {"fchmodat2", 452},       {"map_shadow_stack", 453}, {"futex_wake", 454},
    {"futex_wait", 455},      {"futex_requeue", 456},   {"statmount", 457},
    {"listmount", 458},       {"lsm_get_self_attr", 459}, {"lsm_set_self_attr", 460},
    {"lsm_list_modules", 461}, {"mseal", 462},          {"setxattrat", 463},
    {"getxattrat", 464},      {"listxattrat", 465},     {"removexattrat", 466},
    {"open_tree_attr", 467},  {"file_getattr", 468},    {"file_setattr", 469},
};

}  // namespace

std::optional<int> syscall_number(std::string_view name) {
  for (const auto& entry : kExtra)
    if (entry.name == name) return entry.number;
  for (const auto& entry : kFromHeader)
    if (entry.number >= 0 && entry.name == name) return entry.number;
  return std::nullopt;
}

}  // namespace sonde
