// Calls getppid() COUNT times under the thread name NAME, then exits.
// Usage: getppid_loop COUNT [NAME]
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  for (long i = 0; i < count; i++) syscall(SYS_getppid);
  return 0;
}
