// Run by `sonde -c`: sends SIGUSR1 to its parent (sonde) after calling getppid() COUNT times
// under the thread name NAME, waits a moment for the maps to print, then exits.
// Usage: signal_parent COUNT [NAME]
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  for (long i = 0; i < count; i++) syscall(SYS_getppid);
  usleep(100000);
  kill(getppid(), SIGUSR1);
  usleep(300000);
  return 0;
}
