// The points of one wildcard probe often compile to the same program: a body that does not
// depend on the attach point (`@ = count()`), or one whose point-dependent values are read at
// run time (`probe` of dispatched syscalls, emit_builtins.cpp). Compiling and loading such a
// program once instead of once per point is most of the start-up time of wide wildcards
// (`tracepoint:syscalls:sys_enter_*` has ~360 points).
#pragma once

#include <llvm/IR/Module.h>

#include <string>
#include <vector>

namespace sonde::codegen {

// Given the program functions emitted for the points of one probe, removes each function that
// is identical to an earlier one (same section, same instructions and operands) and returns,
// for every point, the name of the function it runs.
std::vector<std::string> share_identical_programs(llvm::Module& module,
                                                  const std::vector<std::string>& names);

}  // namespace sonde::codegen
