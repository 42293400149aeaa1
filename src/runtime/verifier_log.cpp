#include "runtime/verifier_log.h"

#include <sstream>
#include <vector>

namespace sonde {

namespace {

// "; <source text> @ <file>:<line>" -> line
std::optional<int> annotated_line(const std::string& text) {
  if (text.rfind("; ", 0) != 0) return std::nullopt;
  auto at = text.rfind(" @ ");
  auto colon = text.rfind(':');
  if (at == std::string::npos || colon == std::string::npos || colon < at) return std::nullopt;
  try {
    return std::stoi(text.substr(colon + 1));
  } catch (...) {
    return std::nullopt;
  }
}

// Statistics and blank lines the verifier appends after its verdict.
bool is_trailer(const std::string& line) {
  return line.empty() || line.rfind("processed ", 0) == 0 || line.rfind("verification time", 0) == 0 ||
         line.rfind("stack depth", 0) == 0 || line.rfind("-- END PROG LOAD LOG --", 0) == 0;
}

}  // namespace

VerifierRejection explain_verifier_log(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  VerifierRejection result;
  size_t error_index = lines.size();
  for (size_t i = lines.size(); i-- > 0;) {
    if (is_trailer(lines[i])) continue;
    result.reason = lines[i];
    error_index = i;
    break;
  }
  for (size_t i = error_index; i-- > 0;) {
    if (auto line = annotated_line(lines[i])) {
      result.line = line;
      break;
    }
  }
  return result;
}

}  // namespace sonde
