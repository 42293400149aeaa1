// JSON encoding of values (spec/output.md §9 "Value encoding"): numbers, with integers beyond
// 2^53 as decimal strings; strings escaped; tuples/arrays as [a,b]; records as {"a": 1}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// A JSON string literal, quotes included. Escapes " \ \n \r \t and other bytes < 0x20 as
// \u00XX; other bytes pass through unchanged.
std::string json_quote(std::string_view text);
void append_json_quoted(std::string& out, std::string_view text);

// Integers that a double holds exactly (|v| <= 2^53) as numbers, others as decimal strings.
std::string json_integer(int64_t v);
std::string json_unsigned(uint64_t v);

std::string format_value_json(const Type& type, const uint8_t* data, const ValueContext& ctx);

// {"count": C, "average": A, "total": T}
std::string format_stats_json(uint64_t count, int64_t average, int64_t total, bool is_signed);

}  // namespace sonde
