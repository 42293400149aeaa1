#include "diag/diagnostics.h"

#include <algorithm>
#include <ostream>

namespace sonde {

Diagnostic& Diagnostics::error(SourceRange range, std::string message) {
  diags_.push_back(Diagnostic{Severity::Error, range, std::move(message), {}, {}});
  return diags_.back();
}

Diagnostic& Diagnostics::error(std::string message) {
  return error(SourceRange::none(), std::move(message));
}

Diagnostic& Diagnostics::warning(SourceRange range, std::string message) {
  diags_.push_back(Diagnostic{Severity::Warning, range, std::move(message), {}, {}});
  return diags_.back();
}

Diagnostic& Diagnostics::warning(std::string message) {
  return warning(SourceRange::none(), std::move(message));
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

namespace {

// Expands tabs to 4 spaces; `column` (1-based byte column) is mapped to the display column.
int display_column(std::string_view line, int column) {
  int display = 1;
  for (int i = 0; i + 1 < column && i < static_cast<int>(line.size()); ++i)
    display += line[i] == '\t' ? 4 : 1;
  if (column > static_cast<int>(line.size()) + 1) display += column - 1 - static_cast<int>(line.size());
  return display;
}

std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') out += "    ";
    else out += c;
  }
  return out;
}

const char* severity_word(Severity s) { return s == Severity::Error ? "ERROR" : "WARNING"; }

void render_location_line(std::ostream& out, const SourceFile* file, const Diagnostic& diag,
                          const RenderOptions& options) {
  const char* color_on = diag.severity == Severity::Error ? "\033[31m" : "\033[33m";
  if (options.color) out << color_on;
  const SourceRange& r = diag.range;
  if (file && r.valid()) {
    out << file->name() << ":";
    if (r.end.line > r.begin.line) {
      out << r.begin.line << "-" << r.end.line;
    } else {
      int end_col = std::max(r.end.column, r.begin.column + 1);
      out << r.begin.line << ":" << r.begin.column << "-" << end_col;
    }
    out << ": ";
  }
  out << severity_word(diag.severity) << ": " << diag.message;
  if (options.color) out << "\033[0m";
  out << "\n";
}

void render_excerpt(std::ostream& out, const SourceFile& file, const SourceRange& r) {
  if (r.end.line > r.begin.line) {
    // Multi-line spans print the raw lines and no marker.
    for (int l = r.begin.line; l <= r.end.line && l <= file.line_count(); ++l)
      out << file.line(l) << "\n";
    return;
  }
  std::string_view line = file.line(r.begin.line);
  out << expand_tabs(line) << "\n";
  int begin = display_column(line, r.begin.column);
  int end = display_column(line, std::max(r.end.column, r.begin.column + 1));
  out << std::string(begin - 1, ' ') << std::string(std::max(1, end - begin), '~') << "\n";
}

}  // namespace

void render_diagnostic(std::ostream& out, const SourceFile* file, const Diagnostic& diag,
                       const RenderOptions& options) {
  render_location_line(out, file, diag, options);
  if (file && diag.range.valid()) render_excerpt(out, *file, diag.range);
  for (const auto& hint : diag.hints) out << "HINT: " << hint << "\n";
  for (const auto& note : diag.notes) render_diagnostic(out, file, note, options);
}

void render_diagnostics(std::ostream& out, const SourceFile* file, const Diagnostics& diags,
                        const RenderOptions& options) {
  for (const auto& d : diags.all())
    if (d.severity == Severity::Error) render_diagnostic(out, file, d, options);
  if (!options.warnings) return;
  for (const auto& d : diags.all())
    if (d.severity == Severity::Warning) render_diagnostic(out, file, d, options);
}

}  // namespace sonde
