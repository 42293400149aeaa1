#include "runtime/bpf_object.h"

#include <sstream>

#include "diag/diagnostics.h"
#include "runtime/verifier_log.h"

#include <algorithm>
#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <cstdio>
#include <vector>

namespace sonde {

namespace {
bool g_libbpf_verbose = false;
// While loading, libbpf's warnings (which carry the verifier log of a rejected program) are
// collected here instead of printed.
std::string* g_capture = nullptr;

int libbpf_print(enum libbpf_print_level level, const char* format, va_list args) {
  if (g_capture && level == LIBBPF_WARN) {
    char buf[8192];
    va_list copy;
    va_copy(copy, args);
    int n = std::vsnprintf(buf, sizeof buf, format, copy);
    va_end(copy);
    if (n > 0) g_capture->append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
  }
  if (!g_libbpf_verbose) return 0;
  return std::vfprintf(stderr, format, args);
}

// The verifier log libbpf printed between its BEGIN/END PROG LOAD LOG markers.
std::string extract_load_log(const std::string& warnings) {
  const std::string begin = "-- BEGIN PROG LOAD LOG --\n";
  auto start = warnings.find(begin);
  if (start == std::string::npos) return "";
  start += begin.size();
  auto end = warnings.find("-- END PROG LOAD LOG --", start);
  return warnings.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Loads the object again with a log buffer per program (only after a failure: logging slows
// verification). The kernel keeps the tail of an overlong log, which holds the verdict.
std::string reload_with_logs(const CompiledProgram& program) {
  bpf_object* object = bpf_object__open_mem(program.elf.data(), program.elf.size(), nullptr);
  if (!object) return "";
  constexpr size_t kLogSize = 4 << 20;
  std::vector<std::unique_ptr<char[]>> logs;
  bpf_program* prog;
  bpf_object__for_each_program(prog, object) {
    logs.emplace_back(new char[kLogSize]);
    logs.back()[0] = '\0';
    bpf_program__set_log_buf(prog, logs.back().get(), kLogSize);
    bpf_program__set_log_level(prog, 1);
  }
  bool failed = bpf_object__load(object) != 0;
  bpf_object__close(object);
  if (!failed) return "";
  // libbpf stops at the first program the kernel rejects: the last non-empty log is its.
  for (size_t i = logs.size(); i-- > 0;)
    if (logs[i][0]) return std::string(logs[i].get());
  return "";
}

// "FILE:LINE:1-END: ERROR: ..." with the source line, or a plain message without a line.
std::string describe_rejection(const CompiledProgram& program, const std::string& log,
                               int err) {
  VerifierRejection rejection = explain_verifier_log(log);
  if (rejection.reason.empty())
    return "ERROR: failed to load the BPF programs: " + std::string(std::strerror(-err)) + "\n";
  Diagnostic diag;
  diag.message = "the kernel's BPF verifier rejected the program: " + rejection.reason;
  SourceFile source(program.source_name, program.source_text);
  if (rejection.line && *rejection.line <= source.line_count()) {
    int line = *rejection.line;
    int width = static_cast<int>(source.line(line).size());
    diag.range = SourceRange{{line, 1}, {line, width + 1}};
  }
  diag.hints.push_back("run with -d verifier to see the whole verifier log");
  std::ostringstream out;
  render_diagnostic(out, &source, diag, RenderOptions{});
  return out.str();
}

}  // namespace

void configure_libbpf_logging(bool verbose) {
  g_libbpf_verbose = verbose;
  libbpf_set_print(libbpf_print);
}

Result<std::unique_ptr<LoadedObject>> LoadedObject::load(const CompiledProgram& program,
                                                         bool verbose_log) {
  // Log buffers are left uninitialised: the kernel only writes them when it has something to
  // say, and touching megabytes of zeroes would cost resident memory on every run.
  size_t log_size = program.config.log_size ? program.config.log_size : 1000000;
  std::unique_ptr<char[]> log(new char[log_size]);
  log[0] = '\0';
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "sonde", .kernel_log_buf = log.get(),
              .kernel_log_size = log_size, .kernel_log_level = verbose_log ? 2u : 0u);
  bpf_object* object = bpf_object__open_mem(program.elf.data(), program.elf.size(), &opts);
  if (!object) return errno_error("failed to open the BPF object", errno);
  std::unique_ptr<LoadedObject> loaded(new LoadedObject(object));

  // Without log buffers of our own, libbpf reloads a rejected program with logging on and
  // reports the log as a warning, which we capture.
  std::string warnings;
  g_capture = &warnings;
  int err = bpf_object__load(object);
  g_capture = nullptr;
  if (err) {
    std::string log = extract_load_log(warnings);
    if (log.empty()) log = reload_with_logs(program);
    return Error{describe_rejection(program, log, err)};
  }
  return loaded;
}

// The kernel frees a program attached through a raw tracepoint link only after RCU grace
// periods (the link's reference is dropped from a callback, ~100 ms here), so closing the
// object does not unload it at once; waiting for that keeps "nothing outlives sonde" true.
LoadedObject::~LoadedObject() {
  std::vector<uint32_t> ids;
  bpf_program* prog;
  bpf_object__for_each_program(prog, object_) {
    bpf_prog_info info{};
    uint32_t size = sizeof info;
    if (bpf_program__fd(prog) >= 0 &&
        bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &size) == 0)
      ids.push_back(info.id);
  }
  bpf_object__close(object_);
  constexpr int kMaxWaitMs = 1000;
  for (uint32_t id : ids) {
    for (int waited = 0; waited < kMaxWaitMs; ++waited) {
      int fd = bpf_prog_get_fd_by_id(id);
      if (fd < 0) break;
      close(fd);
      usleep(1000);
    }
  }
}

bpf_program* LoadedObject::program(const std::string& name) const {
  return bpf_object__find_program_by_name(object_, name.c_str());
}

int LoadedObject::map_fd(const std::string& name) const {
  bpf_map* map = bpf_object__find_map_by_name(object_, name.c_str());
  return map ? bpf_map__fd(map) : -1;
}

}  // namespace sonde
