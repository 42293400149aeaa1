// Calls lseek(fd, i, SEEK_SET) for i = 0 .. COUNT-1 on /dev/null: one distinct offset per
// call, so `@[args.offset] = count()` on sys_enter_lseek fills a map with COUNT keys.
// Usage: lseek_keys COUNT [NAME]
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 100000;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  int fd = open("/dev/null", O_RDONLY);
  if (fd < 0) return 1;
  for (long i = 0; i < count; i++) lseek(fd, i, SEEK_SET);
  close(fd);
  return 0;
}
