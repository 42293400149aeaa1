// User-space targets: ELF symbols and USDT notes of this test binary, file offsets, library
// name resolution (LD_LIBRARY_PATH, ld.so.cache), mapped files, demangling.
#include <gtest/gtest.h>
#include <sys/sdt.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kernel/elf_binary.h"
#include "kernel/library_path.h"

namespace sonde {
namespace {

namespace fs = std::filesystem;

extern "C" __attribute__((noinline)) int sonde_unit_probe_function(int x) {
  DTRACE_PROBE2(sonde_unit, marker, x, -x);  // a USDT note in this binary
  return x + 1;
}

std::string self_path() { return fs::canonical("/proc/self/exe").string(); }

TEST(ElfBinary, FunctionsOfThisBinary) {
  auto binary = ElfBinary::open(self_path());
  ASSERT_TRUE(binary.ok()) << binary.error().message;
  bool found = false;
  for (const auto& f : binary->functions()) {
    if (f.name != "sonde_unit_probe_function") continue;
    found = true;
    EXPECT_GT(f.size, 0u);
    auto offset = binary->file_offset(f.address);
    ASSERT_TRUE(offset.has_value());
    EXPECT_LE(*offset, f.address);  // PIE: the text segment maps at its file offset or above
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(sonde_unit_probe_function(1), 2);
}

TEST(ElfBinary, FunctionsAreSortedAndUnique) {
  auto binary = ElfBinary::open(self_path());
  ASSERT_TRUE(binary.ok());
  auto functions = binary->functions();
  for (size_t i = 1; i < functions.size(); ++i) {
    bool ordered = functions[i - 1].name < functions[i].name ||
                   (functions[i - 1].name == functions[i].name &&
                    functions[i - 1].address < functions[i].address);
    EXPECT_TRUE(ordered) << functions[i - 1].name << " / " << functions[i].name;
  }
}

TEST(ElfBinary, UsdtNoteWithArguments) {
  auto binary = ElfBinary::open(self_path());
  ASSERT_TRUE(binary.ok());
  auto notes = binary->usdt_notes();
  auto it = std::find_if(notes.begin(), notes.end(), [](const UsdtNote& n) {
    return n.provider == "sonde_unit" && n.name == "marker";
  });
  ASSERT_NE(it, notes.end());
  EXPECT_NE(it->address, 0u);
  EXPECT_EQ(it->semaphore, 0u);
  EXPECT_EQ(std::count(it->args.begin(), it->args.end(), '@'), 2) << it->args;
  EXPECT_TRUE(binary->file_offset(it->address).has_value());
}

TEST(ElfBinary, NotElf) {
  char path[] = "/tmp/sonde-not-elf-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "hello", 5), 5);
  close(fd);
  auto binary = ElfBinary::open(path);
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(binary.error().message, "'" + std::string(path) + "' is not an ELF file");
  unlink(path);
  EXPECT_FALSE(ElfBinary::open("/nonexistent/file").ok());
}

TEST(ElfBinary, Demangle) {
  EXPECT_EQ(demangle("_ZN5sonde6scaledEi"), std::optional<std::string>("sonde::scaled(int)"));
  EXPECT_EQ(demangle("main"), std::nullopt);
  EXPECT_EQ(demangle("_Zgarbage"), std::nullopt);
}

TEST(LibraryPath, FileNameMatching) {
  EXPECT_TRUE(is_library_name("libc"));
  EXPECT_TRUE(is_library_name("libssl.so.3"));
  EXPECT_FALSE(is_library_name("/usr/lib/libc.so.6"));
  EXPECT_FALSE(is_library_name("bash"));
  EXPECT_TRUE(library_file_matches("libc", "libc.so.6"));
  EXPECT_TRUE(library_file_matches("libc", "libc-2.31.so"));
  EXPECT_TRUE(library_file_matches("libc", "libc.so"));
  EXPECT_FALSE(library_file_matches("libc", "libcrypt.so.1"));
  EXPECT_FALSE(library_file_matches("libc", "libcap.so.2"));
  EXPECT_TRUE(library_file_matches("libssl.so.3", "libssl.so.3"));
  EXPECT_TRUE(library_file_matches("libssl.so", "libssl.so.3"));
  EXPECT_FALSE(library_file_matches("libssl.so.3", "libssl.so.30"));
}

// Writes an ld.so.cache in the new format with two entries (one of another architecture).
std::string write_cache(const std::string& path) {
  std::string strings = std::string("libfoo.so.1") + '\0' + "/opt/foo/libfoo.so.1" + '\0' +
                        "libbar.so.2" + '\0' + "/opt/bar/libbar.so.2" + '\0';
  std::string data = "glibc-ld.so.cache1.1";
  auto u32 = [&](uint32_t v) { data.append(reinterpret_cast<const char*>(&v), 4); };
  const uint32_t entries = 2, header = 48, entry = 24;
  uint32_t base = header + entries * entry;
  u32(entries);
  u32(static_cast<uint32_t>(strings.size()));
  data.resize(header, '\0');  // flags, padding, extension offset, unused
  // libfoo: x86-64; libbar: another architecture (i386 = 0x0000 in the arch byte).
  u32(0x0303); u32(base); u32(base + 12); u32(0); data.append(8, '\0');
  u32(0x0003); u32(base + 33); u32(base + 45); u32(0); data.append(8, '\0');
  data += strings;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

TEST(LibraryPath, ReadsLdCache) {
  std::string path = write_cache("/tmp/sonde-ld-cache-test");
  auto entries = read_ld_cache(path);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].name, "libfoo.so.1");
  EXPECT_EQ(entries[0].path, "/opt/foo/libfoo.so.1");
  unlink(path.c_str());
  EXPECT_TRUE(read_ld_cache("/nonexistent/cache").empty());
}

TEST(LibraryPath, SystemCacheHasLibc) {
  bool libc = false;
  for (const auto& entry : read_ld_cache())
    if (library_file_matches("libc", entry.name)) libc = true;
  if (!fs::exists("/etc/ld.so.cache")) GTEST_SKIP() << "no /etc/ld.so.cache";
  EXPECT_TRUE(libc);
}

TEST(LibraryPath, LdLibraryPathComesFirst) {
  fs::path dir = fs::temp_directory_path() / "sonde-libpath-test";
  fs::create_directories(dir);
  std::ofstream(dir / "libsondetestonly.so.7") << "x";
  const char* old = std::getenv("LD_LIBRARY_PATH");
  std::string saved = old ? old : "";
  setenv("LD_LIBRARY_PATH", ("/nonexistent:" + dir.string()).c_str(), 1);
  auto path = resolve_binary_path("libsondetestonly", std::nullopt);
  if (old) setenv("LD_LIBRARY_PATH", saved.c_str(), 1); else unsetenv("LD_LIBRARY_PATH");
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, fs::canonical(dir / "libsondetestonly.so.7").string());
  fs::remove_all(dir);
}

TEST(LibraryPath, PathsAndErrors) {
  auto self = resolve_binary_path("/proc/self/exe", std::nullopt);
  ASSERT_TRUE(self.ok());
  EXPECT_EQ(*self, self_path());
  auto missing = resolve_binary_path("/nonexistent/bin", std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "could not find file '/nonexistent/bin'");
  auto unknown = resolve_binary_path("libsonde_does_not_exist", std::nullopt);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "could not find library 'libsonde_does_not_exist'");
}

TEST(LibraryPath, MappedFilesOfThisProcess) {
  auto files = mapped_files(getpid());
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0], self_path());
  auto libc = resolve_binary_path("libc", getpid());
  ASSERT_TRUE(libc.ok()) << libc.error().message;
  EXPECT_NE(std::find(files.begin(), files.end(), *libc), files.end());
}

}  // namespace
}  // namespace sonde
