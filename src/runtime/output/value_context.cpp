#include "runtime/output/value_context.h"

namespace sonde {

const std::string& ValueContext::trunc_trailer() const {
  static const RuntimeConfig defaults;
  return (config ? config : &defaults)->str_trunc_trailer;
}

}  // namespace sonde
