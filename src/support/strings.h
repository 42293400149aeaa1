// Small string helpers shared by every module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

std::vector<std::string> split(std::string_view text, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
std::string to_lower(std::string_view text);
std::string trim(std::string_view text);

// Shell-style glob with only '*' as wildcard (bpftrace attach-point wildcards).
bool wildcard_match(std::string_view pattern, std::string_view text);
bool has_wildcard(std::string_view text);

// Parses decimal, 0x hex and leading-0 octal, with an optional leading '-'. nullopt if the
// whole text is not such a number.
std::optional<int64_t> parse_integer(std::string_view text);
std::optional<uint64_t> parse_unsigned(std::string_view text);

// Reads a whole file; nullopt if it cannot be opened.
std::optional<std::string> read_file(const std::string& path);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view name,
                                         const std::vector<std::string>& candidates);

}  // namespace sonde
