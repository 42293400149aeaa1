#include "support/result.h"

#include <cstring>

namespace sonde {

Error errno_error(const std::string& what, int errnum) {
  return Error{what + ": " + std::strerror(errnum)};
}

}  // namespace sonde
