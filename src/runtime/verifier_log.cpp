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

// Statistics, state dumps and blank lines the verifier appends after its verdict (an
// "infinite loop detected" verdict is followed by the two states it compared).
bool is_trailer(const std::string& line) {
  for (const char* prefix : {"processed ", "verification time", "stack depth",
                             "-- END PROG LOAD LOG --", "cur state:", "old state:"})
    if (line.rfind(prefix, 0) == 0) return true;
  return line.empty();
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
