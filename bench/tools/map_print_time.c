// Time to print a large map at exit: runs a tracer whose END probe prints "end NSECS" before
// the maps are printed, fills its map with WORKLOAD COUNT, interrupts it, and reports the time
// from that END timestamp to the tracer's exit (map read, sort, format, write), the time from
// SIGINT to exit, and how many map lines were written to OUTFILE. CLOCK is the clock of the
// tracer's `nsecs`: boot (sonde, bpftrace >= 0.18) or mono (bpftrace 0.17).
// Usage: map_print_time WORKLOAD COUNT OUTFILE CLOCK -- TRACER [ARGS...]
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 7 || strcmp(argv[5], "--") != 0) {
    fprintf(stderr, "usage: map_print_time WORKLOAD COUNT OUTFILE CLOCK -- TRACER [ARGS...]\n");
    return 2;
  }
  const char *workload = argv[1], *count = argv[2], *out = argv[3];
  clockid_t clock = strcmp(argv[4], "mono") == 0 ? CLOCK_MONOTONIC : CLOCK_BOOTTIME;
  int errpipe[2];
  if (pipe(errpipe) != 0) return 1;
  setenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED", "1", 1);
  pid_t tracer = fork();
  if (tracer == 0) {
    dup2(errpipe[1], 2);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    execvp(argv[6], argv + 6);
    _exit(127);
  }
  close(errpipe[1]);
  FILE* err = fdopen(errpipe[0], "r");
  char line[4096];
  int ready = 0;
  while (!ready && fgets(line, sizeof line, err))
    ready = strstr(line, "__BPFTRACE_NOTIFY_PROBES_ATTACHED") != NULL;
  if (!ready) {
    fprintf(stderr, "map_print_time: tracer did not attach\n");
    return 1;
  }
  pid_t gen = fork();
  if (gen == 0) {
    execl(workload, workload, count, "lseek_bench", (char*)NULL);
    _exit(127);
  }
  waitpid(gen, NULL, 0);
  usleep(200000);
  double interrupted = clock_ns(clock);
  kill(tracer, SIGINT);
  waitpid(tracer, NULL, 0);
  double exited = clock_ns(clock);
  while (fgets(line, sizeof line, err)) {
  }
  FILE* f = fopen(out, "r");
  if (!f) return 1;
  double end_ns = 0;
  long entries = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "end ", 4) == 0) end_ns = atof(line + 4);
    if (line[0] == '@') ++entries;
  }
  fclose(f);
  printf("print_ms=%.1f sigint_to_exit_ms=%.1f entries=%ld\n", (exited - end_ns) / 1e6,
         (exited - interrupted) / 1e6, entries);
  return 0;
}
