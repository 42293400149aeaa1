// Times COUNT getppid() system calls and prints the mean cost in nanoseconds per call, as
// "NS" on stdout. Run pinned to one CPU (taskset) for stable figures.
// Usage: syscall_cost COUNT [NAME]
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1000000;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  for (long i = 0; i < count / 10; i++) syscall(SYS_getppid);  // warm up
  double start = now_ns();
  for (long i = 0; i < count; i++) syscall(SYS_getppid);
  double elapsed = now_ns() - start;
  printf("%.2f\n", elapsed / count);
  return 0;
}
