// Event generator for the printf throughput benchmark: calls getppid() flat out for SECONDS
// under the thread name NAME, then prints the number of calls it made.
// Usage: evgen SECONDS [NAME]
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 2;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  long calls = 0;
  for (;;) {
    for (int i = 0; i < 1000; i++) syscall(SYS_getppid);
    calls += 1000;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= seconds) break;
  }
  printf("%ld\n", calls);
  return 0;
}
