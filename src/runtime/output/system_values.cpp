#include "runtime/output/system_values.h"

#include <arpa/inet.h>
#include <pwd.h>
#include <sys/socket.h>
#include <time.h>

#include <cstdio>
#include <vector>

#include "runtime/output/value_bytes.h"

namespace sonde {

namespace {

int64_t timespec_ns(clockid_t clock) {
  struct timespec ts {};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Without a runtime-supplied offset: the current difference between the two clocks.
int64_t boot_to_realtime(uint64_t boot_ns, const ValueContext& ctx) {
  if (ctx.boot_to_realtime_ns) return ctx.boot_to_realtime_ns(boot_ns);
  return static_cast<int64_t>(boot_ns) + timespec_ns(CLOCK_REALTIME) -
         timespec_ns(CLOCK_BOOTTIME);
}

// Replaces %f with the microseconds; "%%" is kept for strftime to fold.
std::string expand_microseconds(const std::string& format, int64_t micros) {
  std::string out;
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(micros));
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      if (format[i + 1] == 'f') {
        out += digits;
      } else {
        out += format[i];
        out += format[i + 1];
      }
      ++i;
      continue;
    }
    out += format[i];
  }
  return out;
}

}  // namespace

std::string format_inet(const uint8_t* data) {
  const uint64_t family = read_unsigned(data, 8);
  char text[INET6_ADDRSTRLEN] = "";
  if (family == AF_INET)
    inet_ntop(AF_INET, data + 8, text, sizeof text);
  else if (family == AF_INET6)
    inet_ntop(AF_INET6, data + 8, text, sizeof text);
  return text;
}

std::string format_macaddr(const uint8_t* data) {
  char text[18];
  std::snprintf(text, sizeof text, "%02X:%02X:%02X:%02X:%02X:%02X", data[0], data[1], data[2],
                data[3], data[4], data[5]);
  return text;
}

std::string format_wall_time(const std::string& format, int64_t realtime_ns) {
  int64_t secs = realtime_ns / 1000000000, ns = realtime_ns % 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    --secs;
  }
  const std::string fmt = expand_microseconds(format, ns / 1000);
  time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  if (!localtime_r(&t, &tm)) return "";
  // strftime returns 0 both for "buffer too small" and for an empty result; grow a few times.
  std::vector<char> buf(fmt.size() * 4 + 64);
  for (int attempt = 0; attempt < 4; ++attempt) {
    size_t n = strftime(buf.data(), buf.size(), fmt.c_str(), &tm);
    if (n > 0) return std::string(buf.data(), n);
    buf.resize(buf.size() * 8);
  }
  return "";
}

std::string format_timestamp(const Type& type, const uint8_t* data, const ValueContext& ctx) {
  return format_wall_time(type.name(), boot_to_realtime(read_unsigned(data, 8), ctx));
}

std::string format_username(const uint8_t* data, const ValueContext& ctx) {
  const uint64_t uid = read_unsigned(data, 8);
  if (ctx.username) return ctx.username(uid);
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(4096);
  if (getpwuid_r(static_cast<uid_t>(uid), &pw, buf.data(), buf.size(), &found) != 0 || !found)
    return "";
  return found->pw_name;
}

std::string format_cgroup_path(const uint8_t* data, const ValueContext& ctx) {
  const uint64_t id = read_unsigned(data, 8);
  if (ctx.cgroup_path) return ctx.cgroup_path(id);
  return std::to_string(id);  // no cgroup filesystem lookup without the runtime
}

}  // namespace sonde
