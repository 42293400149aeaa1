// uprobe and uretprobe: user-space function probes — `uprobe:BIN:FUNC[+OFF]`,
// `uprobe:BIN:ADDR`, `uprobe:BIN:cpp:"ns::f"` (demangled C++ names), `uprobe:FUNC` with -p.
// BIN is a path, a glob, a library short name resolved like the dynamic loader does, or `*`
// (every file of the -p process). FUNC wildcards match the ELF function symbols. Attached to
// the -p / -c process only when there is one, otherwise to every process.
#include <cstdio>
#include <iostream>
#include <map>
#include <ostream>

#include "kernel/elf_binary.h"
#include "kernel/kernel.h"
#include "probes/user_binary.h"
#include "support/strings.h"

namespace sonde {
namespace {

constexpr int kRegisterArgs = 6;  // x86_64: di, si, dx, cx, r8, r9
constexpr std::string_view kCppPrefix = "cpp";

// What the parts after BIN ask for.
struct FunctionPattern {
  std::string pattern;         // function name pattern (demangled for cpp)
  bool cpp = false;
  uint64_t offset = 0;         // +OFF
  std::string offset_text;
  std::optional<uint64_t> address;
};

Result<FunctionPattern> parse_function(std::string_view provider,
                                       const std::vector<std::string>& rest, bool retprobe) {
  FunctionPattern f;
  std::string text = rest.back();
  if (rest.size() == 2) {
    if (rest[0] != kCppPrefix)
      return Error{"Unknown language in " + std::string(provider) + " probe: " + rest[0]};
    f.cpp = true;
  }
  if (!f.cpp && !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
    auto address = parse_unsigned(text);
    if (!address) return Error{"Invalid address in " + std::string(provider) + " probe: " + text};
    f.address = *address;
    return f;
  }
  if (auto plus = text.find('+'); plus != std::string::npos && !f.cpp) {
    if (retprobe) return Error{"Offset not allowed"};
    f.offset_text = text.substr(plus + 1);
    auto offset = parse_unsigned(f.offset_text);
    if (!offset) return Error{"Invalid offset in " + std::string(provider) + " probe: " +
                              f.offset_text};
    f.offset = *offset;
    text.resize(plus);
  }
  if (text.empty()) return Error{std::string(provider) + " probe has no function name"};
  f.pattern = std::move(text);
  return f;
}

// A demangled name without its parameter list ("ns::f(int)" -> "ns::f").
std::string without_params(const std::string& name) {
  size_t paren = name.find('(');
  return paren == std::string::npos ? name : name.substr(0, paren);
}

// Matches `f` against a symbol; returns the name shown in the probe ("" if no match).
std::string match_symbol(const FunctionPattern& f, const ElfFunction& symbol) {
  if (!f.cpp) return wildcard_match(f.pattern, symbol.name) ? symbol.name : "";
  auto demangled = demangle(symbol.name);
  if (!demangled) return "";
  if (wildcard_match(f.pattern, *demangled) || wildcard_match(f.pattern, without_params(*demangled)))
    return *demangled;
  return "";
}

// A binary's segments and its function addresses by symbol name, read once for attaching.
struct BinaryIndex {
  ElfBinary elf;
  std::map<std::string, uint64_t> addresses;

  static Result<BinaryIndex> read(const std::string& path) {
    auto elf = ElfBinary::open(path);
    if (!elf.ok()) return elf.error();
    BinaryIndex index{std::move(*elf), {}};
    for (const auto& f : index.elf.functions()) index.addresses.emplace(f.name, f.address);
    return index;
  }
};

class UprobeProvider : public ProbeProvider {
 public:
  explicit UprobeProvider(bool ret) : ret_(ret) {}

  std::string_view name() const override { return ret_ ? "uretprobe" : "uprobe"; }
  std::vector<std::string_view> aliases() const override { return {ret_ ? "ur" : "u"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    std::vector<std::string> with_bin = parts;
    if (parts.size() == 2 && env.pid) with_bin.insert(with_bin.begin() + 1, "*");
    // An unquoted C++ name was split at its "::".
    if (with_bin.size() > 4 && with_bin[2] == kCppPrefix) {
      std::vector<std::string> name(with_bin.begin() + 3, with_bin.end());
      with_bin.resize(3);
      with_bin.push_back(join(name, ":"));
    }
    if (with_bin.size() != 3 && with_bin.size() != 4)
      return Error{std::string(name()) + " probe type requires 2 arguments, found " +
                   std::to_string(parts.size() - 1)};
    std::vector<std::string> rest(with_bin.begin() + 2, with_bin.end());
    if (with_bin[1].find('@') != std::string::npos)  // BIN@FILE:LINE: refused with the binary
      return resolve_user_binaries(with_bin[1], env).error();
    auto function = parse_function(name(), rest, ret_);
    if (!function.ok()) return function.error();
    if (function->address && has_wildcard(with_bin[1]))
      return Error{"Wildcards are not allowed in the binary of an address probe"};
    auto binaries = resolve_user_binaries(with_bin[1], env);
    if (!binaries.ok()) return binaries.error();
    std::vector<AttachPoint> points;
    for (const auto& path : *binaries) {
      auto found = expand_binary(path, *function);
      if (!found.ok()) return found.error();
      for (auto& ap : *found) points.push_back(std::move(ap));
    }
    if (points.empty())
      return Error{"No matches for " + std::string(name()) + " " + with_bin[1] + ":" +
                   join(rest, ":") + "."};
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv&) const override {
    ProbeContext context;
    context.section = std::string(name());
    if (ret_) {
      context.retval = ProbeContext::Retval::PtRegs;
    } else {
      context.reg_args = ProbeContext::RegArgs::PtRegs;
      context.max_reg_args = kRegisterArgs;
    }
    context.has_func = true;
    context.addr_space = AddrSpace::User;
    context.probe_name = ap.name;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    auto results = attach_many({{&ap, prog}}, env);
    return std::move(results.front());
  }

  // Binaries are read once for all the programs attached to them.
  std::vector<Result<std::vector<LinkPtr>>> attach_many(
      const std::vector<ProgramToAttach>& programs, const ProbeEnv& env) const override {
    std::vector<Result<std::vector<LinkPtr>>> results;
    std::map<std::string, Result<BinaryIndex>> binaries;
    for (const auto& p : programs) {
      auto it = binaries.find(p.point->target);
      if (it == binaries.end())
        it = binaries.emplace(p.point->target, BinaryIndex::read(p.point->target)).first;
      if (!it->second.ok()) {
        results.push_back(it->second.error());
        continue;
      }
      results.push_back(attach_one(*p.point, p.prog, *it->second, env));
    }
    return results;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    auto pattern = split_user_pattern(request.pattern, env, 2);
    if (!pattern) return;
    auto function = parse_function(name(), pattern->rest, ret_);
    auto binaries = resolve_user_binaries(pattern->bin, env);
    if (!function.ok() || !binaries.ok()) return;
    for (const auto& path : *binaries) {
      auto points = expand_binary(path, *function);
      if (!points.ok()) continue;
      for (const auto& ap : *points) out << ap.name << "\n";
      if (request.verbose && !points->empty()) warn_no_params(path);
    }
  }

  bool listed_by_default(const ListRequest& request, const ProbeEnv& env) const override {
    return user_space_listed_by_default(request, env);
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Uprobe))
      return Error{"the kernel has no uprobes (no uprobe PMU and no uprobe_events in tracefs)"};
    return Status::success();
  }

 private:
  // The attach points of one binary: offsets are kept relative to the function (or the
  // address itself) and turned into a file offset at attach time.
  Result<std::vector<AttachPoint>> expand_binary(const std::string& path,
                                                 const FunctionPattern& f) const {
    auto binary = ElfBinary::open(path);
    if (!binary.ok()) return binary.error();
    std::vector<AttachPoint> points;
    std::string prefix = std::string(name()) + ":" + path + ":";
    if (f.address) {
      AttachPoint ap;
      ap.provider = std::string(name());
      ap.target = path;
      ap.offset = *f.address;
      ap.name = prefix + hex(*f.address);
      points.push_back(std::move(ap));
      return points;
    }
    std::string last;
    for (const auto& symbol : binary->functions()) {
      std::string shown = match_symbol(f, symbol);
      if (shown.empty() || shown == last) continue;  // aliases of one name
      if (f.offset && f.offset >= symbol.size)
        return Error{"Offset " + f.offset_text + " is outside of function " + symbol.name};
      last = shown;
      AttachPoint ap;
      ap.provider = std::string(name());
      ap.target = path;
      ap.func = symbol.name;
      ap.offset = f.offset;
      ap.name = prefix + (f.cpp ? std::string(kCppPrefix) + ":" : "") + shown +
                (f.offset_text.empty() ? "" : "+" + f.offset_text);
      points.push_back(std::move(ap));
    }
    return points;
  }

  Result<std::vector<LinkPtr>> attach_one(const AttachPoint& ap, bpf_program* prog,
                                          const BinaryIndex& binary, const ProbeEnv& env) const {
    uint64_t address = ap.offset;
    if (!ap.func.empty()) {
      auto start = binary.addresses.find(ap.func);
      if (start == binary.addresses.end())
        return Error{"function " + ap.func + " not found in " + ap.target};
      address = start->second + ap.offset;
    }
    auto offset = binary.elf.file_offset(address);
    if (!offset) return Error{"address " + hex(address) + " is not in a loaded segment of " +
                              ap.target};
    auto link = attach_uprobe(prog, ap.target, *offset, ret_, env.pid.value_or(-1), 0, ap.name);
    if (!link.ok()) return link.error();
    std::vector<LinkPtr> links;
    links.push_back(std::move(*link));
    return links;
  }

  static void warn_no_params(const std::string& path);
  static std::string hex(uint64_t value);

  bool ret_;
};

void UprobeProvider::warn_no_params(const std::string& path) {
  auto binary = ElfBinary::open(path);
  if (binary.ok() && binary->has_debug_info())
    std::cerr << "WARNING: sonde was built without DWARF support, cannot show parameter info "
                 "for \"" << path << "\"\n";
  else
    std::cerr << "WARNING: No DWARF found for \"" << path << "\", cannot show parameter info\n";
}

std::string UprobeProvider::hex(uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace

const ProbeProvider& uprobe_provider() {
  static const UprobeProvider provider(false);
  return provider;
}

const ProbeProvider& uretprobe_provider() {
  static const UprobeProvider provider(true);
  return provider;
}

}  // namespace sonde
