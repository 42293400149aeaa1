// JSON output (spec/output.md §9): one record per line on the output stream; only failures of
// sonde itself stay as text on the error stream.
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
    record("{\"type\": \"attached_probes\", \"count\": " + n + ", \"data\": {\"probes\": " + n +
           "}}");
  }

  void printf_text(std::string_view text) override { text_event("printf", text); }

  void text_event(std::string_view kind, std::string_view text) override {
    record("{\"type\": " + json_quote(kind) + ", \"data\": " + json_quote(text) + "}");
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

  void flush() override {
    out_.flush();
    std::fflush(err_);
  }

 private:
  void record(const std::string& line) { out_.write(line + "\n"); }

  OutputStream out_;
  FILE* err_;
  bool quiet_;
  const ValueContext& ctx_;
};

}  // namespace

std::unique_ptr<Output> make_json_output(const OutputOptions& options) {
  return std::make_unique<JsonOutput>(options);
}

}  // namespace sonde
