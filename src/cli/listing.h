// -l: list the probes that exist (by pattern), or the probes a program would attach to.
#pragma once

#include <iosfwd>

#include "cli/options.h"
#include "probes/provider.h"
#include "sema/semantic_model.h"

namespace sonde {

int list_probes(const Options& options, const ProbeEnv& env);
int list_program_probes(const SemanticModel& model, std::ostream& out);

}  // namespace sonde
