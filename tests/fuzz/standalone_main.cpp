// Runs the fuzz target without libFuzzer: every corpus file once, then random mutations of
// them (byte edits, token insertions, splices) until the time limit. Used by `make test` for a
// bounded run with the regular compiler; the libFuzzer build (SONDE_FUZZ=ON, clang) is for long
// runs by hand.
// Usage: fuzz_parse_sema_standalone CORPUS_DIR SECONDS [SEED]
#include <dirent.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> load_corpus(const std::string& dir) {
  std::vector<std::string> inputs;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::ifstream in(dir + "/" + e->d_name, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      inputs.push_back(ss.str());
    }
    closedir(d);
  }
  return inputs;
}

const char* const kTokens[] = {
    "{", "}", "(", ")", "[", "]", ";", ",", "/", "$x", "@m", "@", "$1", "$#", "==", "!=", "+=",
    "++", "--", "->", ".", ":", "?", "&&", "||", "\"s\"", "0x10", "-1", "18446744073709551616",
    "count()", "hist(", "printf(\"%d\\n\", ", "str(", "if ", "else ", "while ", "for ", "unroll(",
    "let ", "config = { ", "#define X 1\n", "struct s { int a; };\n", "(struct s *)", "(uint8)",
    "BEGIN", "END", "tracepoint:syscalls:sys_enter_read", "interval:s:1", "kprobe:f", "args",
    "comm", "pid", "retval", "exit();", "\n", " ", "//", "/*", "*/", "macro m($a) { $a }",
};

std::string mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits; ++i) {
    size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 5) {
      case 0:
        if (!s.empty() && pos < s.size()) s.erase(pos, 1 + rng() % std::min<size_t>(8, s.size() - pos));
        break;
      case 1:
        s.insert(pos, 1, static_cast<char>(rng() % 256));
        break;
      case 2:
        s.insert(pos, kTokens[rng() % (sizeof(kTokens) / sizeof(kTokens[0]))]);
        break;
      case 3:
        if (!s.empty() && pos < s.size()) s[pos] = static_cast<char>(rng() % 128);
        break;
      case 4: {
        const std::string& other = corpus[rng() % corpus.size()];
        if (other.empty()) break;
        size_t from = rng() % other.size();
        s.insert(pos, other.substr(from, 1 + rng() % 32));
        break;
      }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR SECONDS [SEED]\n", argv[0]);
    return 2;
  }
  std::vector<std::string> corpus = load_corpus(argv[1]);
  if (corpus.empty()) corpus.push_back("BEGIN { exit(); }");
  auto limit = std::chrono::seconds(std::atoi(argv[2]));
  std::mt19937_64 rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : std::random_device{}());
  auto start = std::chrono::steady_clock::now();
  uint64_t runs = 0;
  for (const auto& input : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++runs;
  }
  while (std::chrono::steady_clock::now() - start < limit) {
    std::string input = mutate(corpus[rng() % corpus.size()], corpus, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++runs;
  }
  std::printf("%llu inputs, no crash\n", static_cast<unsigned long long>(runs));
  return 0;
}
