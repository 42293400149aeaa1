// Rendering printf-family formats (printf, cat, system, errorf, warnf) with the argument bytes
// of an event, following spec/output.md §6: C flags and width, the length modifier decides the
// integer width, precision is ignored, %s prints any value's text form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "program/printf_format.h"
#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// `args` is the tuple type of the payload at `data`; its i-th field is the i-th specifier's
// argument. A missing or unconvertible argument renders as "!{message}".
std::string render_printf(const ParsedFormat& format, const Type& args, const uint8_t* data,
                          const ValueContext& ctx);

// A format prepared once per printf call site for rendering many events: literals and the C
// format of each integer specifier are built up front, so rendering an event of integers and
// strings appends to `out` without allocating (once `out` has grown).
class PreparedFormat {
 public:
  explicit PreparedFormat(const ParsedFormat& format);
  // Appends the rendered text; same result as render_printf().
  void render(std::string& out, const Type& args, const uint8_t* data,
              const ValueContext& ctx) const;

 private:
  struct Piece {
    std::string literal;            // text before the specifier
    std::optional<FormatSpec> spec;
    std::string c_format;           // "%-5lld" for integer conversions, else ""
    uint32_t length_bits = 64;
    bool plain_decimal = false;     // %d/%u/%ld... without flags or width: no snprintf
  };
  std::vector<Piece> pieces_;
};

// One specifier applied to one value.
std::string render_spec(const FormatSpec& spec, const Type& type, const uint8_t* data,
                        const ValueContext& ctx);

// GFP allocation flags as names joined by '|' (%gr): "GFP_KERNEL", "__GFP_IO|__GFP_FS".
std::string format_gfp_flags(uint64_t flags);

}  // namespace sonde
