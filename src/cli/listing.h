// -l: list the probes that exist (by pattern), or the probes a program would attach to.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cli/options.h"
#include "probes/provider.h"
#include "sema/semantic_model.h"

namespace sonde {

int list_probes(const Options& options, const ProbeEnv& env);
// The script `-l FILE` names (an existing file that is not an ELF binary): its probes are
// listed as with `-l -e PROGRAM`. nullopt when the argument is a pattern or a binary.
std::optional<std::string> listed_script(const Options& options);
int list_program_probes(const SemanticModel& model, std::ostream& out);

}  // namespace sonde
