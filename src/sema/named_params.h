// Named program parameters (spec builtins §9): `sonde SCRIPT -- --name=value --flag`, read in
// the program with getopt("name"[, default[, "description"]]). getopt is resolved at compile
// time into the value's literal; parameters no getopt asked for are an error.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostics.h"
#include "sema/builtins.h"

namespace sonde {

// The getopt() row of the builtin function table.
void check_getopt(CallCheck& c);

// After analysis: every named parameter given on the command line must have been read by a
// getopt() call, else "unexpected program command line options" with the expected ones.
void check_named_params_used(const SemanticModel& model, Diagnostics& diags);

}  // namespace sonde
