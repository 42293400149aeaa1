// parse_tracepoint_format on literal format files (as found in tracefs on a 6.18 kernel).
#include "kernel/tracepoint_format.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "kernel/tracefs.h"

namespace sonde {
namespace {

constexpr const char* kCommonFields =
    "format:\n"
    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
    "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
    "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
    "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
    "\n";

std::string format_text(const std::string& name, int id, const std::string& fields) {
  return "name: " + name + "\nID: " + std::to_string(id) + "\n" + kCommonFields + fields +
         "\nprint fmt: \"whatever\", REC->x\n";
}

TracepointFormat parse(const std::string& text, const std::string& category = "sched",
                       const std::string& event = "ev") {
  auto result = parse_tracepoint_format(text, tracepoint_format_options(category, event));
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(*result) : TracepointFormat{};
}

const Field& field(const TracepointFormat& format, const std::string& name) {
  const Field* f = format.args.struct_def()->find(name);
  EXPECT_NE(f, nullptr) << "no field " << name;
  static const Field missing{"missing", std::make_shared<Type>()};
  return f ? *f : missing;
}

const std::string kOpenat = format_text("sys_enter_openat", 782,
    "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
    "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n");

TEST(TracepointFormat, SyscallFieldsUseDeclaredTypesAndFileOffsets) {
  auto format = parse(kOpenat, "syscalls", "sys_enter_openat");
  EXPECT_EQ(format.id, 782u);
  ASSERT_TRUE(format.args.is(TypeKind::Struct));
  EXPECT_EQ(format.args.struct_def()->name, "_tracepoint_syscalls_sys_enter_openat");
  const auto& fields = format.args.fields();
  ASSERT_EQ(fields.size(), 5u);  // common_* excluded
  EXPECT_EQ(fields[0].name, "__syscall_nr");
  EXPECT_EQ(field(format, "dfd").offset, 16u);
  EXPECT_EQ(*field(format, "dfd").type, Type::integer(4, true));  // `int`, though 8 bytes wide
  EXPECT_EQ(*field(format, "flags").type, Type::integer(4, true));
  EXPECT_EQ(*field(format, "mode").type, Type::integer(2, false));  // umode_t
  EXPECT_EQ(field(format, "mode").offset, 40u);
  EXPECT_EQ(format.args.size(), 48u);
}

TEST(TracepointFormat, SyscallPointersAreUserSpace) {
  auto format = parse(kOpenat, "syscalls", "sys_enter_openat");
  const Type& filename = *field(format, "filename").type;
  ASSERT_TRUE(filename.is_pointer());
  EXPECT_EQ(filename.addr_space(), AddrSpace::User);
  EXPECT_EQ(filename.element(), Type::integer(1, true));
}

TEST(TracepointFormat, OtherPointersAreKernelSpace) {
  auto format = parse(format_text("ev", 1,
      "\tfield:const char * name;\toffset:8;\tsize:8;\tsigned:0;\n"
      "\tfield:struct file * file;\toffset:16;\tsize:8;\tsigned:0;\n"
      "\tfield:void * ptr;\toffset:24;\tsize:8;\tsigned:0;\n"));
  EXPECT_EQ(field(format, "name").type->addr_space(), AddrSpace::Kernel);
  const Type& file = *field(format, "file").type;
  ASSERT_TRUE(file.is_pointer());
  ASSERT_TRUE(file.element().is(TypeKind::Struct));
  EXPECT_EQ(file.to_string(), "struct file *");
  EXPECT_TRUE(field(format, "ptr").type->is_pointer());
  EXPECT_TRUE(field(format, "ptr").type->element().is_none());  // void *
}

TEST(TracepointFormat, PointerToPointer) {
  auto format = parse(format_text("sys_enter_execve", 862,
      "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
      "\tfield:const char *const * argv;\toffset:24;\tsize:8;\tsigned:0;\n"), "syscalls");
  const Type& argv = *field(format, "argv").type;
  ASSERT_TRUE(argv.is_pointer());
  ASSERT_TRUE(argv.element().is_pointer());
  EXPECT_EQ(argv.element().element(), Type::integer(1, true));
  EXPECT_EQ(argv.element().addr_space(), AddrSpace::User);
}

TEST(TracepointFormat, CharArraysAreStrings) {
  auto format = parse(format_text("sched_switch", 372,
      "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
      "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
      "\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"));
  EXPECT_EQ(*field(format, "prev_comm").type, Type::string(16));
  EXPECT_EQ(field(format, "prev_comm").offset, 8u);
  EXPECT_EQ(*field(format, "prev_pid").type, Type::integer(4, true));
  EXPECT_EQ(*field(format, "prev_state").type, Type::int64());
  EXPECT_EQ(format.declarations,
            (std::vector<std::string>{"char prev_comm[16]", "pid_t prev_pid", "long prev_state"}));
}

TEST(TracepointFormat, OtherArrays) {
  auto format = parse(format_text("sys_enter", 443,
      "\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
      "\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
      "\tfield:__u8 saddr[4];\toffset:64;\tsize:4;\tsigned:0;\n"
      "\tfield:xfs_blah_t odd[2];\toffset:72;\tsize:16;\tsigned:1;\n"
      "\tfield:u32 tail[];\toffset:88;\tsize:0;\tsigned:0;\n"));
  EXPECT_EQ(*field(format, "args").type, Type::array(Type::uint64(), 6));
  EXPECT_EQ(field(format, "args").offset, 16u);
  EXPECT_EQ(*field(format, "saddr").type, Type::array(Type::integer(1, false), 4));
  EXPECT_EQ(*field(format, "odd").type, Type::array(Type::int64(), 2));  // from size/count
  EXPECT_EQ(*field(format, "tail").type, Type::array(Type::uint32(), 0));
}

TEST(TracepointFormat, DataLocFields) {
  auto format = parse(format_text("sched_process_exec", 365,
      "\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
      "\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
      "\tfield:__data_loc u64[] ips;\toffset:16;\tsize:4;\tsigned:0;\n"));
  const Field& filename = field(format, "filename");
  EXPECT_TRUE(filename.data_loc);
  EXPECT_TRUE(filename.type->is_string());
  EXPECT_EQ(filename.offset, 8u);
  const Field& ips = field(format, "ips");
  EXPECT_TRUE(ips.data_loc);
  ASSERT_TRUE(ips.type->is(TypeKind::Array));
  EXPECT_EQ(ips.type->element(), Type::uint64());
  EXPECT_FALSE(field(format, "pid").data_loc);
  EXPECT_EQ(format.declarations[0], "__data_loc char[] filename");
}

TEST(TracepointFormat, UnknownTypedefsFallBackToSizeAndSign) {
  auto format = parse(format_text("ev", 1,
      "\tfield:xfs_ino_t ino;\toffset:8;\tsize:8;\tsigned:0;\n"
      "\tfield:xfs_daddr_t bno;\toffset:16;\tsize:8;\tsigned:1;\n"
      "\tfield:enum xfs_group_type type;\toffset:24;\tsize:1;\tsigned:0;\n"
      "\tfield:bool ok;\toffset:25;\tsize:1;\tsigned:0;\n"
      "\tfield:cpumask_t mask;\toffset:32;\tsize:24;\tsigned:0;\n"));
  EXPECT_EQ(*field(format, "ino").type, Type::uint64());
  EXPECT_EQ(*field(format, "bno").type, Type::int64());
  EXPECT_EQ(*field(format, "type").type, Type::integer(1, false));
  EXPECT_EQ(*field(format, "ok").type, Type::boolean());
  EXPECT_EQ(*field(format, "mask").type, Type::array(Type::integer(1, false), 24));
}

TEST(TracepointFormat, DeclaredTypeWiderThanFieldFallsBack) {
  auto format = parse(format_text("ev", 1, "\tfield:long x;\toffset:8;\tsize:4;\tsigned:1;\n"));
  EXPECT_EQ(*field(format, "x").type, Type::integer(4, true));
}

TEST(TracepointFormat, MalformedFieldIsAnError) {
  auto result = parse_tracepoint_format("format:\n\tfield:int x;\toffset:8;\n", {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("malformed field"), std::string::npos);
}

TEST(TracepointFormat, NoFieldsGivesEmptyStruct) {
  auto format = parse(format_text("ev", 7, ""));
  EXPECT_TRUE(format.args.fields().empty());
  EXPECT_TRUE(format.declarations.empty());
}

// Every format file of the running kernel parses, and every field gets a type with a size
// (pointers, integers, strings, arrays), except flexible and __data_loc arrays.
TEST(TracepointFormatLive, ParsesEveryEventOfThisKernel) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to find or mount tracefs";
  auto tracefs = find_or_mount_tracefs();
  ASSERT_TRUE(tracefs.ok()) << tracefs.error().message;
  size_t events = 0;
  for (const auto& category : tracefs->categories()) {
    for (const auto& event : tracefs->events(category)) {
      auto text = tracefs->event_format(category, event);
      if (!text.ok()) continue;  // some formats are unreadable by design
      auto format = parse_tracepoint_format(*text, tracepoint_format_options(category, event));
      ASSERT_TRUE(format.ok()) << category << ":" << event << ": " << format.error().message;
      ASSERT_EQ(format->declarations.size(), format->args.fields().size());
      for (const auto& f : format->args.fields()) {
        bool sized = f.type->size() > 0 || f.data_loc || f.type->is(TypeKind::Array) ||
                     f.type->is_string();
        EXPECT_TRUE(sized) << category << ":" << event << " " << f.name << " "
                           << f.type->to_string();
      }
      ++events;
    }
  }
  EXPECT_GT(events, 0u);
}

}  // namespace
}  // namespace sonde
