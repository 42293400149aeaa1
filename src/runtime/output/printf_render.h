// Rendering printf-family formats (printf, cat, system, errorf, warnf) with the argument bytes
// of an event, following spec/output.md §6: C flags and width, the length modifier decides the
// integer width, precision is ignored, %s prints any value's text form.
#pragma once

#include <cstdint>
#include <string>

#include "program/printf_format.h"
#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// `args` is the tuple type of the payload at `data`; its i-th field is the i-th specifier's
// argument. A missing or unconvertible argument renders as "!{message}".
std::string render_printf(const ParsedFormat& format, const Type& args, const uint8_t* data,
                          const ValueContext& ctx);

// One specifier applied to one value.
std::string render_spec(const FormatSpec& spec, const Type& type, const uint8_t* data,
                        const ValueContext& ctx);

// GFP allocation flags as names joined by '|' (%gr): "GFP_KERNEL", "__GFP_IO|__GFP_FS".
std::string format_gfp_flags(uint64_t flags);

}  // namespace sonde
