// Reading kernel and user memory for `p->f`, `s.f`, `a[i]` and `*p`. Chains of such accesses
// are folded into one address before anything is read, so `$sk->__sk_common.skc_family`
// reads two bytes, not the whole struct sock_common.
//
// The helper follows the address space of the pointer the chain starts from (AddrSpace in
// its type: curtask and kptr() are kernel, uptr() and syscall arguments user); a pointer
// without one uses the probe's default (ProbeContext::addr_space: user for uprobes, kernel
// otherwise). sonde emits plain bpf_probe_read_kernel/_user calls with offsets taken from the
// running kernel's BTF, not CO-RE relocations: a program is compiled on the machine that runs
// it, so relocations would buy nothing and cost a BTF section per access.
#pragma once

#include <optional>

#include "codegen/helpers.h"
#include "codegen/probe_emitter.h"

namespace sonde::codegen {

// An address in kernel or user memory (i64) and its address space (None: probe default).
struct MemoryRef {
  llvm::Value* addr = nullptr;
  AddrSpace space = AddrSpace::None;
};

// Whether `expr` denotes memory outside the BPF program that address_of() can locate
// without evaluating anything twice: `*p`, `p->f`, `a[i]` on pointers, and fields / elements
// of those. The tracepoint `args` struct counts (its record is the program's context).
bool is_addressable(const ProbeEmitter& e, const ast::Expr& expr);
// The address of an addressable expression (evaluates pointers and indices once).
MemoryRef address_of(ProbeEmitter& e, ast::Expr& expr);

// Whether `expr` is the `args` builtin whose struct is the program's context.
bool is_context_args(const ProbeEmitter& e, const ast::Expr& expr);

// The field `n` reads. A probe's body is type-checked once, against its first attach point,
// but the `args` record of its other points may lay the same field out elsewhere
// (sys_enter_open has `filename` at offset 16, sys_enter_openat at 24): a field of `args` is
// looked up again by name in the record of the point being compiled. A point whose record
// lacks the field, or holds it with another size, is reported at the access.
const Field& accessed_field(ProbeEmitter& e, const ast::FieldAccess& n);

// bpf_probe_read_{kernel,user}[_str] for an address space (None: the probe's default).
Helper read_helper(const ProbeEmitter& e, AddrSpace space, bool string);

// Reads a value of `type` at `ref` into BPF memory (scalars come back in a register).
Value read_memory(ProbeEmitter& e, const MemoryRef& ref, const Type& type);
// Reads bitfield `field` whose storage starts at `ref` (its byte offset already added).
Value read_bitfield(ProbeEmitter& e, const MemoryRef& ref, const Field& field, const Type& type);
// Extracts bitfield `field` from BPF memory at `storage` (its byte offset already added).
Value extract_bitfield(ProbeEmitter& e, llvm::Value* storage, const Field& field,
                       const Type& type);

}  // namespace sonde::codegen
