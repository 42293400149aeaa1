#include "probes/usdt_arguments.h"

#include <string>

#include "support/strings.h"

namespace sonde {
namespace {

struct Register {
  std::string_view names[4];  // 64, 32, 16, 8-bit spellings
  uint32_t offset;            // in struct pt_regs
};

// x86_64 struct pt_regs: r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx dx si di orig_ax ip cs
// flags sp ss, 8 bytes each.
constexpr Register kRegisters[] = {
    {{"rax", "eax", "ax", "al"}, 80},    {{"rbx", "ebx", "bx", "bl"}, 40},
    {{"rcx", "ecx", "cx", "cl"}, 88},    {{"rdx", "edx", "dx", "dl"}, 96},
    {{"rsi", "esi", "si", "sil"}, 104},  {{"rdi", "edi", "di", "dil"}, 112},
    {{"rbp", "ebp", "bp", "bpl"}, 32},   {{"rsp", "esp", "sp", "spl"}, 152},
    {{"r8", "r8d", "r8w", "r8b"}, 72},   {{"r9", "r9d", "r9w", "r9b"}, 64},
    {{"r10", "r10d", "r10w", "r10b"}, 56}, {{"r11", "r11d", "r11w", "r11b"}, 48},
    {{"r12", "r12d", "r12w", "r12b"}, 24}, {{"r13", "r13d", "r13w", "r13b"}, 16},
    {{"r14", "r14d", "r14w", "r14b"}, 8},  {{"r15", "r15d", "r15w", "r15b"}, 0},
};

Error bad_spec(std::string_view spec, const std::string& why) {
  return Error{"unsupported USDT argument '" + std::string(spec) + "': " + why};
}

Result<UsdtArgument> parse_one(std::string_view spec) {
  UsdtArgument arg;
  size_t at = spec.find('@');
  if (at == std::string_view::npos) return bad_spec(spec, "no size");
  auto size = parse_integer(spec.substr(0, at));
  if (!size || (*size != 1 && *size != 2 && *size != 4 && *size != 8 && *size != -1 &&
                *size != -2 && *size != -4 && *size != -8))
    return bad_spec(spec, "size must be one of 1, 2, 4, 8 (negative when signed)");
  arg.is_signed = *size < 0;
  arg.size = static_cast<int>(*size < 0 ? -*size : *size);
  std::string_view operand = spec.substr(at + 1);
  if (starts_with(operand, "$")) {
    auto value = parse_integer(operand.substr(1));
    if (!value) return bad_spec(spec, "constant is not a number");
    arg.kind = UsdtArgument::Kind::Constant;
    arg.value = *value;
    return arg;
  }
  if (starts_with(operand, "%")) {
    auto offset = usdt_register_offset(operand.substr(1));
    if (!offset) return bad_spec(spec, "unknown register");
    arg.kind = UsdtArgument::Kind::Register;
    arg.reg_offset = *offset;
    return arg;
  }
  size_t open = operand.find('(');
  if (open == std::string_view::npos || !ends_with(operand, ")"))
    return bad_spec(spec, "unknown operand form");
  std::string_view reg = operand.substr(open + 1, operand.size() - open - 2);
  if (reg.find(',') != std::string_view::npos) return bad_spec(spec, "indexed operand");
  if (!starts_with(reg, "%")) return bad_spec(spec, "unknown operand form");
  auto offset = usdt_register_offset(reg.substr(1));
  if (!offset || reg == "%rip") return bad_spec(spec, "base register not supported");
  std::string_view disp = operand.substr(0, open);
  auto displacement = disp.empty() ? std::optional<int64_t>(0) : parse_integer(disp);
  if (!displacement) return bad_spec(spec, "displacement is not a number");
  arg.kind = UsdtArgument::Kind::Memory;
  arg.reg_offset = *offset;
  arg.value = *displacement;
  return arg;
}

}  // namespace

std::optional<uint32_t> usdt_register_offset(std::string_view reg) {
  for (const auto& r : kRegisters)
    for (auto name : r.names)
      if (name == reg) return r.offset;
  return std::nullopt;
}

Result<std::vector<UsdtArgument>> parse_usdt_arguments(std::string_view specs) {
  std::vector<UsdtArgument> args;
  for (const auto& spec : split(specs, ' ')) {
    if (spec.empty()) continue;
    auto arg = parse_one(spec);
    if (!arg.ok()) return arg.error();
    args.push_back(*arg);
  }
  return args;
}

}  // namespace sonde
