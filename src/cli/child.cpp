#include "cli/child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <set>
#include <vector>

#include "support/strings.h"

namespace sonde {

namespace {

// The absolute path of `name` found in PATH (or `name` itself if it contains '/'). Several
// PATH entries may lead to one file (/bin -> /usr/bin); different files are ambiguous.
Result<std::string> find_binary(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) != 0) return errno_error("cannot execute '" + name + "'", errno);
    return name;
  }
  const char* path = std::getenv("PATH");
  std::vector<std::string> found;
  std::set<std::string> files;
  for (const auto& dir : split(path ? path : "/usr/bin:/bin", ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) != 0) continue;
    char real[PATH_MAX];
    if (files.insert(realpath(candidate.c_str(), real) ? real : candidate).second)
      found.push_back(candidate);
  }
  if (found.empty()) return Error{"failed to find '" + name + "' in PATH"};
  if (found.size() > 1)
    return Error{"Path '" + name + "' must refer to a unique binary but matched " +
                 std::to_string(found.size()) + " binaries"};
  return found[0];
}

}  // namespace

Result<ChildProcess> ChildProcess::start(const std::string& command) {
  std::vector<std::string> words;
  for (const auto& w : split(command, ' '))
    if (!w.empty()) words.push_back(w);
  if (words.empty()) return Error{"-c requires a command"};
  auto binary = find_binary(words[0]);
  if (!binary) return binary.error();

  int gate[2];
  if (pipe2(gate, O_CLOEXEC) != 0) return errno_error("pipe", errno);
  pid_t pid = fork();
  if (pid < 0) return errno_error("fork", errno);
  if (pid == 0) {
    // Child: restore default signal handling, wait for the parent's go, then exec.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    close(gate[1]);
    char go;
    if (read(gate[0], &go, 1) != 1) _exit(127);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    execv(binary->c_str(), argv.data());
    _exit(127);
  }
  close(gate[0]);
  return ChildProcess(pid, gate[1]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), gate_(other.gate_), reaped_(other.reaped_) {
  other.pid_ = -1;
  other.gate_ = -1;
}

ChildProcess::~ChildProcess() { terminate(); }

void ChildProcess::release() {
  if (gate_ < 0) return;
  char go = 'g';
  [[maybe_unused]] ssize_t n = write(gate_, &go, 1);
  close(gate_);
  gate_ = -1;
}

void ChildProcess::terminate() {
  if (pid_ <= 0 || reaped_) return;
  if (gate_ >= 0) {
    close(gate_);  // a child still waiting at the gate exits on EOF
    gate_ = -1;
  }
  int status;
  if (waitpid(pid_, &status, WNOHANG) == 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, &status, 0);
  }
  reaped_ = true;
}

}  // namespace sonde
