// Source text and positions in it. SourceRange doubles as the bison location type.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

// 1-based line and byte column.
struct SourcePos {
  int line = 1;
  int column = 1;
};

// [begin, end): end is exclusive. Bison's location interface needs begin/end and step/columns/
// lines, provided here so the parser can use our type directly.
struct SourceRange {
  SourcePos begin;
  SourcePos end;

  void step() { begin = end; }
  void columns(int n = 1) { end.column += n; }
  void lines(int n = 1) {
    if (n) {
      end.line += n;
      end.column = 1;
    }
  }
  bool valid() const { return begin.line > 0; }
  static SourceRange none() { return SourceRange{{0, 0}, {0, 0}}; }
  // The smallest range covering both.
  static SourceRange join(const SourceRange& a, const SourceRange& b) { return {a.begin, b.end}; }
};

// A named program text (a script file, or "stdin" for -e and -).
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // Line `n` (1-based) without its newline; empty if out of range.
  std::string_view line(int n) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

}  // namespace sonde
