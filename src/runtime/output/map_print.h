// Printing whole maps (spec/output.md §2 text, §9 JSON) from a MapSnapshot: entry order,
// print(@m, top, div), scalar vs keyed layout, histogram and stats maps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/output/map_snapshot.h"
#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// Entries in print order, ascending: integer and count/sum/min/max values by value, avg/stats
// by average, hist/lhist by total count, anything else by key; ties by key. Only the last
// `top` entries are kept (0: all).
std::vector<const MapEntry*> sorted_entries(const MapSnapshot& map, uint64_t top);

// Key order: integers numerically (by signedness), strings bytewise up to the NUL, tuples,
// records and arrays element by element, other values by their bytes. <0, 0, >0 like memcmp.
int compare_values(const Type& type, const uint8_t* a, const uint8_t* b);

// Text lines of the map ("" when it has no entries). `div` (0 or 1: none) divides integer
// values, averages, totals and hist counts; it does not apply to lhist.
std::string format_map_text(const MapSnapshot& map, uint64_t top, uint64_t div,
                            const ValueContext& ctx);

// The JSON record line of the map, newline included ("" when it has no entries).
std::string format_map_json(const MapSnapshot& map, uint64_t top, uint64_t div,
                            const ValueContext& ctx);

}  // namespace sonde
