// Handles the records programs send through the ring buffer: printf text, print, map
// printing and clearing, exit, time, cat, system, join, errorf/warnf, runtime warnings.
// Records arrive at up to millions per second: the printf path renders into a reused buffer
// with formats prepared once per call site.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "program/compiled_program.h"
#include "runtime/map_reader.h"
#include "runtime/output/output.h"
#include "runtime/output/printf_render.h"

namespace sonde {

class EventHandler {
 public:
  EventHandler(const CompiledProgram& program, Output& output, MapAccessor& maps,
               const ValueContext& values, FILE* err, bool warnings);

  // Once exit() was seen, later records are ignored until accept_after_exit().
  void handle(const uint8_t* data, size_t size);
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return exit_code_; }
  // Lets END probes' records through after an exit().
  void accept_after_exit() { ignore_after_exit_ = false; }

 private:
  void handle_action(size_t id, const Action& action, const uint8_t* payload, size_t size);
  // printf-family text of the record, in text_ (valid until the next call).
  const std::string& format_text(size_t action_id, const Action& action, const uint8_t* payload);
  void runtime_warning(size_t action_id, const Action& action);
  void cat_file(const std::string& path);
  void run_command(const std::string& command);
  void join(const Action& action, const uint8_t* payload, size_t size);
  uint64_t payload_u64(const Action& action, const uint8_t* payload, size_t i, uint64_t fallback);

  const CompiledProgram& program_;
  Output& output_;
  MapAccessor& maps_;
  const ValueContext& values_;
  FILE* err_;
  bool warnings_;
  std::vector<std::unique_ptr<PreparedFormat>> formats_;  // by action id, prepared lazily
  std::string text_;
  std::set<size_t> map_full_reported_;
  bool exit_requested_ = false;
  bool ignore_after_exit_ = true;
  int exit_code_ = 0;
};

}  // namespace sonde
