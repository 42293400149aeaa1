// Text of the values whose meaning comes from the running system rather than from their bytes
// alone: addresses (inet, macaddr), wall-clock time, user names and cgroup paths.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/output/value_context.h"
#include "types/type.h"

namespace sonde {

// ntop(): uint64 family (2 = AF_INET, 10 = AF_INET6) then 16 address bytes.
std::string format_inet(const uint8_t* data);
// Six bytes, upper-case hex, colon separated, in memory order.
std::string format_macaddr(const uint8_t* data);
// strftime(): boot-clock ns, formatted with the type's format; %f = microseconds (6 digits).
std::string format_timestamp(const Type& type, const uint8_t* data, const ValueContext& ctx);
// Formats wall-clock nanoseconds since the epoch (local time zone).
std::string format_wall_time(const std::string& format, int64_t realtime_ns);
std::string format_username(const uint8_t* data, const ValueContext& ctx);
std::string format_cgroup_path(const uint8_t* data, const ValueContext& ctx);

}  // namespace sonde
