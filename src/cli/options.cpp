#include "cli/options.h"

#include <getopt.h>

#include <cstring>

#include "support/strings.h"

namespace sonde {

bool Options::debug(const std::string& stage) const {
  for (const auto& s : debug_stages)
    if (s == stage || s == "all") return true;
  return false;
}

void print_usage(FILE* out) {
  std::fputs(
      "USAGE:\n"
      "    sonde [options] filename\n"
      "    sonde [options] - <stdin input>\n"
      "    sonde [options] -e 'program'\n"
      "\n"
      "OPTIONS:\n"
      "    -B MODE        output buffering mode ('full', 'none', 'line')\n"
      "    -f FORMAT      output format ('text', 'json')\n"
      "    -o file        redirect program output to file\n"
      "    -d STAGE       debug info dry run (ast, codegen, libbpf, verifier, all)\n"
      "    --dry-run      compile, load and attach, then exit\n"
      "    --verify-only  compile and load every program (the kernel verifier runs), attach none\n"
      "    -e 'program'   execute this program\n"
      "    -h, --help     show this help message\n"
      "    -I DIR         add the directory to the include search path\n"
      "    --include FILE add an #include file before preprocessing\n"
      "    -l [search|filename]\n"
      "                   list kernel probes or probes in a program\n"
      "    -p PID         enable USDT probes on PID\n"
      "    -c 'CMD'       run CMD and enable USDT probes on resulting process\n"
      "    --usdt-file-activation\n"
      "                   activate usdt semaphores based on file path\n"
      "    --unsafe       allow unsafe/destructive functionality\n"
      "    -q             keep messages quiet\n"
      "    --info         print information about kernel BPF support\n"
      "    -k             emit a warning when a bpf helper returns an error (except read functions)\n"
      "    --no-warnings  disable all warning messages\n"
      "    -V, --version  sonde version\n"
      "    -v             verbose messages\n"
      "    --verify-llvm-ir\n"
      "                   run the LLVM IR verifier on the generated code\n"
      "\n"
      "ENVIRONMENT:\n"
      "    BPFTRACE_MAX_STRLEN      [default: 1024] bytes on BPF stack per str()\n"
      "    BPFTRACE_MAX_MAP_KEYS    [default: 4096] max keys in a map\n"
      "    BPFTRACE_COLOR           [default: auto] colorize diagnostics (auto, always, never)\n"
      "\n"
      "EXAMPLES:\n"
      "sonde -l '*sleep*'\n"
      "    list probes containing \"sleep\"\n"
      "sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args->filename)); }'\n"
      "    trace files opened, with the process name\n"
      "sonde -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'\n"
      "    count system calls by process name\n",
      out);
}

namespace {

enum LongOnly {
  kInfo = 1000,
  kNoWarnings,
  kUnsafe,
  kDryRun,
  kVerifyOnly,
  kVerifyIr,
  kUsdtFileActivation,
  kInclude,
  kEmitElf,
  kEmitLlvm,
  kProbeFilter,
  kIgnoredWithArg,
  kIgnored,
};

const struct option kLongOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {"list", no_argument, nullptr, 'l'},
    {"verbose", no_argument, nullptr, 'v'},
    {"pid", required_argument, nullptr, 'p'},
    {"cmd", required_argument, nullptr, 'c'},
    {"output", required_argument, nullptr, 'o'},
    {"quiet", no_argument, nullptr, 'q'},
    {"warnings", no_argument, nullptr, 'k'},
    {"debug", required_argument, nullptr, 'd'},
    {"btf", no_argument, nullptr, 'b'},
    {"info", no_argument, nullptr, kInfo},
    {"no-warnings", no_argument, nullptr, kNoWarnings},
    {"unsafe", no_argument, nullptr, kUnsafe},
    {"dry-run", no_argument, nullptr, kDryRun},
    {"verify-only", no_argument, nullptr, kVerifyOnly},
    {"verify-llvm-ir", no_argument, nullptr, kVerifyIr},
    {"usdt-file-activation", no_argument, nullptr, kUsdtFileActivation},
    {"include", required_argument, nullptr, kInclude},
    {"emit-elf", required_argument, nullptr, kEmitElf},
    {"emit-llvm", required_argument, nullptr, kEmitLlvm},
    {"probe-filter", required_argument, nullptr, kProbeFilter},
    {"no-feature", required_argument, nullptr, kIgnoredWithArg},
    {"debuginfo", required_argument, nullptr, kIgnoredWithArg},
    {"traceable-functions", required_argument, nullptr, kIgnoredWithArg},
    {"dwarf-pid", required_argument, nullptr, kIgnoredWithArg},
    {"mode", required_argument, nullptr, kIgnoredWithArg},
    {"test", no_argument, nullptr, kIgnored},
    {"bench", no_argument, nullptr, kIgnored},
    {"fmt", no_argument, nullptr, kIgnored},
    {nullptr, 0, nullptr, 0},
};

std::optional<std::string> parse_pid(const std::string& text, pid_t& out) {
  if (text.empty()) return "Failed to parse pid: invalid integer: " + text;
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0) return "Failed to parse pid: invalid integer: " + text;
  if (i != text.size()) return "Failed to parse pid: invalid trailing bytes: " + text;
  unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (value > 0x400000) return "Pid out of range: " + text;
  out = static_cast<pid_t>(value);
  return std::nullopt;
}

const char* const kDebugStages[] = {"ast", "types", "codegen", "codegen-opt", "libbpf",
                                    "verifier", "all"};

}  // namespace

ParseOutcome parse_options(int argc, char** argv) {
  ParseOutcome result;
  Options o;
  optind = 1;
  opterr = 0;
  int c;
  bool list_mode = false;
  while ((c = getopt_long(argc, argv, ":hVlvp:c:o:f:B:qkd:be:I:", kLongOptions, nullptr)) != -1) {
    switch (c) {
      case 'h': o.help = true; break;
      case 'V': o.version = true; break;
      case 'l': list_mode = o.list = true; break;
      case 'v': o.verbose = true; break;
      case 'p': {
        pid_t pid;
        if (auto err = parse_pid(optarg, pid)) {
          result.error = *err;
          return result;
        }
        o.pid = pid;
        break;
      }
      case 'c': o.command = optarg; break;
      case 'o': o.output_file = optarg; break;
      case 'f':
        if (std::strcmp(optarg, "text") == 0) o.format = OutputFormat::Text;
        else if (std::strcmp(optarg, "json") == 0) o.format = OutputFormat::Json;
        else {
          result.error = std::string("Invalid output format \"") + optarg +
                         "\"\nValid formats: 'text', 'json'";
          return result;
        }
        break;
      case 'B':
        if (std::strcmp(optarg, "line") == 0) o.buffering = BufferMode::Line;
        else if (std::strcmp(optarg, "full") == 0) o.buffering = BufferMode::Full;
        else if (std::strcmp(optarg, "none") == 0) o.buffering = BufferMode::None;
        else {
          result.error = "USAGE: -B must be either 'line', 'full', or 'none'.";
          return result;
        }
        break;
      case 'q': o.quiet = true; break;
      case 'k': ++o.warnings_level; break;
      case 'd':
        for (const auto& stage : split(optarg, ',')) {
          bool known = false;
          for (const char* s : kDebugStages) known |= stage == s;
          if (!known) {
            result.error = "USAGE: invalid option for -d: " + stage;
            return result;
          }
          o.debug_stages.push_back(stage);
        }
        break;
      case 'b': break;
      case 'e': o.program_text = optarg; break;
      case 'I': o.include_dirs.push_back(optarg); break;
      case kInfo: o.info = true; break;
      case kNoWarnings: o.no_warnings = true; break;
      case kUnsafe: o.unsafe = true; break;
      case kDryRun: o.dry_run = true; break;
      case kVerifyOnly: o.verify_only = true; break;
      case kVerifyIr: o.verify_llvm_ir = true; break;
      case kUsdtFileActivation: o.usdt_file_activation = true; break;
      case kInclude: o.includes.push_back(optarg); break;
      case kEmitElf: o.emit_elf = optarg; break;
      case kEmitLlvm: o.emit_llvm = optarg; break;
      case kProbeFilter: o.probe_filter = optarg; break;
      case kIgnoredWithArg:
      case kIgnored: break;
      case ':':
        result.error = std::string("USAGE: option requires an argument -- '") +
                       static_cast<char>(optopt) + "'";
        result.show_usage = true;
        return result;
      default:
        result.error = std::string("USAGE: unknown option: ") + argv[optind - 1];
        result.show_usage = true;
        return result;
    }
  }
  if (o.command && o.pid) {
    result.error = "USAGE: Cannot use both -c and -p.";
    return result;
  }
  if (o.warnings_level > 0 && o.no_warnings) {
    result.error = "USAGE: -k conflicts with --no-warnings";
    return result;
  }
  // Remaining arguments: the script (unless -e or -l), then program arguments. An argument
  // still starting with "--" here can only have come after a literal "--": a named parameter.
  for (int i = optind; i < argc; ++i) {
    std::string arg = argv[i];
    if (list_mode && !o.list_pattern && !o.program_text) {
      o.list_pattern = arg;
      continue;
    }
    if (!o.program_text && !o.script_path && !list_mode) {
      o.script_path = arg;
      continue;
    }
    if (starts_with(arg, "--")) o.named.push_back(arg.substr(2));
    else o.positional.push_back(arg);
  }
  result.options = std::move(o);
  return result;
}

}  // namespace sonde
