// A throwaway tracefs-like directory tree for tests: events/CAT/EVENT/{id,format}.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "kernel/kernel.h"

namespace sonde::testing {

class FakeTracefs {
 public:
  FakeTracefs() {
    char pattern[] = "/tmp/sonde-tracefs-XXXXXX";
    root_ = mkdtemp(pattern);
    std::filesystem::create_directories(root_ + "/events");
    write(root_ + "/events/enable", "0\n");  // a file among the categories
  }
  ~FakeTracefs() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FakeTracefs(const FakeTracefs&) = delete;
  FakeTracefs& operator=(const FakeTracefs&) = delete;

  const std::string& root() const { return root_; }

  // Options of a Kernel whose tracefs is this tree.
  KernelOptions kernel_options() const {
    KernelOptions options;
    options.tracefs_root = root_;
    return options;
  }

  void add_event(const std::string& category, const std::string& event, int id,
                 const std::string& fields = "") {
    std::string dir = root_ + "/events/" + category + "/" + event;
    std::filesystem::create_directories(dir);
    write(root_ + "/events/" + category + "/enable", "0\n");
    write(dir + "/id", std::to_string(id) + "\n");
    write(dir + "/format",
          "name: " + event + "\nID: " + std::to_string(id) +
              "\nformat:\n"
              "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
              "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n" +
              fields + "\nprint fmt: \"\"\n");
  }

  void add_file(const std::string& name) { write(root_ + "/" + name, ""); }

 private:
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  std::string root_;
};

}  // namespace sonde::testing
