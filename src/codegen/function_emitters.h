// The codegen side of the builtin function table: one emitter per function name, grouped by
// family in emit_calls_*.cpp. sema/builtin_functions.cpp holds the matching type rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/probe_emitter.h"

namespace sonde::codegen {

using CallEmitter = Value (*)(ProbeEmitter& e, ast::Call& call);

struct CallEmitterEntry {
  std::string_view name;
  CallEmitter emit;
};

// Families: output/control (printf, print, exit ...), values (str, ntop, kstack ...), maps
// (clear, delete, has_key ...). Each returns its rows.
std::vector<CallEmitterEntry> output_call_emitters();
std::vector<CallEmitterEntry> value_call_emitters();
std::vector<CallEmitterEntry> map_call_emitters();
// Part of the values family (emit_calls_addresses.cpp): kaddr, uaddr, pton, reg, kptr ...
std::vector<CallEmitterEntry> address_call_emitters();

CallEmitter find_call_emitter(std::string_view name);
std::vector<std::string> codegen_function_names();
std::vector<std::string> codegen_builtin_variable_names();

// Shared by families: a stack id value for kstack/ustack.
Value emit_stack(ProbeEmitter& e, const Type& type);

}  // namespace sonde::codegen
