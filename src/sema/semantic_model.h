// What semantic analysis knows about a program, handed explicitly to code generation: the
// expanded attach points of each probe, every map's key and value types, every variable
// slot's type, and the run-time configuration. Expression types live on the AST nodes.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "probes/provider.h"
#include "program/attach_point.h"
#include "program/config.h"
#include "types/type.h"

namespace sonde {

struct MapInfo {
  std::string name;                // "@x"
  Type key;                        // none() for a scalar map
  Type value;
  bool used_scalar = false;        // accessed as @x
  bool used_keyed = false;         // accessed as @x[k]
  SourceRange first_use = SourceRange::none();
  SourceRange value_site = SourceRange::none();  // first assignment that fixed the value type
  bool literal_values = true;      // only non-negative integer literals assigned so far
  std::string declared_kind;       // "hash", "lruhash", ... from `let @m = kind(N)`; "" if none
  uint64_t declared_max_entries = 0;
};

struct VariableInfo {
  std::string name;  // "$x"
  Type type;
  bool fixed = false;  // `let $x: T` fixes the type
  bool literal_values = true;  // only non-negative integer literals assigned so far
  SourceRange declared = SourceRange::none();
};

struct ProbeInfo {
  ast::Probe* probe = nullptr;
  std::vector<AttachPoint> points;     // after wildcard expansion
  std::vector<ProbeContext> contexts;  // parallel to points
  std::vector<VariableInfo> variables; // by Variable::slot
  bool is_begin() const { return !points.empty() && points[0].provider == "begin"; }
  bool is_end() const { return !points.empty() && points[0].provider == "end"; }
};

class TypeLookup;

struct SemanticModel {
  // A deque: passes hold MapInfo references while visiting keys that may add maps.
  std::deque<MapInfo> maps;
  std::map<std::string, int> map_index;
  std::vector<ProbeInfo> probes;
  RuntimeConfig config;
  std::vector<std::string> positional_args;  // $1 ... as given on the command line
  std::vector<std::string> named_args;       // "name" / "name=value" from `-- --name=value`
  std::set<std::string> named_known;         // names getopt() calls ask for
  std::set<std::string> named_used;          // of those, the ones given on the command line
  bool unsafe = false;
  std::optional<int> child_pid;              // -c: value of `cpid`
  TypeLookup* types = nullptr;               // C/BTF names; may be null

  MapInfo* find_map(const std::string& name) {
    auto it = map_index.find(name);
    return it == map_index.end() ? nullptr : &maps[it->second];
  }
};

}  // namespace sonde
