#include "codegen/helpers.h"

#include <vector>

namespace sonde::codegen {

llvm::Value* call_helper(llvm::IRBuilder<>& b, Helper helper, llvm::Type* result,
                         std::initializer_list<llvm::Value*> args) {
  std::vector<llvm::Type*> types;
  for (auto* a : args) types.push_back(a->getType());
  auto* fn_type = llvm::FunctionType::get(result, types, false);
  // The BPF backend turns a call through a constant address into `call <helper id>`.
  auto* callee = b.CreateIntToPtr(b.getInt64(static_cast<int64_t>(helper)), b.getPtrTy());
  return b.CreateCall(fn_type, callee, std::vector<llvm::Value*>(args));
}

llvm::Value* signed_divide(llvm::IRBuilder<>& b, llvm::Value* l, llvm::Value* r, bool remainder) {
  auto* zero = b.getInt64(0);
  auto* l_neg = b.CreateICmpSLT(l, zero);
  auto* r_neg = b.CreateICmpSLT(r, zero);
  auto* l_abs = b.CreateSelect(l_neg, b.CreateNeg(l), l);
  auto* r_abs = b.CreateSelect(r_neg, b.CreateNeg(r), r);
  llvm::Value* magnitude = remainder ? b.CreateURem(l_abs, r_abs) : b.CreateUDiv(l_abs, r_abs);
  // The quotient is negative when the signs differ; the remainder takes the dividend's sign.
  auto* negate = remainder ? l_neg : b.CreateXor(l_neg, r_neg);
  return b.CreateSelect(negate, b.CreateNeg(magnitude), magnitude);
}

}  // namespace sonde::codegen
