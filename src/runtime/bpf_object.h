// A CompiledProgram's ELF object opened and loaded into the kernel; owns the libbpf object, so
// destroying it unloads every program and map.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <string>

#include "program/compiled_program.h"
#include "support/result.h"

namespace sonde {

class LoadedObject {
 public:
  // Opens and loads. On failure the error's message is complete text for stderr: a verifier
  // rejection is rendered as a located diagnostic at the failing source line.
  static Result<std::unique_ptr<LoadedObject>> load(const CompiledProgram& program,
                                                    bool verbose_log);
  ~LoadedObject();
  LoadedObject(const LoadedObject&) = delete;
  LoadedObject& operator=(const LoadedObject&) = delete;

  bpf_program* program(const std::string& name) const;
  int map_fd(const std::string& name) const;  // -1 if absent

 private:
  explicit LoadedObject(bpf_object* object) : object_(object) {}
  bpf_object* object_;
};

// Routes libbpf's own messages: silent unless verbose (-v / -d libbpf).
void configure_libbpf_logging(bool verbose);

}  // namespace sonde
