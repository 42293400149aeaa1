#include "kernel/btf_types.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "kernel/kernel.h"

namespace sonde {
namespace {

// A small BTF built in memory, shaped like the kernel's:
//   struct node_full { int id; char name[8]; struct node *next; unsigned int a:3, b:5;
//                      union { long l; u32 u; }; enum state st; const u8 bytes[4]; };
//   struct node {};  (empty, 48 bytes)
//   typedef unsigned int u32; typedef unsigned char u8; enum state { IDLE = 0, BUSY = 7 };
//   struct later;  (forward only)   int do_work(struct node *n, u32 flags);
//   typedef void (*btf_trace_switch)(void *__data, struct node *prev);
class SmallBtf : public ::testing::Test {
 protected:
  void SetUp() override {
    btf_ = btf__new_empty();
    ASSERT_NE(btf_, nullptr);
    int int_id = btf__add_int(btf_, "int", 4, BTF_INT_SIGNED);
    int uint_id = btf__add_int(btf_, "unsigned int", 4, 0);
    int char_id = btf__add_int(btf_, "char", 1, 0);
    int uchar_id = btf__add_int(btf_, "unsigned char", 1, 0);
    int long_id = btf__add_int(btf_, "long int", 8, BTF_INT_SIGNED);
    int u32_id = btf__add_typedef(btf_, "u32", uint_id);
    int u8_id = btf__add_typedef(btf_, "u8", uchar_id);
    int enum_id = btf__add_enum(btf_, "state", 4);
    btf__add_enum_value(btf_, "IDLE", 0);
    btf__add_enum_value(btf_, "BUSY", 7);
    int node_ptr = btf__add_ptr(btf_, btf__add_struct(btf_, "node", 48));
    int name_arr = btf__add_array(btf_, int_id, char_id, 8);
    int const_u8 = btf__add_const(btf_, u8_id);
    int bytes_arr = btf__add_array(btf_, int_id, const_u8, 4);
    int anon_union = btf__add_union(btf_, nullptr, 8);
    btf__add_field(btf_, "l", long_id, 0, 0);
    btf__add_field(btf_, "u", u32_id, 0, 0);
    // Fields go to the last struct/union created, so node_full comes after its parts; its
    // `next` points to the (empty) struct node.
    btf__add_struct(btf_, "node_full", 48);
    btf__add_field(btf_, "id", int_id, 0, 0);
    btf__add_field(btf_, "name", name_arr, 32, 0);
    ASSERT_EQ(btf__add_field(btf_, "next", node_ptr, 128, 0), 0);
    ASSERT_EQ(btf__add_field(btf_, "a", uint_id, 192, 3), 0);
    ASSERT_EQ(btf__add_field(btf_, "b", uint_id, 195, 5), 0);
    ASSERT_EQ(btf__add_field(btf_, nullptr, anon_union, 256, 0), 0);
    ASSERT_EQ(btf__add_field(btf_, "st", enum_id, 320, 0), 0);
    ASSERT_EQ(btf__add_field(btf_, "bytes", bytes_arr, 352, 0), 0);
    btf__add_fwd(btf_, "later", BTF_FWD_STRUCT);
    int proto = btf__add_func_proto(btf_, int_id);
    btf__add_func_param(btf_, "n", node_ptr);
    btf__add_func_param(btf_, "flags", u32_id);
    btf__add_func(btf_, "do_work", BTF_FUNC_GLOBAL, proto);
    int void_ptr = btf__add_ptr(btf_, 0);
    int trace_proto = btf__add_func_proto(btf_, 0);
    btf__add_func_param(btf_, "__data", void_ptr);
    btf__add_func_param(btf_, "prev", node_ptr);
    btf__add_typedef(btf_, "btf_trace_switch", btf__add_ptr(btf_, trace_proto));
  }
  void TearDown() override { btf__free(btf_); }

  struct btf* btf_ = nullptr;
};

TEST_F(SmallBtf, BaseTypesAndTypedefs) {
  BtfTypes types(btf_);
  EXPECT_EQ(types.type_by_name("u32"), Type::integer(4, false));
  EXPECT_EQ(types.type_by_name("unsigned int"), Type::integer(4, false));
  EXPECT_EQ(types.type_by_name("unsigned"), Type::integer(4, false));
  EXPECT_EQ(types.type_by_name("long"), Type::integer(8, true));
  EXPECT_EQ(types.type_by_name("char"), Type::integer(1, true));
  EXPECT_FALSE(types.type_by_name("nonexistent_t").has_value());
  EXPECT_TRUE(types.is_type_name("u8"));
  EXPECT_TRUE(types.is_type_name("int"));
  EXPECT_FALSE(types.is_type_name("node"));
}

TEST_F(SmallBtf, StructMembersLoadLazily) {
  BtfTypes types(btf_);
  auto node = types.type_by_name("struct node_full");
  ASSERT_TRUE(node.has_value());
  ASSERT_TRUE(node->is(TypeKind::Struct));
  EXPECT_EQ(node->to_string(), "struct node_full");
  EXPECT_EQ(node->size(), 48u);
  EXPECT_FALSE(node->struct_def()->loaded);
  const auto& fields = node->fields();
  EXPECT_TRUE(node->struct_def()->loaded);
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  // The anonymous union's members are flattened.
  EXPECT_EQ(names, (std::vector<std::string>{"id", "name", "next", "a", "b", "l", "u", "st",
                                             "bytes"}));
}

TEST_F(SmallBtf, FieldTypes) {
  BtfTypes types(btf_);
  auto node = *types.type_by_name("struct node_full");
  const auto* def = node.struct_def().get();
  EXPECT_EQ(*def->find("id")->type, Type::integer(4, true));
  // char[8] becomes a string; a const u8[4] stays a byte array.
  EXPECT_EQ(*def->find("name")->type, Type::string(8));
  EXPECT_EQ(def->find("name")->offset, 4u);
  EXPECT_EQ(*def->find("bytes")->type, Type::array(Type::integer(1, false), 4));
  EXPECT_EQ(def->find("bytes")->offset, 44u);
  const Type& next = *def->find("next")->type;
  ASSERT_TRUE(next.is_pointer());
  EXPECT_EQ(next.element().to_string(), "struct node");
  EXPECT_EQ(next.addr_space(), AddrSpace::None);
  EXPECT_EQ(def->find("l")->offset, 32u);
  EXPECT_EQ(*def->find("u")->type, Type::integer(4, false));
  EXPECT_EQ(def->find("u")->offset, 32u);
  EXPECT_EQ(*def->find("st")->type, Type::enumeration("state", 4, false));
}

TEST_F(SmallBtf, Bitfields) {
  BtfTypes types(btf_);
  auto node = *types.type_by_name("struct node_full");
  const Field* a = node.struct_def()->find("a");
  const Field* b = node.struct_def()->find("b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->offset, 24u);
  EXPECT_EQ(a->bit_offset, 0u);
  EXPECT_EQ(a->bit_width, 3u);
  EXPECT_EQ(b->offset, 24u);
  EXPECT_EQ(b->bit_offset, 3u);
  EXPECT_EQ(b->bit_width, 5u);
}

TEST_F(SmallBtf, EnumsAndEnumerators) {
  BtfTypes types(btf_);
  EXPECT_EQ(types.type_by_name("enum state"), Type::enumeration("state", 4, false));
  auto busy = types.enumerator("BUSY");
  ASSERT_TRUE(busy.has_value());
  EXPECT_EQ(busy->value, 7);
  EXPECT_EQ(busy->type, Type::enumeration("state", 4, false));
  EXPECT_FALSE(types.enumerator("NOT_THERE").has_value());
  EXPECT_EQ(types.enumerator_name("state", 7), "BUSY");
  EXPECT_EQ(types.enumerator_name("state", 0), "IDLE");
  EXPECT_EQ(types.enumerator_name("state", 3), "");
  EXPECT_EQ(types.enumerator_name("nostate", 0), "");
}

TEST_F(SmallBtf, ForwardDeclarationWithoutDefinitionIsOpaque) {
  BtfTypes types(btf_);
  auto id = types.find_id("later", BTF_KIND_FWD);
  ASSERT_NE(id, 0u);
  auto later = types.type_by_id(id);
  ASSERT_TRUE(later.has_value());
  EXPECT_TRUE(later->is(TypeKind::Struct));
  EXPECT_EQ(later->size(), 0u);
  EXPECT_TRUE(later->fields().empty());
}

TEST_F(SmallBtf, FunctionPrototypes) {
  BtfTypes types(btf_);
  auto fn = types.function("do_work");
  ASSERT_TRUE(fn.has_value());
  ASSERT_EQ(fn->params.size(), 2u);
  EXPECT_EQ(fn->params[0].name, "n");
  EXPECT_EQ(fn->params[0].type.to_string(), "struct node *");
  EXPECT_EQ(fn->params[1].name, "flags");
  EXPECT_EQ(fn->params[1].type, Type::integer(4, false));
  EXPECT_EQ(fn->return_type, Type::integer(4, true));
  EXPECT_FALSE(types.function("no_such_function").has_value());

  auto args = u64_args_struct(*fn, "do_work_args", 0, "$retval");
  ASSERT_EQ(args.fields().size(), 3u);
  EXPECT_EQ(args.fields()[1].name, "flags");
  EXPECT_EQ(args.fields()[1].offset, 8u);
  EXPECT_EQ(args.fields()[2].offset, 16u);
  EXPECT_EQ(args.size(), 24u);
}

TEST_F(SmallBtf, RawTracepointTypedefLeadsToItsPrototype) {
  BtfTypes types(btf_);
  uint32_t id = types.find_id("btf_trace_switch", BTF_KIND_TYPEDEF);
  ASSERT_NE(id, 0u);
  auto proto = types.function_proto_by_id(id);
  ASSERT_TRUE(proto.has_value());
  ASSERT_EQ(proto->params.size(), 2u);
  EXPECT_TRUE(proto->return_type.is_none());
  auto args = u64_args_struct(*proto, "", 1);
  ASSERT_EQ(args.fields().size(), 1u);
  EXPECT_EQ(args.fields()[0].name, "prev");
  EXPECT_EQ(args.fields()[0].offset, 0u);
}

TEST_F(SmallBtf, SelfReferenceDoesNotRecurse) {
  BtfTypes types(btf_);
  auto node = *types.type_by_name("struct node_full");
  const Type& next = *node.struct_def()->find("next")->type;
  // struct node (the empty one) converts on demand through the pointer.
  EXPECT_TRUE(next.element().fields().empty());
  EXPECT_EQ(types.type_by_name("struct node_full")->struct_def(), node.struct_def());
}

TEST(BtfTypesKernel, UnavailableBtfAnswersNothing) {
  KernelOptions options;
  options.btf_path = "/nonexistent/vmlinux.btf";
  Kernel kernel(options);
  BtfTypes types(kernel);
  EXPECT_FALSE(types.available());
  EXPECT_FALSE(types.type_by_name("struct task_struct").has_value());
  EXPECT_FALSE(types.enumerator("TCP_ESTABLISHED").has_value());
  EXPECT_FALSE(types.is_type_name("u32"));
}

TEST(BtfTypesKernel, VmlinuxTaskStruct) {
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux"))
    GTEST_SKIP() << "kernel BTF (/sys/kernel/btf/vmlinux) is not available";
  Kernel kernel;
  BtfTypes types(kernel);
  auto task = types.type_by_name("struct task_struct");
  ASSERT_TRUE(task.has_value());
  const auto* def = task->struct_def().get();
  ASSERT_NE(def->find("pid"), nullptr);
  EXPECT_EQ(*def->find("pid")->type, Type::integer(4, true));  // pid_t
  ASSERT_NE(def->find("comm"), nullptr);
  EXPECT_EQ(*def->find("comm")->type, Type::string(16));
  const Type& parent = *def->find("real_parent")->type;
  ASSERT_TRUE(parent.is_pointer());
  EXPECT_EQ(parent.element().struct_def(), task->struct_def());
  auto established = types.enumerator("TCP_ESTABLISHED");
  ASSERT_TRUE(established.has_value());
  EXPECT_EQ(established->value, 1);
  EXPECT_TRUE(types.is_type_name("u32"));
  auto proto = types.function("vfs_read");
  ASSERT_TRUE(proto.has_value());
  ASSERT_EQ(proto->params.size(), 4u);
  EXPECT_EQ(proto->params[0].name, "file");
  EXPECT_EQ(proto->params[0].type.to_string(), "struct file *");
}

}  // namespace
}  // namespace sonde
