// JSON records of maps (spec/output.md §9): {"type": "map"|"hist"|"stats", "data":
// {"@name": V}} with V an object keyed by the key text (spaces deleted) for keyed maps.
#include "runtime/output/histogram.h"
#include "runtime/output/map_print.h"
#include "runtime/output/map_values.h"
#include "runtime/output/value_json.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

const char* record_type(const Type& value) {
  if (value.is_hist_like()) return "hist";
  if (value.is(TypeKind::Avg) || value.is(TypeKind::Stats)) return "stats";
  return "map";
}

std::string number_json(uint64_t bits, bool is_signed) {
  return is_signed ? json_integer(static_cast<int64_t>(bits)) : json_unsigned(bits);
}

std::string value_json(const MapSpec& spec, const MapEntry& e, uint64_t div,
                       const ValueContext& ctx) {
  const Type& type = spec.value;
  const bool sign = type.is_signed();
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
      return number_json(divide_bits(static_cast<uint64_t>(e.number), sign, div), sign);
    case TypeKind::Avg:
      return number_json(divide_bits(entry_average(type, e), sign, div), sign);
    case TypeKind::Stats:
      return format_stats_json(
          e.count, static_cast<int64_t>(divide_bits(entry_average(type, e), sign, div)),
          static_cast<int64_t>(divide_bits(static_cast<uint64_t>(e.total), sign, div)), sign);
    case TypeKind::Hist:
    case TypeKind::Lhist:
      return format_histogram_json(type, e.buckets, hist_div(type, div));
    default: {
      std::vector<uint8_t> scratch;
      PlainValue v;
      plain_value(type, sized_bytes(e.value, type, scratch), div, v);
      return format_value_json(v.type, v.data, ctx);
    }
  }
}

// The key text with outer tuple parentheses removed and every space deleted: "read,3".
std::string key_json(const MapSpec& spec, const MapEntry& e, const ValueContext& ctx) {
  std::vector<uint8_t> scratch;
  std::string text = format_key(spec.key, sized_bytes(e.key, spec.key, scratch), ctx);
  std::erase(text, ' ');
  return json_quote(text);
}

}  // namespace

std::string format_map_json(const MapSnapshot& map, uint64_t top, uint64_t div,
                            const ValueContext& ctx) {
  const MapSpec& spec = *map.spec;
  std::vector<const MapEntry*> entries = sorted_entries(map, top);
  if (entries.empty()) return "";
  std::string data;
  if (spec.is_scalar()) {
    data = value_json(spec, *entries.back(), div, ctx);
  } else {
    data = "{";
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i) data += ", ";
      data += key_json(spec, *entries[i], ctx) + ": " + value_json(spec, *entries[i], div, ctx);
    }
    data += "}";
  }
  return std::string("{\"type\": \"") + record_type(spec.value) + "\", \"data\": {" +
         json_quote(spec.name) + ": " + data + "}}\n";
}

}  // namespace sonde
