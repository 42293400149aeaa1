// The -c CMD child: started before the probes are attached, held at a pipe until they are,
// then released to exec; terminated with SIGTERM if sonde ends first.
#pragma once

#include <sys/types.h>

#include <string>

#include "support/result.h"

namespace sonde {

class ChildProcess {
 public:
  // Splits `command` on spaces (no shell), forks, and holds the child before exec.
  static Result<ChildProcess> start(const std::string& command);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  void release();    // lets the child exec
  void terminate();  // SIGTERM if still running, then reap

 private:
  ChildProcess(pid_t pid, int gate) : pid_(pid), gate_(gate) {}
  pid_t pid_ = -1;
  int gate_ = -1;  // write end of the pipe the child waits on
  bool reaped_ = false;
};

}  // namespace sonde
