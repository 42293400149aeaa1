// Handles the records programs send through the ring buffer: printf text, print, map
// printing and clearing, exit, time, cat, system, errorf/warnf, runtime warnings.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "program/compiled_program.h"
#include "program/printf_format.h"
#include "runtime/map_reader.h"
#include "runtime/output/output.h"

namespace sonde {

// Maps by index into CompiledProgram::maps, with their kernel fds.
struct MapAccessor {
  const CompiledProgram* program = nullptr;
  std::vector<int> fds;
  MapReader reader;

  MapSnapshot read(int index) const { return reader.read(program->maps[index], fds[index]); }
};

class EventHandler {
 public:
  EventHandler(const CompiledProgram& program, Output& output, MapAccessor& maps,
               const ValueContext& values, FILE* err, bool warnings);

  // Returns false once exit() was seen: later records are ignored until reset_exit().
  void handle(const uint8_t* data, size_t size);
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return exit_code_; }
  // Lets END probes' records through after an exit().
  void accept_after_exit() { ignore_after_exit_ = false; }

 private:
  void handle_action(const Action& action, const uint8_t* payload, size_t size);
  std::string format_text(size_t action_id, const Action& action, const uint8_t* payload);
  void runtime_warning(const Action& action);
  void cat_file(const std::string& path);
  void run_command(const std::string& command);
  uint64_t payload_u64(const Action& action, const uint8_t* payload, size_t i, uint64_t fallback);

  const CompiledProgram& program_;
  Output& output_;
  MapAccessor& maps_;
  const ValueContext& values_;
  FILE* err_;
  bool warnings_;
  std::map<size_t, ParsedFormat> formats_;  // parsed lazily per action
  std::set<size_t> map_full_reported_;
  bool exit_requested_ = false;
  bool ignore_after_exit_ = true;
  int exit_code_ = 0;
};

}  // namespace sonde
