// Pass: the `config = { ... }` block and BPFTRACE_* environment variables -> RuntimeConfig
// (spec/cli.md "Environment variables and config keys"; the environment wins).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "program/config.h"

namespace sonde {

// `getenv` is injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

void apply_config(const ast::Program& program, const EnvLookup& env, RuntimeConfig& config,
                  Diagnostics& diags);

}  // namespace sonde
