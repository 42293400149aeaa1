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

}  // namespace sonde::codegen
