#include "support/process.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace sonde::test {

namespace {

constexpr const char* kNotify = "__BPFTRACE_NOTIFY_PROBES_ATTACHED";

void read_ids(pid_t pid, std::set<uint32_t>& progs, std::set<uint32_t>& links) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fdinfo";
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in(dir + "/" + e->d_name);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("prog_id:", 0) == 0) progs.insert(std::stoul(line.substr(8)));
      if (line.rfind("link_id:", 0) == 0) links.insert(std::stoul(line.substr(8)));
    }
  }
  closedir(d);
}

void drain(int fd, std::string& sink) {
  char buf[65536];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    sink.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

std::string build_dir() { return SONDE_BUILD_DIR; }
std::string source_dir() { return SONDE_SOURCE_DIR; }

RunResult run_command(const RunSpec& spec) {
  RunResult result;
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC) || pipe2(in_pipe, O_CLOEXEC))
    return result;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    setenv(kNotify, "1", 1);
    std::string cmd = "exec " + spec.command;
    execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  if (!spec.stdin_text.empty()) {
    [[maybe_unused]] ssize_t n = write(in_pipe[1], spec.stdin_text.data(), spec.stdin_text.size());
  }
  close(in_pipe[1]);
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);

  auto deadline = std::chrono::steady_clock::now() + spec.timeout;
  bool attached = false, after_done = false, exited = false;
  int status = 0;
  std::string err_raw;
  while (!exited) {
    struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    poll(fds, 2, 20);
    drain(out_pipe[0], result.out);
    drain(err_pipe[0], err_raw);
    if (!attached && err_raw.find(kNotify) != std::string::npos) {
      attached = true;
      read_ids(pid, result.prog_ids, result.link_ids);
    }
    if (attached && !after_done) {
      after_done = true;
      if (!spec.after.empty()) {
        [[maybe_unused]] int rc = std::system(spec.after.c_str());
      }
      if (spec.signal_after) kill(pid, *spec.signal_after);
    }
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) exited = true;
    if (!exited && std::chrono::steady_clock::now() > deadline) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      exited = true;
    }
  }
  fcntl(out_pipe[0], F_SETFL, 0);
  fcntl(err_pipe[0], F_SETFL, 0);
  drain(out_pipe[0], result.out);
  drain(err_pipe[0], err_raw);
  close(out_pipe[0]);
  close(err_pipe[0]);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // Drop the notification line.
  std::string line = std::string(kNotify) + "\n";
  if (auto pos = err_raw.find(line); pos != std::string::npos) err_raw.erase(pos, line.size());
  result.err = err_raw;
  return result;
}

std::set<uint32_t> live_prog_ids(const std::set<uint32_t>& ids) {
  std::set<uint32_t> live;
  for (uint32_t id : ids) {
    int fd = bpf_prog_get_fd_by_id(id);
    if (fd >= 0) {
      live.insert(id);
      close(fd);
    }
  }
  return live;
}

std::set<uint32_t> live_link_ids(const std::set<uint32_t>& ids) {
  std::set<uint32_t> live;
  for (uint32_t id : ids) {
    int fd = bpf_link_get_fd_by_id(id);
    if (fd >= 0) {
      live.insert(id);
      close(fd);
    }
  }
  return live;
}

}  // namespace sonde::test
