#include "runtime/bpf_object.h"

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <cstdio>
#include <vector>

namespace sonde {

namespace {
bool g_libbpf_verbose = false;

int libbpf_print(enum libbpf_print_level level, const char* format, va_list args) {
  if (!g_libbpf_verbose) return 0;
  return std::vfprintf(stderr, format, args);
}

// The verifier's rejection is in the last lines of its log; keep those.
std::string tail_lines(const std::string& log, size_t max_lines) {
  size_t end = log.find_last_not_of("\n \0", std::string::npos, 3);
  if (end == std::string::npos) return "";
  size_t pos = end + 1, lines = 0;
  while (pos > 0 && lines < max_lines) {
    pos = log.rfind('\n', pos - 1);
    if (pos == std::string::npos) {
      pos = 0;
      break;
    }
    ++lines;
  }
  return log.substr(pos == 0 ? 0 : pos + 1, end + 1 - (pos == 0 ? 0 : pos + 1));
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

  // Load-time log per program: only filled on failure unless verbose.
  constexpr size_t kProgramLogSize = 1 << 20;
  std::vector<std::unique_ptr<char[]>> prog_logs;
  bpf_program* prog;
  bpf_object__for_each_program(prog, object) {
    prog_logs.emplace_back(new char[kProgramLogSize]);
    prog_logs.back()[0] = '\0';
    bpf_program__set_log_buf(prog, prog_logs.back().get(), kProgramLogSize);
    if (verbose_log) bpf_program__set_log_level(prog, 2);
  }
  if (int err = bpf_object__load(object); err) {
    std::string detail;
    for (const auto& buf : prog_logs) {
      std::string text(buf.get());
      if (!text.empty()) detail += tail_lines(text, 20) + "\n";
    }
    std::string message = "failed to load the BPF programs: " + std::string(strerror(-err));
    if (!detail.empty()) message += "\n" + detail;
    return Error{message};
  }
  if (verbose_log) {
    for (const auto& buf : prog_logs) std::fputs(buf.get(), stderr);
  }
  return loaded;
}

LoadedObject::~LoadedObject() { bpf_object__close(object_); }

bpf_program* LoadedObject::program(const std::string& name) const {
  return bpf_object__find_program_by_name(object_, name.c_str());
}

int LoadedObject::map_fd(const std::string& name) const {
  bpf_map* map = bpf_object__find_map_by_name(object_, name.c_str());
  return map ? bpf_map__fd(map) : -1;
}

}  // namespace sonde
