#include "codegen/share_programs.h"

#include <llvm/Transforms/Utils/FunctionComparator.h>

namespace sonde::codegen {

namespace {
// Distinct programs compared against per point: wildcard probes with many distinct programs
// (e.g. bodies reading `args` of differently shaped tracepoints) stop comparing early.
constexpr size_t kMaxDistinctCompared = 4;
}  // namespace

std::vector<std::string> share_identical_programs(llvm::Module& module,
                                                  const std::vector<std::string>& names) {
  std::vector<std::string> runs(names);
  std::vector<llvm::Function*> distinct;
  llvm::GlobalNumberState globals;
  for (size_t i = 0; i < names.size(); ++i) {
    llvm::Function* fn = module.getFunction(names[i]);
    if (!fn) continue;
    llvm::Function* same = nullptr;
    for (llvm::Function* earlier : distinct) {
      if (llvm::FunctionComparator(fn, earlier, &globals).compare() == 0) {
        same = earlier;
        break;
      }
    }
    if (same) {
      runs[i] = same->getName().str();
      fn->eraseFromParent();
    } else if (distinct.size() < kMaxDistinctCompared) {
      distinct.push_back(fn);
    }
  }
  return runs;
}

}  // namespace sonde::codegen
