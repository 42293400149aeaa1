// Where program output goes, in one of two formats (text, json). The runtime calls these as
// events arrive and at exit; the implementation decides layout and stream. Text format follows
// spec/output.md §1-7, JSON §9.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

#include "runtime/output/map_snapshot.h"
#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

enum class BufferMode { Line, Full, None };

class Output {
 public:
  virtual ~Output() = default;

  // "Attached N probes" (text: stderr line, unless quiet; json: a record on the output).
  virtual void attached_probes(size_t count) = 0;
  // Formatted printf text (no newline added).
  virtual void printf_text(std::string_view text) = 0;
  // time(), cat(), system(), join() output; kind is "time", "cat", "syscall", "join". `text`
  // is the raw output; text mode adds the newline that follows system() and join() output.
  virtual void text_event(std::string_view kind, std::string_view text) = 0;
  // print(value)
  virtual void value(const Type& type, const uint8_t* data) = 0;
  // print(@m, top, div) and the exit-time printing of each map.
  virtual void map(const MapSnapshot& map, uint64_t top, uint64_t div) = 0;
  // Before the exit-time maps: text writes two newlines, json nothing.
  virtual void end_of_run() = 0;
  // "Lost N events" (stderr in text mode; a record in json).
  virtual void lost_events(uint64_t count) = 0;
  // errorf/warnf from the program: location line on stderr (text) or a record (json).
  virtual void program_message(bool is_error, std::string_view location, std::string_view msg,
                               std::string_view filename, int line, int column) = 0;
  // A runtime warning of a probe (division by zero, map full...): text mode prints the located
  // "WARNING:" line, "Additional Info - helper: NAME, retcode: N" for a failed helper, the
  // source and marker lines on stderr; json a runtime_error or helper_error record.
  virtual void runtime_warning(const Action& action) = 0;
  // A failure of sonde's own work for an event (cat() cannot open its file): a text line on
  // stderr in both formats.
  virtual void error_message(std::string_view text) = 0;
  virtual void flush() = 0;
  // The event loop finished a batch of records (line buffering flushes here).
  virtual void batch_done() = 0;
  // Program output written between hold() and release() is kept back, then written in order:
  // the begin probe runs before the probes attach, but its output follows "Attached N probes".
  virtual void hold() = 0;
  virtual void release() = 0;
};

struct OutputOptions {
  FILE* out = stdout;  // program output stream (stdout or the -o file)
  FILE* err = stderr;  // messages
  bool quiet = false;  // -q
  BufferMode buffering = BufferMode::Line;
  const ValueContext* values = nullptr;
};

std::unique_ptr<Output> make_text_output(const OutputOptions& options);
std::unique_ptr<Output> make_json_output(const OutputOptions& options);

}  // namespace sonde
