// Stacks and symbols (spec/output.md §5): frames come from ValueContext::stack_frames, names
// from ValueContext::ksym/usym; without them addresses print as hex.
#include <cinttypes>
#include <cstdio>

#include "runtime/output/value_bytes.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

constexpr uint64_t kUnwindFailure = ~uint64_t{0};
constexpr const char* kFrameIndent = "        ";

std::string plain_hex(uint64_t addr) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%" PRIx64, addr);
  return buf;
}

struct FrameSymbol {
  std::string name;    // "name+off", or "" if unresolved
  std::string module;  // user frames: object path, or "" if unknown
};

FrameSymbol resolve_frame(bool user, uint32_t pid, uint64_t addr, const ValueContext& ctx) {
  FrameSymbol sym;
  if (user) {
    if (ctx.usym) sym.name = ctx.usym(pid, addr, true, &sym.module);
  } else if (ctx.ksym) {
    sym.name = ctx.ksym(addr, true);
  }
  return sym;
}

// One frame line, newline included.
std::string frame_line(StackMode mode, bool user, uint32_t pid, uint64_t addr,
                       const ValueContext& ctx) {
  switch (mode) {
    case StackMode::Raw:
    case StackMode::BuildId:  // TODO: build ids need the ELF notes of the module
      return plain_hex(addr) + "\n";
    case StackMode::Perf: {
      FrameSymbol sym = resolve_frame(user, pid, addr, ctx);
      std::string line = "\t" + plain_hex(addr) + " " +
                         (sym.name.empty() ? hex_address(addr) : sym.name);
      if (user) line += " (" + (sym.module.empty() ? std::string("[unknown]") : sym.module) + ")";
      return line + "\n";
    }
    case StackMode::Bpftrace:
      break;
  }
  FrameSymbol sym = resolve_frame(user, pid, addr, ctx);
  return kFrameIndent + (sym.name.empty() ? hex_address(addr) : sym.name) + "\n";
}

std::string failure_line(StackMode mode) {
  switch (mode) {
    case StackMode::Perf: return "\t<unwind failure>\n";
    case StackMode::Raw:
    case StackMode::BuildId: return "<unwind failure>\n";
    case StackMode::Bpftrace: break;
  }
  return std::string(kFrameIndent) + "<unwind failure>\n";
}

}  // namespace

std::string format_stack(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  const bool user = type.is(TypeKind::UStack);
  const int64_t id = read_signed(data, 8);
  const uint32_t pid = user ? static_cast<uint32_t>(read_unsigned(data + 8, 4)) : 0;
  std::string out = "\n";
  if (id < 0 || !ctx.stack_frames) return out;
  std::vector<uint64_t> frames = ctx.stack_frames(user, id);
  const uint32_t limit = type.stack_depth();
  for (size_t i = 0; i < frames.size() && (limit == 0 || i < limit); ++i) {
    if (frames[i] == 0) break;
    if (frames[i] == kUnwindFailure) {
      out += failure_line(type.stack_mode());
      break;
    }
    out += frame_line(type.stack_mode(), user, pid, frames[i], ctx);
  }
  return out;
}

std::string format_symbol(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  const uint64_t addr = read_unsigned(data, 8);
  std::string name;
  if (type.is(TypeKind::Usym)) {
    const uint32_t pid = static_cast<uint32_t>(read_unsigned(data + 8, 4));
    if (ctx.usym) name = ctx.usym(pid, addr, false, nullptr);
  } else if (ctx.ksym) {
    name = ctx.ksym(addr, false);
  }
  return name.empty() ? hex_address(addr) : name;
}

}  // namespace sonde
