#include "runtime/symbolizer.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

namespace sonde_symbolizer_test {
// A C++ function with a mangled name, to check demangling.
__attribute__((noinline)) int mangled_function(int x) { return x * 3 + 1; }
}  // namespace sonde_symbolizer_test

extern "C" __attribute__((noinline)) int sonde_plain_c_function(int x) { return x + 2; }

namespace sonde {
namespace {

uint64_t address_of(int (*f)(int)) { return reinterpret_cast<uint64_t>(f); }

TEST(Symbolizer, NothingIsLoadedUpFront) {
  Symbolizer symbols;
  EXPECT_FALSE(symbols.kernel_symbols_loaded());
}

TEST(Symbolizer, OwnFunctionsWithOffsetsAndDemangling) {
  Symbolizer symbols;
  uint32_t pid = static_cast<uint32_t>(getpid());
  uint64_t c_function = address_of(&sonde_plain_c_function);
  EXPECT_EQ(symbols.user(pid, c_function, false, nullptr), "sonde_plain_c_function");
  EXPECT_EQ(symbols.user(pid, c_function + 1, true, nullptr), "sonde_plain_c_function+1");
  std::string module;
  EXPECT_EQ(symbols.user(pid, address_of(&sonde_symbolizer_test::mangled_function), false,
                         &module),
            "sonde_symbolizer_test::mangled_function(int)");
  EXPECT_NE(module.find("unit_runtime"), std::string::npos) << module;
  EXPECT_FALSE(symbols.kernel_symbols_loaded());
}

TEST(Symbolizer, UnknownAddressesAndProcesses) {
  Symbolizer symbols;
  std::string module = "x";
  EXPECT_EQ(symbols.user(static_cast<uint32_t>(getpid()), 0x10, true, &module), "");
  EXPECT_EQ(symbols.user(0, 0x10, true, &module), "");
  EXPECT_EQ(module, "");
}

// A process noted while alive still resolves after it exited (its maps are gone by then).
TEST(Symbolizer, ProcessNotedWhileAliveResolvesAfterExit) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  if (child == 0) {
    // Stay alive until the parent has noted us.
    char c;
    close(ready[1]);
    [[maybe_unused]] ssize_t n = read(ready[0], &c, 1);
    _exit(sonde_plain_c_function(0) == 2 ? 0 : 1);
  }
  close(ready[0]);
  Symbolizer symbols;
  symbols.note_process(static_cast<uint32_t>(child));
  close(ready[1]);  // let the child exit
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  // fork keeps the address space layout: the function is at the same address in the child.
  EXPECT_EQ(symbols.user(static_cast<uint32_t>(child), address_of(&sonde_plain_c_function),
                         false, nullptr),
            "sonde_plain_c_function");
}

// JIT runtimes describe generated code in /tmp/perf-PID.map; it is read for anonymous
// executable memory.
TEST(Symbolizer, PerfMapForJitCode) {
  void* code = mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(code, MAP_FAILED);
  std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  {
    std::ofstream map(path);
    map << std::hex << reinterpret_cast<uint64_t>(code) << " 100 jitted_thing\n";
  }
  Symbolizer symbols;
  std::string text =
      symbols.user(static_cast<uint32_t>(getpid()), reinterpret_cast<uint64_t>(code) + 0x10,
                   true, nullptr);
  std::remove(path.c_str());
  munmap(code, 4096);
  EXPECT_EQ(text, "jitted_thing+16");
}

}  // namespace
}  // namespace sonde
