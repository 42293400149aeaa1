// JSON output (spec/output.md §9): one record per line on the output stream; only failures of
// sonde itself stay as text on the error stream.
#include <cstring>

#include "runtime/output/map_print.h"
#include "runtime/output/output.h"
#include "runtime/output/output_stream.h"
#include "runtime/output/value_json.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

class JsonOutput : public Output {
 public:
  explicit JsonOutput(const OutputOptions& options)
      : out_(options.out, options.buffering),
        err_(options.err),
        quiet_(options.quiet),
        ctx_(options.values ? *options.values : default_value_context()) {}

  void attached_probes(size_t count) override {
    if (quiet_) return;
    const std::string n = std::to_string(count);
    out_.write_ahead("{\"type\": \"attached_probes\", \"count\": " + n +
                     ", \"data\": {\"probes\": " + n + "}}\n");
  }

  void printf_text(std::string_view text) override { text_event("printf", text); }

  // The line is built in a reused buffer: printf records come at event rate.
  void text_event(std::string_view kind, std::string_view text) override {
    line_.clear();
    line_ += "{\"type\": ";
    append_json_quoted(line_, kind);
    line_ += ", \"data\": ";
    append_json_quoted(line_, text);
    line_ += "}\n";
    out_.write(line_);
  }

  void value(const Type& type, const uint8_t* data) override {
    record("{\"type\": \"value\", \"data\": " + format_value_json(type, data, ctx_) + "}");
  }

  void map(const MapSnapshot& map, uint64_t top, uint64_t div) override {
    out_.write(format_map_json(map, top, div, ctx_));
  }

  void end_of_run() override {}

  void lost_events(uint64_t count) override {
    const std::string n = std::to_string(count);
    record("{\"type\": \"lost_events\", \"count\": " + n + ", \"data\": {\"events\": " + n + "}}");
  }

  void program_message(bool is_error, std::string_view location, std::string_view msg,
                       std::string_view filename, int line, int column) override {
    record(std::string("{\"type\": \"") + (is_error ? "errorf" : "warnf") +
           "\", \"msg\": " + json_quote(msg) + ", \"filename\": " + json_quote(filename) +
           ", \"line\": " + std::to_string(line) + ", \"col\": " + std::to_string(column) + "}");
  }

  // runtime_error, or helper_error whose message is the errno text of the return code (0.26).
  void runtime_warning(const Action& action) override {
    const SourceExcerpt& where = action.where;
    std::string text;
    if (action.helper.empty()) {
      text = "{\"type\": \"runtime_error\", \"msg\": " + json_quote(action.message);
    } else {
      text = "{\"type\": \"helper_error\", \"msg\": " +
             json_quote(std::strerror(static_cast<int>(-action.retcode))) +
             ", \"helper\": " + json_quote(action.helper) +
             ", \"retcode\": " + std::to_string(action.retcode);
    }
    record(text + ", \"filename\": " + json_quote(where.filename) +
           ", \"line\": " + std::to_string(where.line) + ", \"col\": " +
           std::to_string(where.column) + "}");
  }

  // Diagnostics stay text on the error stream in JSON mode too.
  void error_message(std::string_view text) override {
    out_.flush();
    write_message(err_, std::string(text) + "\n");
  }

  void flush() override {
    out_.flush();
    std::fflush(err_);
  }

  void batch_done() override { out_.batch_done(); }
  void hold() override { out_.hold(); }
  void release() override { out_.release(); }

 private:
  void record(const std::string& line) { out_.write(line + "\n"); }

  OutputStream out_;
  FILE* err_;
  bool quiet_;
  const ValueContext& ctx_;
  std::string line_;
};

}  // namespace

std::unique_ptr<Output> make_json_output(const OutputOptions& options) {
  return std::make_unique<JsonOutput>(options);
}

}  // namespace sonde
