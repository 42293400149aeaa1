#include "support/case_file.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "support/process.h"

namespace sonde::test {

namespace {

std::string read_block(std::istream& in, const std::string& file) {
  std::string text, line;
  while (std::getline(in, line)) {
    if (line == "END") return text;
    text += line + "\n";
  }
  throw std::runtime_error(file + ": block without END");
}

std::vector<std::string> split_lines(const std::string& block) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    lines.push_back(block.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

void parse_file(const std::string& path, std::vector<Case>& cases) {
  std::ifstream in(path);
  std::string line;
  Case* c = nullptr;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    std::string key = line.substr(0, space);
    std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "NAME") {
      cases.push_back(Case{});
      c = &cases.back();
      c->file = path;
      c->name = value;
      continue;
    }
    if (!c) throw std::runtime_error(path + ": directive before NAME");
    if (key == "RUN") c->run = value;
    else if (key == "AFTER") c->after = value;
    else if (key == "SIGNAL") c->signal = value;
    else if (key == "TIMEOUT") c->timeout_seconds = std::stoi(value);
    else if (key == "REQUIRES") c->requires_features.push_back(value);
    else if (key == "EXIT") c->exit_code = std::stoi(value);
    else if (key == "STDIN") c->stdin_text = read_block(in, path);
    else if (key == "STDOUT") c->stdout_exact = read_block(in, path);
    else if (key == "STDERR") c->stderr_exact = read_block(in, path);
    else if (key == "STDOUT_CONTAINS") c->stdout_contains = split_lines(read_block(in, path));
    else if (key == "STDERR_CONTAINS") c->stderr_contains = split_lines(read_block(in, path));
    else if (key == "STDOUT_REGEX") {
      c->stdout_regex = read_block(in, path);
    } else {
      throw std::runtime_error(path + ": unknown directive " + key);
    }
  }
}

}  // namespace

std::vector<Case> load_cases(const std::string& directory) {
  std::vector<std::string> files;
  if (DIR* d = opendir(directory.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.substr(name.size() - 5) == ".test") files.push_back(directory + "/" + name);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& f : files) parse_file(f, cases);
  return cases;
}

std::string substitute(std::string text, const Case& c) {
  auto replace = [&](const std::string& key, const std::string& value) {
    for (size_t pos; (pos = text.find(key)) != std::string::npos;) text.replace(pos, key.size(), value);
  };
  std::string dir = c.file.substr(0, c.file.rfind('/'));
  replace("{{sonde}}", build_dir() + "/sonde");
  replace("{{workloads}}", build_dir() + "/tests/workloads");
  replace("{{dir}}", dir);
  return text;
}

}  // namespace sonde::test
