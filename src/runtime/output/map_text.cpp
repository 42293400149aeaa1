// Text layout of maps (spec/output.md §2): "@name: V", "@name[KEY]: V", histograms as a
// header line, bucket lines and an empty line.
#include <charconv>

#include "runtime/output/histogram.h"
#include "runtime/output/map_print.h"
#include "runtime/output/map_values.h"
#include "runtime/output/value_text.h"

namespace sonde {

namespace {

void append_number(std::string& out, uint64_t bits, bool is_signed) {
  char digits[24];
  auto end = is_signed ? std::to_chars(digits, digits + sizeof digits, static_cast<int64_t>(bits)).ptr
                       : std::to_chars(digits, digits + sizeof digits, bits).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

// The text after "@name[KEY]: " for non-histogram values.
void append_value_text(std::string& out, const MapSpec& spec, const MapEntry& e, uint64_t div,
                       const ValueContext& ctx) {
  const Type& type = spec.value;
  const bool sign = type.is_signed();
  switch (type.kind()) {
    case TypeKind::Count:
    case TypeKind::Sum:
    case TypeKind::Min:
    case TypeKind::Max:
      return append_number(out, divide_bits(static_cast<uint64_t>(e.number), sign, div), sign);
    case TypeKind::Avg:
      return append_number(out, divide_bits(entry_average(type, e), sign, div), sign);
    case TypeKind::Stats:
      out += format_stats(e.count,
                          static_cast<int64_t>(divide_bits(entry_average(type, e), sign, div)),
                          static_cast<int64_t>(divide_bits(static_cast<uint64_t>(e.total), sign, div)),
                          sign);
      return;
    default: {
      std::vector<uint8_t> scratch;
      PlainValue v;
      plain_value(type, sized_bytes(e.value, type, scratch), div, v);
      append_value(out, v.type, v.data, ctx);
      return;
    }
  }
}

// "@name" or "@name[KEY]".
void append_entry_name(std::string& out, const MapSpec& spec, const MapEntry& e,
                       const ValueContext& ctx) {
  out += spec.name;
  if (spec.is_scalar()) return;
  std::vector<uint8_t> scratch;
  out += '[';
  append_key(out, spec.key, sized_bytes(e.key, spec.key, scratch), ctx);
  out += ']';
}

}  // namespace

std::string format_map_text(const MapSnapshot& map, uint64_t top, uint64_t div,
                            const ValueContext& ctx) {
  const MapSpec& spec = *map.spec;
  const std::vector<const MapEntry*> entries = sorted_entries(map, top);
  std::string out;
  out.reserve(entries.size() * (spec.name.size() + 16));
  for (const MapEntry* e : entries) {
    append_entry_name(out, spec, *e, ctx);
    if (spec.value.is_hist_like()) {
      out += ":\n";
      out += format_histogram_text(spec.value, e->buckets, hist_div(spec.value, div));
      out += "\n";
    } else {
      out += ": ";
      append_value_text(out, spec, *e, div, ctx);
      out += '\n';
    }
  }
  return out;
}

}  // namespace sonde
