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
#include <optional>

#include "kernel/cgroups.h"
#include "probes/registry.h"
#include "runtime/bpf_object.h"
#include "runtime/event_handler.h"
#include "runtime/link_set.h"
#include "runtime/run.h"
#include "runtime/symbolizer.h"
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
  Status check_support();
  Status attach_all();
  bool runs_until_stopped() const;
  void event_loop();
  bool drain_batch();
  void drain();
  void report_lost(bool at_exit);
  void print_all_maps();
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
  size_t batch_records_ = 0;
  bool output_held_ = false;  // begin's output waits for "Attached N probes"; so do losses
};

// Records handled per batch: libbpf keeps consuming while the producer keeps writing, so the
// callback ends a batch to let the loop flush output and look at signals.
constexpr size_t kBatchRecords = 4096;
constexpr int kEndBatch = -1;

int Session::on_record(void* ctx, void* data, size_t size) {
  auto* self = static_cast<Session*>(ctx);
  const bool exiting = self->handler_->exit_requested();
  self->handler_->handle(static_cast<const uint8_t*>(data), size);
  // exit() ends the batch at once, so the loop stops without handling what follows.
  if (++self->batch_records_ >= kBatchRecords || exiting != self->handler_->exit_requested())
    return kEndBatch;
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
  // A stack id names its map's depth in bits 32..47, 0 meaning the default 127-frame maps
  // (codegen/symbol_capture.h): "sonde_kstack" or "sonde_kstack_DEPTH".
  const LoadedObject* object = object_.get();
  values_.stack_frames = [object](bool user, int64_t id) {
    if (id < 0) return std::vector<uint64_t>{};
    uint32_t depth = static_cast<uint32_t>(id >> 32) & 0xffff;
    std::string name = user ? kUstackMap : kKstackMap;
    if (depth) name += "_" + std::to_string(depth);
    std::vector<uint64_t> frames(depth ? depth : 127);
    int fd = object->map_fd(name);
    uint32_t key = static_cast<uint32_t>(id);
    if (fd < 0 || bpf_map_lookup_elem(fd, &key, frames.data()) != 0) return std::vector<uint64_t>{};
    while (!frames.empty() && frames.back() == 0) frames.pop_back();
    return frames;
  };
  // Symbols: nothing is read until a stack or symbol is printed (symbolizer.h).
  auto symbols = std::make_shared<Symbolizer>();
  values_.ksym = [symbols](uint64_t addr, bool with_offset) {
    return symbols->kernel(addr, with_offset);
  };
  values_.usym = [symbols](uint32_t pid, uint64_t addr, bool with_offset, std::string* module) {
    return symbols->user(pid, addr, with_offset, module);
  };
  values_.process_seen = [symbols](uint32_t pid) { symbols->note_process(pid); };
  if (options_.watch_pid && !options_.child_pid) symbols->note_process(*options_.watch_pid);
  values_.enumerator = options_.enumerator;
  auto cgroups = std::make_shared<CgroupPaths>();
  values_.cgroup_path = [cgroups](uint64_t id) { return cgroups->path_of(id); };
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

// Programs are attached kind by kind (ProbeProvider::attach_many, so a provider can share
// kernel objects between its programs); failures are then handled in program order.
Status Session::attach_all() {
  std::vector<const ProgramSpec*> specs;
  for (const auto& spec : program_.programs)
    if (!spec.is_begin && !spec.is_end) specs.push_back(&spec);
  std::vector<std::optional<Result<std::vector<LinkPtr>>>> results(specs.size());
  std::vector<const ProbeProvider*> kinds;
  for (const auto* spec : specs) {
    const ProbeProvider* provider = find_provider(spec->attach.provider);
    if (!provider) return Error{"internal error: no provider for " + spec->attach.name};
    if (std::find(kinds.begin(), kinds.end(), provider) == kinds.end()) kinds.push_back(provider);
  }
  for (const ProbeProvider* provider : kinds) {
    std::vector<ProgramToAttach> group;
    std::vector<size_t> indexes;
    for (size_t i = 0; i < specs.size(); ++i) {
      if (find_provider(specs[i]->attach.provider) != provider) continue;
      bpf_program* prog = object_->program(specs[i]->function_name);
      if (!prog) return Error{"internal error: no program for " + specs[i]->attach.name};
      group.push_back({&specs[i]->attach, prog});
      indexes.push_back(i);
    }
    auto attached = provider->attach_many(group, options_.probe_env);
    for (size_t j = 0; j < indexes.size() && j < attached.size(); ++j)
      results[indexes[j]].emplace(std::move(attached[j]));
  }
  size_t failed = 0;
  for (size_t i = 0; i < specs.size(); ++i) {
    auto& links = results[i];
    if (links && links->ok()) {
      links_.add(std::move(**links));
      continue;
    }
    ++failed;
    std::string reason = links ? links->error().message : "not attached";
    if (program_.config.missing_probes == MissingProbes::Error)
      return Error{"Unable to attach probe: " + specs[i]->attach.name + ". If this is expected, "
                   "set the 'missing_probes' config variable to 'warn'.\n" + reason};
    if (program_.config.missing_probes == MissingProbes::Warn)
      std::fprintf(stderr, "WARNING: Unable to attach probe: %s: %s\n",
                   specs[i]->attach.name.c_str(), reason.c_str());
  }
  if (!specs.empty() && failed == specs.size())
    return Error{"Attachment failed for all probes."};
  return Status::success();
}

// Refuses, before loading, probe kinds the kernel lacks (one error naming kind and reason).
Status Session::check_support() {
  std::vector<const AttachPoint*> points;
  for (const auto& spec : program_.programs) points.push_back(&spec.attach);
  return check_kernel_support(points, options_.probe_env, options_.verify_only);
}

bool Session::runs_until_stopped() const {
  for (const auto& spec : program_.programs) {
    if (spec.is_begin || spec.is_end) continue;
    const ProbeProvider* provider = find_provider(spec.attach.provider);
    if (!provider || !provider->runs_to_completion()) return true;
  }
  return false;
}

// One batch of records; true when records may remain in the ring buffer.
bool Session::drain_batch() {
  batch_records_ = 0;
  bool more = ring_ && ring_buffer__consume(ring_.get()) == kEndBatch;
  if (!output_held_) report_lost(false);
  output_->batch_done();
  return more;
}

void Session::drain() {
  while (drain_batch()) {
  }
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
  bool more = false;  // the last batch stopped with records left: poll without waiting
  while (!handler_->exit_requested()) {
    struct epoll_event events[4];
    int n = epoll_wait(epoll.get(), events, 4, more ? 0 : -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    bool stop = false;
    bool ring_ready = more;
    for (int i = 0; i < n; ++i) {
      switch (events[i].data.u64) {
        case kRing:
          ring_ready = true;
          break;
        case kSignal: {
          struct signalfd_siginfo info;
          while (read(sigfd.get(), &info, sizeof info) == sizeof info) {
            if (info.ssi_signo == SIGUSR1) {
              drain();
              print_all_maps();
              output_->batch_done();
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
    more = ring_ready && drain_batch();
  }
}

// Every map with entries, in byte-wise order of the names (exit and SIGUSR1).
void Session::print_all_maps() {
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

void Session::finish_output() {
  output_->end_of_run();
  if (program_.config.print_maps_on_exit) print_all_maps();
  report_lost(true);
  output_->flush();
}

int Session::run() {
  if (auto status = check_support(); !status) {
    std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
    return kSetupFailure;
  }
  if (auto status = load(); !status) {
    // Load errors arrive as complete text (a verifier rejection is a located diagnostic).
    const std::string& message = status.error().message;
    if (message.find("ERROR: ") == std::string::npos) std::fputs("ERROR: ", stderr);
    std::fputs(message.c_str(), stderr);
    if (message.empty() || message.back() != '\n') std::fputc('\n', stderr);
    return kSetupFailure;
  }
  if (options_.verify_only) return 0;  // every program passed the verifier
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
  output_->hold();  // begin's output follows the attached_probes record
  output_held_ = true;
  if (auto status = run_special(true); !status) {
    output_->release();
    output_->flush();
    std::fprintf(stderr, "ERROR: %s\n", status.error().message.c_str());
    return kSetupFailure;
  }
  bool only_special = !runs_until_stopped();
  if (!handler_->exit_requested()) {
    if (auto status = attach_all(); !status) {
      links_.detach_all();
      output_->release();
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
  output_->release();
  output_held_ = false;
  report_lost(false);
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
