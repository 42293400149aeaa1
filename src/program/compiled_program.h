// CompiledProgram: everything the runtime needs to load, attach, run and print a program, with
// no reference to the AST or LLVM. The compiler (src/codegen/) produces it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "program/attach_point.h"
#include "program/config.h"
#include "types/type.h"

namespace sonde {

// One BPF program in the ELF object.
struct ProgramSpec {
  std::string function_name;  // ELF symbol = libbpf program name
  AttachPoint attach;
  bool is_begin = false;      // run once with BPF_PROG_TEST_RUN before attaching the rest
  bool is_end = false;        // run once after detaching the rest
};

// How a user-visible map is stored in the kernel.
enum class MapStorage {
  ScalarArray,        // array of 1 entry (plain scalar @x = v)
  ScalarPerCpuArray,  // per-CPU array of 1 entry (scalar count/sum/min/max/avg/stats)
  Hash,               // hash keyed by `key` (plain values)
  PerCpuHash,         // per-CPU hash keyed by `key` (keyed aggregations)
  HistPerCpuArray,    // scalar hist/lhist: per-CPU array indexed by bucket, u64 counters
  HistPerCpuHash,     // keyed hist/lhist: per-CPU hash keyed by {key, u64 bucket}, u64 counters
};

struct MapSpec {
  std::string name;      // "@x", "@" for the anonymous map
  std::string bpf_name;  // name of the map in the object
  Type key;              // none() for scalar maps
  Type value;            // aggregation kinds are Type::aggregation()/hist()/lhist()
  MapStorage storage = MapStorage::Hash;
  uint32_t max_entries = 0;
  // Sizes of one kernel map key and one (per-CPU) value, as planned by the compiler.
  uint32_t key_size = 0;
  uint32_t value_size = 0;
  // hist/lhist keyed storage: size of the {key, bucket} key (key padded to 8, then u64).
  uint32_t hist_key_size() const { return (key.size() + 7) / 8 * 8 + 8; }
  bool is_scalar() const { return key.is_none(); }
};

// Events sent from BPF to user space through the ring buffer. Every record starts with a
// uint64 action index into CompiledProgram::actions; the payload follows at offset 8, laid
// out as the action's `args` tuple.
enum class ActionKind {
  Printf,     // format + args
  Print,      // print(value): args has one element
  PrintMap,   // print(@m [, top [, div]]): args holds top and div (uint64)
  ClearMap,   // clear(@m)
  ZeroMap,    // zero(@m)
  Exit,       // exit([code]): args holds the code (int64)
  Time,       // time(fmt)
  Cat,        // cat(fmt, args...)
  System,     // system(fmt, args...)
  Join,       // join(arr, sep)
  Errorf,     // errorf(fmt, args...)
  Warnf,      // warnf(fmt, args...)
  RuntimeWarning,  // division by zero, map full ...: message + location, no args
  ProcessSeen,     // a pid's first user stack or address: args (uint32 pid); see symbolizer.h
};

struct SourceExcerpt {
  std::string location;  // "stdin:1:17-25"
  std::string source_line;
  std::string marker_line;
  std::string filename;
  int line = 0;
  int column = 0;
  bool operator==(const SourceExcerpt&) const = default;
};

struct Action {
  ActionKind kind = ActionKind::Printf;
  std::string format;  // printf/cat/system/errorf/warnf format, time format, join separator
  Type args;           // tuple type of the payload
  int map_index = -1;  // PrintMap, ClearMap, ZeroMap: index into CompiledProgram::maps
  std::string message;     // RuntimeWarning text
  std::string helper;      // RuntimeWarning from a failed helper call: its name and return code
  int64_t retcode = 0;
  SourceExcerpt where;     // errorf/warnf/runtime warnings
  bool operator==(const Action&) const = default;
};

struct CompiledProgram {
  std::vector<uint8_t> elf;
  std::vector<ProgramSpec> programs;
  std::vector<MapSpec> maps;
  std::vector<Action> actions;
  std::string ringbuf_map;      // name of the event ring buffer in the object ("" if none)
  std::string kstack_map;       // stack-trace maps ("" if unused)
  std::string ustack_map;
  std::string source_name;      // script name for messages
  std::string source_text;      // the program text, to quote lines the verifier rejects
  RuntimeConfig config;
  size_t probe_count() const { return programs.size(); }
};

}  // namespace sonde
