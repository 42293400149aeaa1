// Text output (spec/output.md §1-7): program output on `out`, messages on `err`.
#include "runtime/output/map_print.h"
#include "runtime/output/output.h"
#include "runtime/output/output_stream.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

class TextOutput : public Output {
 public:
  explicit TextOutput(const OutputOptions& options)
      : out_(options.out, options.buffering),
        err_(options.err),
        quiet_(options.quiet),
        ctx_(options.values ? *options.values : default_value_context()) {}

  void attached_probes(size_t count) override {
    if (quiet_) return;
    write_message(err_, "Attached " + std::to_string(count) + (count == 1 ? " probe\n" : " probes\n"));
  }

  void printf_text(std::string_view text) override { out_.write(text); }

  // system() output (0.26) and join() are followed by a newline in text mode only; JSON
  // records carry the raw text.
  void text_event(std::string_view kind, std::string_view text) override {
    if (kind == "syscall" || kind == "join")
      out_.write(std::string(text) + "\n");
    else
      out_.write(text);
  }

  void value(const Type& type, const uint8_t* data) override {
    out_.write(format_value(type, data, ctx_) + "\n");
  }

  void map(const MapSnapshot& map, uint64_t top, uint64_t div) override {
    out_.write(format_map_text(map, top, div, ctx_));
  }

  void end_of_run() override { out_.write("\n\n"); }

  void lost_events(uint64_t count) override {
    message("Lost " + std::to_string(count) + " events\n");
  }

  void program_message(bool is_error, std::string_view location, std::string_view msg,
                       std::string_view filename, int line, int column) override {
    std::string text;
    if (!location.empty()) text += std::string(location) + ": ";
    text += is_error ? "ERROR: " : "WARNING: ";
    text += msg;
    message(text + "\n");
  }

  void runtime_warning(const Action& action) override {
    const SourceExcerpt& where = action.where;
    std::string text = where.location + ": WARNING: " + action.message + "\n";
    if (!action.helper.empty())
      text += "Additional Info - helper: " + action.helper +
              ", retcode: " + std::to_string(action.retcode) + "\n";
    text += where.source_line + "\n" + where.marker_line + "\n";
    message(text);
  }

  void error_message(std::string_view text) override { message(std::string(text) + "\n"); }

  void flush() override {
    out_.flush();
    std::fflush(err_);
  }

  void batch_done() override { out_.batch_done(); }

  void hold() override {
    out_.hold();
    held_ = true;
  }

  void release() override {
    out_.release();
    held_ = false;
    write_message(err_, held_messages_);
    held_messages_.clear();
  }

 private:
  // A message on the error stream follows the program output written before it.
  void message(const std::string& text) {
    if (held_) {
      held_messages_ += text;
      return;
    }
    out_.flush();
    write_message(err_, text);
  }

  OutputStream out_;
  FILE* err_;
  bool quiet_;
  const ValueContext& ctx_;
  bool held_ = false;
  std::string held_messages_;
};

}  // namespace

std::unique_ptr<Output> make_text_output(const OutputOptions& options) {
  return std::make_unique<TextOutput>(options);
}

}  // namespace sonde
