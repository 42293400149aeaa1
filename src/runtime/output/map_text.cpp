// Text layout of maps (spec/output.md §2): "@name: V", "@name[KEY]: V", histograms as a
// header line, bucket lines and an empty line.
#include "runtime/output/histogram.h"
#include "runtime/output/map_print.h"
#include "runtime/output/map_values.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

std::string number_text(uint64_t bits, bool is_signed) {
  return is_signed ? std::to_string(static_cast<int64_t>(bits)) : std::to_string(bits);
}

// The text after "@name[KEY]: " for non-histogram values.
std::string value_text(const MapSpec& spec, const MapEntry& e, uint64_t div,
                       const ValueContext& ctx) {
  const Type& type = spec.value;
  const bool sign = type.is_signed();
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
      return number_text(divide_bits(static_cast<uint64_t>(e.number), sign, div), sign);
    case TypeKind::Avg:
      return number_text(divide_bits(entry_average(type, e), sign, div), sign);
    case TypeKind::Stats:
      return format_stats(e.count,
                          static_cast<int64_t>(divide_bits(entry_average(type, e), sign, div)),
                          static_cast<int64_t>(divide_bits(static_cast<uint64_t>(e.total), sign, div)),
                          sign);
    default: {
      std::vector<uint8_t> scratch;
      PlainValue v;
      plain_value(type, sized_bytes(e.value, type, scratch), div, v);
      return format_value(v.type, v.data, ctx);
    }
  }
}

// "@name" or "@name[KEY]".
std::string entry_name(const MapSpec& spec, const MapEntry& e, const ValueContext& ctx) {
  if (spec.is_scalar()) return spec.name;
  std::vector<uint8_t> scratch;
  return spec.name + "[" + format_key(spec.key, sized_bytes(e.key, spec.key, scratch), ctx) + "]";
}

}  // namespace

std::string format_map_text(const MapSnapshot& map, uint64_t top, uint64_t div,
                            const ValueContext& ctx) {
  const MapSpec& spec = *map.spec;
  std::string out;
  for (const MapEntry* e : sorted_entries(map, top)) {
    if (spec.value.is_hist_like()) {
      out += entry_name(spec, *e, ctx) + ":\n";
      out += format_histogram_text(spec.value, e->buckets, hist_div(spec.value, div));
      out += "\n";
    } else {
      out += entry_name(spec, *e, ctx) + ": " + value_text(spec, *e, div, ctx) + "\n";
    }
  }
  return out;
}

}  // namespace sonde
