// Kernel facts the providers use: traceable function lists, syscall numbers, BTF signatures
// (on a BTF built in the test) and hand-written BPF objects.
#include <bpf/btf.h>
#include <gtest/gtest.h>

#include "kernel/bpf_elf.h"
#include "kernel/bpf_insns.h"
#include "kernel/btf_signatures.h"
#include "kernel/syscalls.h"
#include "kernel/traceable_functions.h"

namespace sonde {
namespace {

TEST(TraceableFunctions, ParsesModulesAndSkipsFragments) {
  auto parsed = parse_available_filter_functions(
      "vfs_read\n"
      "tcp_reset\n"
      "do_thing.cold\n"
      "__ftrace_invalid_address___64\n"
      "ext4_read [ext4]\n"
      "vfs_read\n");
  EXPECT_TRUE(parsed.from_ftrace);
  ASSERT_EQ(parsed.functions.size(), 3u);
  EXPECT_EQ(parsed.functions[0].module, "ext4");
  EXPECT_EQ(parsed.functions[0].name, "ext4_read");
  EXPECT_TRUE(parsed.contains("vmlinux", "vfs_read"));
  EXPECT_TRUE(parsed.contains("vmlinux", "tcp_reset"));
  EXPECT_FALSE(parsed.contains("vmlinux", "ext4_read"));
}

TEST(Syscalls, NumbersByTracepointName) {
  EXPECT_EQ(syscall_number("read"), std::optional<int>(0));
  EXPECT_EQ(syscall_number("openat"), std::optional<int>(257));
  EXPECT_EQ(syscall_number("getppid"), std::optional<int>(110));
  // Entry points named differently from __NR_*, and syscalls newer than the header.
  EXPECT_EQ(syscall_number("newstat"), std::optional<int>(4));
  EXPECT_EQ(syscall_number("newfstat"), std::optional<int>(5));
  EXPECT_EQ(syscall_number("sendfile64"), std::optional<int>(40));
  EXPECT_EQ(syscall_number("umount"), std::optional<int>(166));
  EXPECT_EQ(syscall_number("fchmodat2"), std::optional<int>(452));
  EXPECT_EQ(syscall_number("not_a_syscall"), std::nullopt);
  EXPECT_EQ(syscall_number(""), std::nullopt);
}

// A small BTF: int, struct task_struct, vfs_read-like and void functions, a raw tracepoint
// with its own __bpf_trace_ function and one served by an event class function.
class BtfSignaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    btf_ = btf__new_empty();
    int i = btf__add_int(btf_, "int", 4, BTF_INT_SIGNED);
    int ul = btf__add_int(btf_, "long unsigned int", 8, 0);
    int size_t_id = btf__add_typedef(btf_, "size_t", ul);
    int task = btf__add_struct(btf_, "task_struct", 8);
    btf__add_field(btf_, "pid", i, 0, 0);
    int task_ptr = btf__add_ptr(btf_, task);
    int void_ptr = btf__add_ptr(btf_, 0);
    // ssize_t read_thing(struct task_struct *t, size_t count)
    int proto = btf__add_func_proto(btf_, i);
    btf__add_func_param(btf_, "t", task_ptr);
    btf__add_func_param(btf_, "count", size_t_id);
    btf__add_func(btf_, "read_thing", BTF_FUNC_GLOBAL, proto);
    int void_proto = btf__add_func_proto(btf_, 0);
    btf__add_func_param(btf_, "t", task_ptr);
    btf__add_func(btf_, "void_thing", BTF_FUNC_GLOBAL, void_proto);
    // Raw tracepoints: typedef void (*btf_trace_X)(void *, struct task_struct *, int).
    int tp_proto = btf__add_func_proto(btf_, 0);
    btf__add_func_param(btf_, "", void_ptr);
    btf__add_func_param(btf_, "", task_ptr);
    btf__add_func_param(btf_, "", i);
    int tp_ptr = btf__add_ptr(btf_, tp_proto);
    btf__add_typedef(btf_, "btf_trace_own_event", tp_ptr);
    btf__add_typedef(btf_, "btf_trace_class_event", tp_ptr);
    int own = btf__add_func_proto(btf_, 0);
    btf__add_func_param(btf_, "__data", void_ptr);
    btf__add_func_param(btf_, "p", task_ptr);
    btf__add_func_param(btf_, "value", i);
    btf__add_func(btf_, "__bpf_trace_own_event", BTF_FUNC_STATIC, own);
  }
  void TearDown() override { btf__free(btf_); }

  struct btf* btf_ = nullptr;
};

TEST_F(BtfSignaturesTest, FunctionsAndRawTracepoints) {
  BtfSignatures sig(btf_);
  auto functions = sig.functions();
  EXPECT_EQ(functions, (std::vector<std::string>{"__bpf_trace_own_event", "read_thing",
                                                 "void_thing"}));
  EXPECT_EQ(sig.raw_tracepoints(), (std::vector<std::string>{"class_event", "own_event"}));
  EXPECT_TRUE(sig.has_function("read_thing"));
  EXPECT_FALSE(sig.has_function("nope"));
}

TEST_F(BtfSignaturesTest, FunctionSignatureInC) {
  BtfSignatures sig(btf_);
  auto read = sig.function("read_thing");
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->params.size(), 2u);
  EXPECT_EQ(read->params[0].name, "t");
  EXPECT_EQ(read->params[0].c_type, "struct task_struct *");
  EXPECT_EQ(read->params[1].c_type, "size_t");
  EXPECT_EQ(read->return_c_type, "int");
  auto void_fn = sig.function("void_thing");
  ASSERT_TRUE(void_fn.has_value());
  EXPECT_EQ(void_fn->return_type_id, 0u);
  EXPECT_EQ(void_fn->return_c_type, "");
  EXPECT_FALSE(sig.function("nope").has_value());
}

TEST_F(BtfSignaturesTest, RawTracepointParamsNamedFromTraceFunctions) {
  BtfSignatures sig(btf_);
  auto own = sig.raw_tracepoint("own_event");
  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(own->params.size(), 2u);  // without void *__data
  EXPECT_EQ(own->params[0].name, "p");
  EXPECT_EQ(own->params[0].c_type, "struct task_struct *");
  EXPECT_EQ(own->params[1].name, "value");
  // No __bpf_trace_class_event: named from the function with the same parameter types.
  auto by_class = sig.raw_tracepoint("class_event");
  ASSERT_TRUE(by_class.has_value());
  EXPECT_EQ(by_class->params[0].name, "p");
  EXPECT_FALSE(sig.raw_tracepoint("nope").has_value());
}

TEST(HandWrittenElf, OpensWithLibbpf) {
  std::vector<HandWrittenProgram> programs = {
      {"raw_tp", "first", {insn::mov64_imm(BPF_REG_0, 0), insn::exit()}},
      {"perf_event", "second", {insn::mov64_imm(BPF_REG_0, 1), insn::exit()}},
  };
  std::vector<char> elf = hand_written_elf(programs);
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "hand_written_test");
  BpfObjectPtr object(bpf_object__open_mem(elf.data(), elf.size(), &opts));
  ASSERT_TRUE(object);
  bpf_program* first = bpf_object__find_program_by_name(object.get(), "first");
  bpf_program* second = bpf_object__find_program_by_name(object.get(), "second");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(bpf_program__type(first), BPF_PROG_TYPE_RAW_TRACEPOINT);
  EXPECT_EQ(bpf_program__type(second), BPF_PROG_TYPE_PERF_EVENT);
  EXPECT_EQ(bpf_program__insn_cnt(first), 2u);
}

}  // namespace
}  // namespace sonde
