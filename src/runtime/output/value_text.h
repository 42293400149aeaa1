// The text form of values (spec/output.md §4) and of stacks (§5): used by print(value), map
// keys and values, tuple elements and printf's %s. Every function reads a value of `type`
// from `data`, which holds type.size() bytes laid out as types/type.h describes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// A context with no callbacks and default config: symbols print as hex, user names come from
// the passwd database, timestamps use the current boot-to-wall-clock offset.
const ValueContext& default_value_context();

std::string format_value(const Type& type, const uint8_t* data, const ValueContext& ctx);
void append_value(std::string& out, const Type& type, const uint8_t* data,
                  const ValueContext& ctx);

// A map key: like format_value, but a tuple key loses its outer parentheses ("read, 3").
std::string format_key(const Type& key, const uint8_t* data, const ValueContext& ctx);
void append_key(std::string& out, const Type& key, const uint8_t* data, const ValueContext& ctx);

// String value: bytes up to the NUL, plus the truncation trailer when the type truncates and
// the text filled the buffer (all but the NUL byte).
std::string format_string(const Type& type, const uint8_t* data, const ValueContext& ctx);

// Tracepoint __data_loc member at `field_offset` of a record: a u32 whose low 16 bits are the
// data's offset from the record start and high 16 bits its length. "" if out of the record.
std::string format_data_loc(const uint8_t* record, uint32_t record_size, uint32_t field_offset);

// buf() rendering: %r / print (printable ASCII kept, others \xNN), %rx (every byte \xNN),
// %rh (bytes as "NN" separated by spaces).
enum class BufferStyle { Text, Hex, HexBytes };
std::string format_buffer_bytes(const uint8_t* bytes, size_t len, BufferStyle style);
// A Buffer-typed value (u32 length, then the bytes).
std::string format_buffer(const Type& type, const uint8_t* data, BufferStyle style);

// "{ .count = C, .average = A, .total = T }" (stats maps and stats values in tuples).
std::string format_stats(uint64_t count, int64_t average, int64_t total, bool is_signed);

// Kernel/user stack (§5): starts with a newline, one line per frame, each ending in a newline.
std::string format_stack(const Type& type, const uint8_t* data, const ValueContext& ctx);
// ksym/usym values (symbol name without offset, or 0x + hex).
std::string format_symbol(const Type& type, const uint8_t* data, const ValueContext& ctx);

// 0x + lowercase hex.
std::string hex_address(uint64_t addr);

}  // namespace sonde
