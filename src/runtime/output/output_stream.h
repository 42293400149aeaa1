// The program output stream with its -B buffering mode. `none` writes through; `full` flushes
// only when its 64 KiB buffer fills or on flush(); `line` guarantees that every line written is
// out before sonde waits for more events: the event loop calls batch_done() after each batch
// of records, so a burst of a thousand printf lines costs one write(2), not a thousand.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "runtime/output/output.h"

namespace sonde {

class OutputStream {
 public:
  // Applies the mode with setvbuf, so it must run before anything is written to `file`.
  OutputStream(FILE* file, BufferMode mode) : file_(file), mode_(mode) {
    if (mode == BufferMode::None) std::setvbuf(file, nullptr, _IONBF, 0);
    else std::setvbuf(file, nullptr, _IOFBF, kBufferBytes);
  }

  void write(std::string_view data) {
    if (data.empty()) return;
    if (held_) {
      held_text_.append(data);
      return;
    }
    fwrite_unlocked(data.data(), 1, data.size(), file_);
  }

  // Writes ahead of anything held (the attached_probes record).
  void write_ahead(std::string_view data) {
    fwrite_unlocked(data.data(), 1, data.size(), file_);
  }

  // End of a batch of events: line mode pushes out what the batch wrote.
  void batch_done() {
    if (mode_ == BufferMode::Line && !held_) std::fflush(file_);
  }

  void flush() {
    if (!held_) std::fflush(file_);
  }

  // While held, writes are kept in memory (the begin probe's output waits for the
  // attached_probes record); release() writes them in order.
  void hold() { held_ = true; }
  void release() {
    if (!held_) return;
    held_ = false;
    write(held_text_);
    held_text_.clear();
    held_text_.shrink_to_fit();
    batch_done();
  }

 private:
  static constexpr size_t kBufferBytes = 1 << 16;
  FILE* file_;
  BufferMode mode_;
  bool held_ = false;
  std::string held_text_;
};

// Messages on the error stream are written whole and flushed at once.
inline void write_message(FILE* err, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), err);
  std::fflush(err);
}

}  // namespace sonde
