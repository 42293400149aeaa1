#include "codegen/compile_state.h"

#include <algorithm>

namespace sonde::codegen {

namespace {

bool is_per_cpu_aggregation(const Type& t) { return t.is_aggregation(); }

MapStorage choose_storage(const MapInfo& info) {
  bool scalar = info.key.is_none();
  if (info.value.is_hist_like())
    return scalar ? MapStorage::HistPerCpuArray : MapStorage::HistPerCpuHash;
  if (is_per_cpu_aggregation(info.value))
    return scalar ? MapStorage::ScalarPerCpuArray : MapStorage::PerCpuHash;
  return scalar ? MapStorage::ScalarArray : MapStorage::Hash;
}

std::string bpf_map_name(const std::string& name, size_t index) {
  // "@x" -> "AT_x"; the kernel keeps 15 characters, the object keeps all.
  std::string out = "AT_" + name.substr(1);
  if (name == "@") out = "AT_";
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return out;
}

BpfMapType kernel_map_type(const MapSpec& spec, const MapInfo& info) {
  bool lru = info.declared_kind == "lruhash" || info.declared_kind == "percpulruhash";
  switch (spec.storage) {
    case MapStorage::ScalarArray: return BpfMapType::Array;
    case MapStorage::ScalarPerCpuArray:
    case MapStorage::HistPerCpuArray:
      return BpfMapType::PerCpuArray;
    case MapStorage::Hash: return lru ? BpfMapType::LruHash : BpfMapType::Hash;
    case MapStorage::PerCpuHash:
    case MapStorage::HistPerCpuHash:
      return lru ? BpfMapType::LruPerCpuHash : BpfMapType::PerCpuHash;
  }
  return BpfMapType::Hash;
}

}  // namespace

CompileState::CompileState(BpfModule& module, const SemanticModel& model, const SourceFile& source,
                           Diagnostics& diags)
    : module(module), model(model), source(source), diags(diags) {
  plan_maps();
}

void CompileState::plan_maps() {
  for (size_t i = 0; i < model.maps.size(); ++i) {
    const MapInfo& info = model.maps[i];
    MapSpec spec;
    spec.name = info.name;
    spec.bpf_name = bpf_map_name(info.name, i);
    spec.key = info.key;
    spec.value = info.value;
    spec.storage = choose_storage(info);
    uint64_t max = info.declared_max_entries ? info.declared_max_entries : model.config.max_map_keys;

    MapDefinition def;
    def.name = spec.bpf_name;
    switch (spec.storage) {
      case MapStorage::ScalarArray:
        def.key_size = 4;
        def.value_size = 8 + std::max<uint32_t>(1, info.value.size());  // set flag, value
        def.max_entries = 1;
        break;
      case MapStorage::ScalarPerCpuArray:
        // A scalar sum() also keeps a "set" flag after its value: the array slot always
        // exists, so only the flag tells `@s = sum(0)` from a sum never written.
        def.key_size = 4;
        def.value_size = info.value.is(TypeKind::Sum) ? 16 : info.value.size();
        def.max_entries = 1;
        break;
      case MapStorage::HistPerCpuArray:
        def.key_size = 4;
        def.value_size = 8;
        def.max_entries = info.value.bucket_count();
        break;
      case MapStorage::Hash:
      case MapStorage::PerCpuHash:
        def.key_size = std::max<uint32_t>(1, info.key.size());
        def.value_size = std::max<uint32_t>(1, info.value.size());
        def.max_entries = static_cast<uint32_t>(max);
        break;
      case MapStorage::HistPerCpuHash:
        def.key_size = spec.hist_key_size();
        def.value_size = 8;
        // One entry per (key, bucket) pair.
        def.max_entries = static_cast<uint32_t>(max * 16);
        break;
    }
    def.type = kernel_map_type(spec, info);
    spec.max_entries = def.max_entries;
    spec.key_size = def.key_size;
    spec.value_size = def.value_size;
    maps.push_back(spec);
    map_globals.push_back(module.add_map(def));
  }
}

llvm::GlobalVariable* CompileState::ringbuf() {
  if (!ringbuf_) {
    uint64_t pages = model.config.perf_rb_pages ? model.config.perf_rb_pages : 1024;
    // Power of two pages of 4 KiB.
    uint64_t size = 4096;
    while (size < pages * 4096) size <<= 1;
    ringbuf_ = module.add_map({kRingbufMap, BpfMapType::RingBuf, 0, 0, static_cast<uint32_t>(size)});
  }
  return ringbuf_;
}

llvm::GlobalVariable* CompileState::lost_counter() {
  if (!lost_) lost_ = module.add_map({kLostMap, BpfMapType::PerCpuArray, 4, 8, 1});
  return lost_;
}

llvm::GlobalVariable* CompileState::scratch() {
  if (!scratch_) scratch_ = module.add_map({kScratchMap, BpfMapType::PerCpuArray, 4, 8, 1});
  return scratch_;
}

llvm::GlobalVariable* CompileState::stack_map(bool user) {
  auto*& map = user ? ustack_ : kstack_;
  if (!map) {
    map = module.add_map({user ? kUstackMap : kKstackMap, BpfMapType::StackTrace, 4,
                          kMaxStackDepth * 8,
                          static_cast<uint32_t>(model.config.max_map_keys)});
  }
  return map;
}

llvm::GlobalVariable* CompileState::globals() {
  if (!globals_)
    globals_ = module.add_map({kGlobalsMap, BpfMapType::Array, 4, 8,
                               static_cast<uint32_t>(GlobalSlot::Count)});
  return globals_;
}

llvm::GlobalVariable* CompileState::syscall_probe_names(const ProbeInfo& probe,
                                                       uint32_t row_size) {
  auto& table = probe_name_tables_[{&probe, row_size}];
  if (table) return table;
  int rows = 0;
  for (const auto& c : probe.contexts) rows = std::max(rows, c.syscall_nr + 1);
  std::vector<uint8_t> bytes(static_cast<size_t>(rows) * row_size, 0);
  for (const auto& c : probe.contexts) {
    if (c.syscall_nr < 0) continue;
    size_t n = std::min<size_t>(c.probe_name.size(), row_size - 1);
    std::copy_n(c.probe_name.begin(), n, bytes.begin() + static_cast<size_t>(c.syscall_nr) * row_size);
  }
  auto* init = llvm::ConstantDataArray::get(module.context(), bytes);
  table = new llvm::GlobalVariable(module.module(), init->getType(), true,
                                   llvm::GlobalValue::InternalLinkage, init,
                                   "sonde_probe_names_" + std::to_string(probe_name_tables_.size()));
  table->setSection(".rodata");
  table->setAlignment(llvm::Align(8));
  return table;
}

uint64_t CompileState::add_action(Action action) {
  // An equal action (the same statement compiled for another attach point) is reused, so that
  // the programs of a wildcard probe stay identical and can be shared (share_programs.h).
  for (size_t id = 0; id < actions.size(); ++id)
    if (actions[id] == action) return id;
  actions.push_back(std::move(action));
  return actions.size() - 1;
}

SourceExcerpt CompileState::excerpt(SourceRange range) const {
  SourceExcerpt e;
  e.filename = source.name();
  e.line = range.begin.line;
  e.column = range.begin.column;
  int end = std::max(range.end.column, range.begin.column + 1);
  if (range.end.line != range.begin.line) end = static_cast<int>(source.line(range.begin.line).size()) + 1;
  e.location = source.name() + ":" + std::to_string(range.begin.line) + ":" +
               std::to_string(range.begin.column) + "-" + std::to_string(end);
  std::string line(source.line(range.begin.line));
  std::string expanded, marker;
  int col = 1;
  for (size_t i = 0; i < line.size(); ++i, ++col) {
    std::string piece = line[i] == '\t' ? "    " : std::string(1, line[i]);
    expanded += piece;
    char m = col >= range.begin.column && col < end ? '~' : ' ';
    marker += std::string(piece.size(), m);
  }
  while (!marker.empty() && marker.back() == ' ') marker.pop_back();
  e.source_line = expanded;
  e.marker_line = marker;
  return e;
}

void CompileState::note_scratch_use(uint32_t bytes) {
  scratch_size_ = std::max(scratch_size_, (bytes + 7) / 8 * 8);
}

void CompileState::finish() {
  if (scratch_) module.map_definition(kScratchMap).value_size = std::max<uint32_t>(8, scratch_size_);
}

}  // namespace sonde::codegen
