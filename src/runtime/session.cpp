// The life of a run (spec/output.md §1).
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <pwd.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "probes/registry.h"
#include "runtime/bpf_object.h"
#include "runtime/event_handler.h"
#include "runtime/link_set.h"
#include "runtime/run.h"
#include "support/unique_fd.h"

namespace sonde {

namespace {

constexpr const char* kRingbufMap = "sonde_events";
constexpr const char* kLostMap = "sonde_lost";
constexpr const char* kGlobalsMap = "sonde_globals";
constexpr const char* kKstackMap = "sonde_kstack";
constexpr const char* kUstackMap = "sonde_ustack";
constexpr int kSetupFailure = 255;

int64_t clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct RingBufferDeleter {
  void operator()(ring_buffer* rb) const { ring_buffer__free(rb); }
};

class Session {
 public:
  Session(const CompiledProgram& program, const RunOptions& options)
      : program_(program), options_(options) {}
  int run();

 private:
  Status load();
  void setup_values();
  Status run_special(bool begin);
  Status attach_all();
  void event_loop();
  void drain();
  void report_lost(bool at_exit);
  void finish_output();
  static int on_record(void* ctx, void* data, size_t size);

  const CompiledProgram& program_;
  const RunOptions& options_;
  std::unique_ptr<LoadedObject> object_;
  LinkSet links_;
  ValueContext values_;
  std::unique_ptr<Output> output_;
  MapAccessor maps_;
  std::unique_ptr<EventHandler> handler_;
  std::unique_ptr<ring_buffer, RingBufferDeleter> ring_;
  uint64_t lost_reported_ = 0;
};

int Session::on_record(void* ctx, void* data, size_t size) {
  static_cast<Session*>(ctx)->handler_->handle(static_cast<const uint8_t*>(data), size);
  return 0;
}

Status Session::load() {
  auto object = LoadedObject::load(program_, options_.verbose);
  if (!object) return object.error();
  object_ = std::move(*object);
  maps_.program = &program_;
  for (const auto& spec : program_.maps) maps_.fds.push_back(object_->map_fd(spec.bpf_name));
  if (int fd = object_->map_fd(kGlobalsMap); fd >= 0) {
    uint32_t slot = 0;
    uint64_t start = static_cast<uint64_t>(clock_ns(CLOCK_BOOTTIME));
    bpf_map_update_elem(fd, &slot, &start, BPF_ANY);
  }
  if (int fd = object_->map_fd(kRingbufMap); fd >= 0) {
    ring_.reset(ring_buffer__new(fd, on_record, this, nullptr));
    if (!ring_) return errno_error("failed to create the ring buffer reader", errno);
  }
  return Status::success();
}

void Session::setup_values() {
  values_.config = &program_.config;
  int kstack_fd = object_->map_fd(kKstackMap);
  int ustack_fd = object_->map_fd(kUstackMap);
  values_.stack_frames = [kstack_fd, ustack_fd](bool user, int64_t id) {
    std::vector<uint64_t> frames(127);
    int fd = user ? ustack_fd : kstack_fd;
    uint32_t key = static_cast<uint32_t>(id);
    if (fd < 0 || id < 0 || bpf_map_lookup_elem(fd, &key, frames.data()) != 0) return std::vector<uint64_t>{};
    while (!frames.empty() && frames.back() == 0) frames.pop_back();
    return frames;
  };
  values_.username = [](uint64_t uid) -> std::string {
    struct passwd* pw = getpwuid(static_cast<uid_t>(uid));
    return pw ? pw->pw_name : "";
  };
  int64_t offset = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
  values_.boot_to_realtime_ns = [offset](uint64_t boot_ns) {
    return static_cast<int64_t>(boot_ns) + offset;
  };
  OutputOptions out;
  out.out = options_.out;
  out.err = stderr;
  out.quiet = options_.quiet;
  out.buffering = options_.buffering;
  out.values = &values_;
  output_ = options_.format == OutputFormat::Json ? make_json_output(out) : make_text_output(out);
  handler_ = std::make_unique<EventHandler>(program_, *output_, maps_, values_, stderr,
                                            options_.warnings);
}

Status Session::run_special(bool begin) {
  for (const auto& spec : program_.programs) {
    if (begin ? !spec.is_begin : !spec.is_end) continue;
    bpf_program* prog = object_->program(spec.function_name);
    if (!prog) continue;
    LIBBPF_OPTS(bpf_test_run_opts, opts);
    if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) != 0)
      return errno_error("failed to run the " + std::string(begin ? "BEGIN" : "END") + " probe",
                         errno);
    drain();
  }
  return Status::success();
}

Status Session::attach_all() {
  for (const auto& spec : program_.programs) {
    if (spec.is_begin || spec.is_end) continue;
    const ProbeProvider* provider = find_provider(spec.attach.provider);
    bpf_program* prog = object_->program(spec.function_name);
    if (!provider || !prog) return Error{"internal error: no program for " + spec.attach.name};
    auto links = provider->attach(spec.attach, prog, options_.probe_env);
    if (!links) {
      if (program_.config.missing_probes == MissingProbes::Error)
        return Error{"Unable to attach probe: " + spec.attach.name + ". If this is expected, set "
                     "the 'missing_probes' config variable to 'warn'.\n" +
                     links.error().message};
      if (program_.config.missing_probes == MissingProbes::Warn)
        std::fprintf(stderr, "WARNING: Unable to attach probe: %s: %s\n", spec.attach.name.c_str(),
                     links.error().message.c_str());
      continue;
    }
    links_.add(std::move(*links));
  }
  return Status::success();
}

void Session::drain() {
  if (ring_) ring_buffer__consume(ring_.get());
  report_lost(false);
}

void Session::report_lost(bool at_exit) {
  int fd = object_ ? object_->map_fd(kLostMap) : -1;
  if (fd < 0) return;
  std::vector<uint64_t> per_cpu(static_cast<size_t>(maps_.reader.cpus()));
  uint32_t key = 0;
  if (bpf_map_lookup_elem(fd, &key, per_cpu.data()) != 0) return;
  uint64_t total = 0;
  for (uint64_t v : per_cpu) total += v;
  if (total > lost_reported_) {
    output_->lost_events(total - lost_reported_);
    lost_reported_ = total;
  }
  if (at_exit && total > 0) {
    output_->flush();
    std::fprintf(stderr, "WARNING: Total lost event count: %llu\n",
                 static_cast<unsigned long long>(total));
  }
}

void Session::event_loop() {
  UniqueFd epoll(epoll_create1(EPOLL_CLOEXEC));
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  UniqueFd sigfd(signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
  auto watch = [&](int fd, uint64_t tag) {
    struct epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    epoll_ctl(epoll.get(), EPOLL_CTL_ADD, fd, &ev);
  };
  enum : uint64_t { kRing = 1, kSignal = 2, kProcess = 3 };
  if (ring_) watch(ring_buffer__epoll_fd(ring_.get()), kRing);
  watch(sigfd.get(), kSignal);
  UniqueFd pidfd;
  if (options_.watch_pid) {
    pidfd.reset(static_cast<int>(syscall(SYS_pidfd_open, *options_.watch_pid, 0)));
    if (pidfd.valid()) watch(pidfd.get(), kProcess);
  }
  while (!handler_->exit_requested()) {
    struct epoll_event events[4];
    int n = epoll_wait(epoll.get(), events, 4, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    bool stop = false;
    for (int i = 0; i < n; ++i) {
      switch (events[i].data.u64) {
        case kRing:
          drain();
          break;
        case kSignal: {
          struct signalfd_siginfo info;
          while (read(sigfd.get(), &info, sizeof info) == sizeof info) {
            if (info.ssi_signo == SIGUSR1) {
              for (size_t m = 0; m < program_.maps.size(); ++m)
                output_->map(maps_.read(static_cast<int>(m)), 0, 1);
            } else {
              stop = true;
            }
          }
          break;
        }
        case kProcess:
          drain();
          stop = true;
          break;
      }
    }
    if (stop) break;
  }
}

void Session::finish_output() {
  output_->end_of_run();
  if (program_.config.print_maps_on_exit) {
    // Maps print in byte-wise order of their names.
    std::vector<size_t> order(program_.maps.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return program_.maps[a].name < program_.maps[b].name;
    });
    for (size_t i : order) {
      MapSnapshot snap = maps_.read(static_cast<int>(i));
      if (!snap.entries.empty()) output_->map(snap, 0, 1);
    }
  }
  report_lost(true);
  output_->flush();
}

int Session::run() {
  if (auto status = load(); !status) {
    std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
    return kSetupFailure;
  }
  setup_values();
  if (options_.dry_run) {
    auto status = attach_all();
    links_.detach_all();
    if (!status) {
      std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
      return kSetupFailure;
    }
    return 0;
  }
  if (auto status = run_special(true); !status) {
    std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
    return kSetupFailure;
  }
  bool only_special = true;
  for (const auto& spec : program_.programs) only_special &= spec.is_begin || spec.is_end;
  if (!handler_->exit_requested()) {
    if (auto status = attach_all(); !status) {
      links_.detach_all();
      output_->flush();
      std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
      return kSetupFailure;
    }
  }
  output_->attached_probes(program_.programs.size());
  if (std::getenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED")) {
    std::fprintf(stderr, "__BPFTRACE_NOTIFY_PROBES_ATTACHED\n");
    std::fflush(stderr);
  }
  if (options_.release_child) options_.release_child();
  if (!only_special && !handler_->exit_requested()) event_loop();
  links_.detach_all();
  drain();
  handler_->accept_after_exit();
  if (auto status = run_special(false); !status)
    std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
  finish_output();
  return handler_->exit_code();
}

}  // namespace

void block_run_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
}

int run_program(const CompiledProgram& program, const RunOptions& options) {
  Session session(program, options);
  return session.run();
}

}  // namespace sonde
