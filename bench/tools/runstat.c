// Runs a command RUNS times and reports the median wall time and median peak resident set
// size of the whole process (wait4's ru_maxrss), with min and max, on one line:
//   wall_ms_median=... wall_ms_min=... wall_ms_max=... rss_kib_median=... rss_kib_max=...
// The command's output goes to /dev/null. Usage: runstat RUNS -- COMMAND [ARGS...]
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static double median(double* v, int n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char** argv) {
  if (argc < 4 || strcmp(argv[2], "--") != 0) {
    fprintf(stderr, "usage: runstat RUNS -- COMMAND [ARGS...]\n");
    return 2;
  }
  int runs = atoi(argv[1]);
  double* wall = calloc(runs, sizeof *wall);
  double* rss = calloc(runs, sizeof *rss);
  for (int i = 0; i < runs; i++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execvp(argv[3], argv + 3);
      _exit(127);
    }
    int status;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "runstat: %s failed (status %d)\n", argv[3], status);
      return 1;
    }
    wall[i] = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    rss[i] = usage.ru_maxrss;
  }
  double wall_min = wall[0], wall_max = wall[0], rss_max = rss[0];
  for (int i = 0; i < runs; i++) {
    if (wall[i] < wall_min) wall_min = wall[i];
    if (wall[i] > wall_max) wall_max = wall[i];
    if (rss[i] > rss_max) rss_max = rss[i];
  }
  printf("wall_ms_median=%.1f wall_ms_min=%.1f wall_ms_max=%.1f rss_kib_median=%.0f "
         "rss_kib_max=%.0f\n",
         median(wall, runs), wall_min, wall_max, median(rss, runs), rss_max);
  return 0;
}
