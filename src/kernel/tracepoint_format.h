// Parsing of a tracepoint's tracefs `format` file into the type of `args`: a struct of the
// event's own fields (common_* fields excluded) at their offsets in the event record, which is
// what a BPF tracepoint program's ctx points to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"
#include "types/type.h"

namespace sonde {

struct TracepointFormat {
  uint64_t id = 0;  // the "ID:" line, 0 if absent
  // Struct named `struct_name`; fields keep their record offsets. `__data_loc` fields have
  // Field::data_loc set; their type is a string (char[]) or an array of the element type, of
  // unknown length (capacity/count 0): the data's length is in the high 16 bits of the u32.
  Type args;
  // Declarations as written in the file, one per field of `args` ("int dfd",
  // "const char * filename", "__data_loc char[] name"), for `-lv` listings.
  std::vector<std::string> declarations;
};

struct TracepointFormatOptions {
  std::string struct_name;                   // "_tracepoint_syscalls_sys_enter_openat"
  AddrSpace pointer_space = AddrSpace::Kernel;  // syscalls: pointer fields are user addresses
};

Result<TracepointFormat> parse_tracepoint_format(std::string_view text,
                                                 const TracepointFormatOptions& options);

// Options for events/CAT/EVENT: the struct name and, for the syscalls category, user pointers.
TracepointFormatOptions tracepoint_format_options(const std::string& category,
                                                  const std::string& event);

}  // namespace sonde
