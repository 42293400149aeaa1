// An LLVM module being built into a BPF ELF object: the BPF target (initialised once), debug
// info that becomes BTF (libbpf needs BTF-defined maps; the kernel needs BTF for line info),
// map definitions in ".maps", program functions in their sections, and emission to bytes.
#pragma once

#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "diag/source.h"
#include "support/result.h"

namespace sonde::codegen {

// Kernel map types used by sonde (values of enum bpf_map_type).
enum class BpfMapType : uint32_t {
  Hash = 1,
  Array = 2,
  PerfEventArray = 4,
  PerCpuHash = 5,
  PerCpuArray = 6,
  StackTrace = 7,
  LruHash = 9,
  LruPerCpuHash = 10,
  RingBuf = 27,
};

struct MapDefinition {
  std::string name;
  BpfMapType type = BpfMapType::Hash;
  uint32_t key_size = 0;    // 0 for ring buffers
  uint32_t value_size = 0;  // 0 for ring buffers
  uint32_t max_entries = 0;
};

class BpfModule {
 public:
  explicit BpfModule(const SourceFile* source);
  ~BpfModule();

  llvm::LLVMContext& context() { return *context_; }
  llvm::Module& module() { return *module_; }
  llvm::DIBuilder& debug() { return *di_; }
  llvm::DIFile* debug_file() { return file_; }

  // Declares a BTF-defined map; returns the global to pass as a helper's map argument. The
  // definition may be changed through `map_definition` until emit_object().
  llvm::GlobalVariable* add_map(const MapDefinition& def);
  MapDefinition& map_definition(const std::string& name);

  // A program function `i64 name(ptr ctx)` in `section`, with debug info and the attributes
  // BPF programs need. Returns it with an entry block.
  llvm::Function* add_program(const std::string& name, const std::string& section);

  // A static subprogram `i64 name(ptr map, ptr key, ptr value, ptr ctx)`: the callback of
  // bpf_for_each_map_elem. Returns it with an entry block.
  llvm::Function* add_map_callback(const std::string& name);

  // Runs the LLVM verifier over the module (--verify-llvm-ir); an error names the problem.
  Status verify() const;
  std::string ir_text() const;

  // Finalises debug info and emits the ELF object.
  Result<std::vector<uint8_t>> emit_object();

  // Errors the LLVM backend reported while emitting (e.g. an unsupported operation), with the
  // source position of the instruction when it had one.
  struct BackendError {
    std::string message;
    int line = 0;
    int column = 0;
  };
  const std::vector<BackendError>& backend_errors() const { return backend_errors_; }

 private:
  llvm::DIType* map_member_type(uint32_t value);
  void describe_map(llvm::GlobalVariable* global, const MapDefinition& def);
  std::vector<std::pair<llvm::GlobalVariable*, MapDefinition>> maps_;
  std::vector<BackendError> backend_errors_;
  std::unique_ptr<llvm::LLVMContext> context_;
  std::unique_ptr<llvm::Module> module_;
  std::unique_ptr<llvm::DIBuilder> di_;
  llvm::DICompileUnit* cu_ = nullptr;
  llvm::DIFile* file_ = nullptr;
  llvm::DIType* int_type_ = nullptr;
  llvm::DIType* ctx_type_ = nullptr;
};

}  // namespace sonde::codegen
