// Functions about addresses and the machine: kaddr, uaddr, cgroupid (resolved at compile
// time), pton (a constant), reg, kptr/uptr (address-space tags), path (bpf_d_path).
#include <arpa/inet.h>

#include "codegen/function_emitters.h"
#include "kernel/cgroups.h"
#include "kernel/elf_symbols.h"
#include "kernel/kallsyms.h"
#include "sema/x86_64_abi.h"

namespace sonde::codegen {

namespace {

std::string literal(ast::Call& call, size_t i) {
  auto* lit = dynamic_cast<ast::StringLiteral*>(call.args[i].get());
  return lit ? lit->value : "";
}

Value emit_kaddr(ProbeEmitter& e, ast::Call& call) {
  auto address = kernel_symbol_address(literal(call, 0));
  if (!address.ok()) {
    e.state().diags.error(call.loc, address.error().message);
    return {e.const_i64(0), call.type};
  }
  return {e.const_i64(*address), call.type};
}

Value emit_uaddr(ProbeEmitter& e, ast::Call& call) {
  const std::string& binary = e.point().target;
  auto symbol = find_elf_symbol(binary, literal(call, 0));
  if (!symbol.ok()) {
    e.state().diags.error(call.loc, symbol.error().message);
    return {e.const_i64(0), call.type};
  }
  if (!symbol->position_independent) return {e.const_i64(symbol->address), call.type};
  // Position-independent: at a uprobe on a function's entry the instruction pointer is the
  // load base plus that function's ELF address, which gives the base at run time.
  auto probed = find_elf_symbol(binary, e.point().func);
  if (e.point().provider != "uprobe" || !probed.ok()) {
    e.state().diags.error(call.loc, "uaddr() in a position-independent binary (" + binary +
                                        ") needs a uprobe on a function entry");
    return {e.const_i64(0), call.type};
  }
  auto& b = e.builder();
  constexpr uint64_t kPtRegsIp = 128;
  llvm::Value* ip = b.CreateLoad(e.i64(), e.offset_ptr(e.ctx(), kPtRegsIp));
  llvm::Value* base = b.CreateSub(ip, e.const_i64(probed->address + e.point().offset));
  return {b.CreateAdd(base, e.const_i64(symbol->address)), call.type};
}

Value emit_cgroupid(ProbeEmitter& e, ast::Call& call) {
  auto id = cgroup_id_of(literal(call, 0));
  if (!id.ok()) {
    e.state().diags.error(call.loc, id.error().message);
    return {e.const_i64(0), call.type};
  }
  return {e.const_i64(*id), call.type};
}

// The address bytes in network order, as a constant array.
Value emit_pton(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  std::string text = literal(call, 0);
  uint8_t bytes[16] = {};
  inet_pton(call.type.size() == 16 ? AF_INET6 : AF_INET, text.c_str(), bytes);
  auto* mem = e.alloc(call.type.size(), false);
  for (uint32_t i = 0; i < call.type.size(); ++i)
    b.CreateStore(b.getInt8(bytes[i]), e.offset_ptr(mem, i));
  return {mem, call.type};
}

Value emit_reg(ProbeEmitter& e, ast::Call& call) {
  int offset = x86_register_offset(literal(call, 0));
  auto* slot = e.offset_ptr(e.ctx(), static_cast<uint64_t>(std::max(offset, 0)));
  return {e.builder().CreateLoad(e.i64(), slot), call.type};
}

// kptr()/uptr(): the value is unchanged; its type now names the address space.
Value emit_address_space(ProbeEmitter& e, ast::Call& call) {
  return {e.eval_i64(*call.args[0]), call.type};
}

Value emit_path(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  llvm::Value* path = e.eval_i64(*call.args[0]);
  auto* mem = e.alloc(call.type.size(), true);
  call_helper(b, Helper::DPath, e.i64(),
              {b.CreateIntToPtr(path, b.getPtrTy()), mem, e.const_i64(call.type.size())});
  return {mem, call.type};
}

}  // namespace

std::vector<CallEmitterEntry> address_call_emitters() {
  return {
      {"kaddr", emit_kaddr}, {"uaddr", emit_uaddr}, {"cgroupid", emit_cgroupid},
      {"pton", emit_pton},   {"reg", emit_reg},     {"kptr", emit_address_space},
      {"uptr", emit_address_space}, {"path", emit_path},
  };
}

}  // namespace sonde::codegen
