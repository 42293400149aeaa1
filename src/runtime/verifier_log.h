// Reading the kernel verifier's log of a rejected program: the reason (its last message) and
// the source line of the failing instruction, from the line-info comments the kernel prints
// ("; printf(...) @ stdin:3") because sonde emits BTF line info.
#pragma once

#include <optional>
#include <string>

namespace sonde {

struct VerifierRejection {
  std::string reason;  // e.g. "R1 invalid mem access 'scalar'"
  std::optional<int> line;  // source line of the last annotated instruction before the error
};

VerifierRejection explain_verifier_log(const std::string& log);

}  // namespace sonde
