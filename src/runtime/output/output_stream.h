// The program output stream with its -B buffering mode: line mode flushes whenever the written
// data contains a newline, full mode only on flush(), none writes through.
#pragma once

#include <cstdio>
#include <string_view>

#include "runtime/output/output.h"

namespace sonde {

class OutputStream {
 public:
  // Applies the mode with setvbuf, so it must run before anything is written to `file`.
  OutputStream(FILE* file, BufferMode mode) : file_(file), mode_(mode) {
    if (mode == BufferMode::None) std::setvbuf(file, nullptr, _IONBF, 0);
    if (mode == BufferMode::Full) std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
    if (mode == BufferMode::Line) std::setvbuf(file, nullptr, _IOLBF, 1 << 16);
  }

  void write(std::string_view data) {
    if (data.empty()) return;
    std::fwrite(data.data(), 1, data.size(), file_);
    if (mode_ == BufferMode::Line && data.find('\n') != std::string_view::npos) std::fflush(file_);
  }

  void flush() { std::fflush(file_); }

 private:
  FILE* file_;
  BufferMode mode_;
};

// Messages on the error stream are written whole and flushed at once.
inline void write_message(FILE* err, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), err);
  std::fflush(err);
}

}  // namespace sonde
