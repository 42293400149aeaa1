// The whole pipeline, written out once: read source -> parse -> analyse -> compile -> run.
#pragma once

#include "cli/options.h"

namespace sonde {

// Runs sonde for parsed options; returns the process exit status.
int run_pipeline(const Options& options);

}  // namespace sonde
