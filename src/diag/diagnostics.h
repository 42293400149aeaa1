// The one channel for user errors: passes record located diagnostics here; the CLI renders them
// once, errors first, in the format of spec/output.md §8.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "diag/source.h"

namespace sonde {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range = SourceRange::none();  // invalid range: printed without location
  std::string message;
  std::vector<std::string> hints;  // "HINT: ..." lines after the source excerpt
  // Further located lines (e.g. "This is the initial assignment.") printed after this one.
  std::vector<Diagnostic> notes;
};

class Diagnostics {
 public:
  Diagnostic& error(SourceRange range, std::string message);
  Diagnostic& error(std::string message);  // no location
  Diagnostic& warning(SourceRange range, std::string message);
  Diagnostic& warning(std::string message);

  bool has_errors() const;
  size_t error_count() const;
  const std::vector<Diagnostic>& all() const { return diags_; }
  void clear() { diags_.clear(); }

 private:
  std::vector<Diagnostic> diags_;
};

struct RenderOptions {
  bool warnings = true;  // false with --no-warnings
  bool color = false;
};

// Renders one diagnostic: "FILE:L:C1-C2: ERROR: msg", the source line, the marker line.
void render_diagnostic(std::ostream& out, const SourceFile* file, const Diagnostic& diag,
                       const RenderOptions& options);

// Renders all errors, then all warnings.
void render_diagnostics(std::ostream& out, const SourceFile* file, const Diagnostics& diags,
                        const RenderOptions& options);

}  // namespace sonde
