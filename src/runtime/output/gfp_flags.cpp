// %gr: GFP allocation flags by name. Bits 0-23 have had the same meaning in every 6.x kernel
// (bit 9 is unused since 6.4); bits above are configuration-dependent and print as hex.
// TODO: read the ___GFP_*_BIT enum from kernel BTF to follow future renumbering.
#include <cinttypes>
#include <cstdio>

#include "runtime/output/printf_render.h"

namespace sonde {

namespace {

struct GfpName {
  uint64_t mask;
  const char* name;
};

constexpr uint64_t kDma = 0x1, kHighmem = 0x2, kDma32 = 0x4, kMovable = 0x8,
                   kReclaimable = 0x10, kHigh = 0x20, kIo = 0x40, kFs = 0x80, kZero = 0x100,
                   kDirectReclaim = 0x400, kKswapdReclaim = 0x800, kWrite = 0x1000,
                   kNowarn = 0x2000, kRetryMayfail = 0x4000, kNofail = 0x8000,
                   kNoretry = 0x10000, kMemalloc = 0x20000, kComp = 0x40000,
                   kNomemalloc = 0x80000, kHardwall = 0x100000, kThisnode = 0x200000,
                   kAccount = 0x400000, kZerotags = 0x800000;
constexpr uint64_t kReclaim = kDirectReclaim | kKswapdReclaim;
constexpr uint64_t kKernel = kReclaim | kIo | kFs;
constexpr uint64_t kUser = kKernel | kHardwall;
constexpr uint64_t kHighuserMovable = kUser | kHighmem | kMovable;
constexpr uint64_t kTranshugeLight =
    (kHighuserMovable | kComp | kNomemalloc | kNowarn) & ~kReclaim;

// Composite names first, widest first: each is taken when all its bits remain.
constexpr GfpName kNames[] = {
    {kTranshugeLight | kDirectReclaim, "GFP_TRANSHUGE"},
    {kTranshugeLight, "GFP_TRANSHUGE_LIGHT"},
    {kHighuserMovable, "GFP_HIGHUSER_MOVABLE"},
    {kUser | kHighmem, "GFP_HIGHUSER"},
    {kUser, "GFP_USER"},
    {kKernel | kAccount, "GFP_KERNEL_ACCOUNT"},
    {kKernel, "GFP_KERNEL"},
    {kReclaim | kIo, "GFP_NOFS"},
    {kHigh | kKswapdReclaim, "GFP_ATOMIC"},
    {kReclaim, "GFP_NOIO"},
    {kKswapdReclaim, "GFP_NOWAIT"},
    {kDma, "GFP_DMA"},
    {kHighmem, "__GFP_HIGHMEM"},
    {kDma32, "GFP_DMA32"},
    {kHigh, "__GFP_HIGH"},
    {kIo, "__GFP_IO"},
    {kFs, "__GFP_FS"},
    {kZero, "__GFP_ZERO"},
    {kDirectReclaim, "__GFP_DIRECT_RECLAIM"},
    {kWrite, "__GFP_WRITE"},
    {kNowarn, "__GFP_NOWARN"},
    {kRetryMayfail, "__GFP_RETRY_MAYFAIL"},
    {kNofail, "__GFP_NOFAIL"},
    {kNoretry, "__GFP_NORETRY"},
    {kMemalloc, "__GFP_MEMALLOC"},
    {kComp, "__GFP_COMP"},
    {kNomemalloc, "__GFP_NOMEMALLOC"},
    {kHardwall, "__GFP_HARDWALL"},
    {kThisnode, "__GFP_THISNODE"},
    {kAccount, "__GFP_ACCOUNT"},
    {kZerotags, "__GFP_ZEROTAGS"},
    {kMovable, "__GFP_MOVABLE"},
    {kReclaimable, "__GFP_RECLAIMABLE"},
};

}  // namespace

std::string format_gfp_flags(uint64_t flags) {
  if (flags == 0) return "0";
  std::string out;
  for (const GfpName& n : kNames) {
    if ((flags & n.mask) != n.mask) continue;
    if (!out.empty()) out += '|';
    out += n.name;
    flags &= ~n.mask;
  }
  if (flags != 0) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "0x%" PRIx64, flags);
    if (!out.empty()) out += '|';
    out += hex;
  }
  return out;
}

}  // namespace sonde
