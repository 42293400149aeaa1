// Sets the thread name to NAME, then execs PROGRAM with the remaining arguments as its argv
// (argv[0] = PROGRAM): a known argv for join(args.argv) at sys_enter_execve, whose comm is
// still NAME. Usage: exec_args NAME PROGRAM [ARGS...]
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: exec_args NAME PROGRAM [ARGS...]\n");
    return 2;
  }
  prctl(PR_SET_NAME, argv[1], 0, 0, 0);
  execv(argv[2], argv + 2);
  perror("execv");
  return 1;
}
