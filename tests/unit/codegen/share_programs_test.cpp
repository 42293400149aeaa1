#include "codegen/share_programs.h"

#include <gtest/gtest.h>

#include "codegen/bpf_module.h"

namespace sonde::codegen {
namespace {

// A program returning `value` in `section`.
void add_returning(BpfModule& module, const std::string& name, const std::string& section,
                   uint64_t value) {
  llvm::Function* fn = module.add_program(name, section);
  llvm::IRBuilder<> b(&fn->getEntryBlock());
  b.CreateRet(b.getInt64(value));
}

TEST(SharePrograms, IdenticalProgramsRunTheFirstAndAreRemoved) {
  BpfModule module(nullptr);
  add_returning(module, "p0", "raw_tp", 0);
  add_returning(module, "p1", "raw_tp", 0);
  add_returning(module, "p2", "raw_tp", 1);
  add_returning(module, "p3", "raw_tp", 1);
  add_returning(module, "p4", "raw_tp", 0);

  auto runs = share_identical_programs(module.module(), {"p0", "p1", "p2", "p3", "p4"});

  EXPECT_EQ(runs, (std::vector<std::string>{"p0", "p0", "p2", "p2", "p0"}));
  EXPECT_NE(module.module().getFunction("p0"), nullptr);
  EXPECT_EQ(module.module().getFunction("p1"), nullptr);
  EXPECT_NE(module.module().getFunction("p2"), nullptr);
  EXPECT_EQ(module.module().getFunction("p3"), nullptr);
  EXPECT_EQ(module.module().getFunction("p4"), nullptr);
}

TEST(SharePrograms, ProgramsInDifferentSectionsStayApart) {
  // The section decides the program type: a tracepoint and a raw tracepoint program with the
  // same body are different programs.
  BpfModule module(nullptr);
  add_returning(module, "p0", "raw_tp", 0);
  add_returning(module, "p1", "tracepoint/sched/sched_switch", 0);

  auto runs = share_identical_programs(module.module(), {"p0", "p1"});

  EXPECT_EQ(runs, (std::vector<std::string>{"p0", "p1"}));
  EXPECT_NE(module.module().getFunction("p1"), nullptr);
}

TEST(SharePrograms, SharedModuleStillEmitsAnObject) {
  BpfModule module(nullptr);
  add_returning(module, "p0", "raw_tp", 0);
  add_returning(module, "p1", "raw_tp", 0);
  share_identical_programs(module.module(), {"p0", "p1"});
  auto object = module.emit_object();
  ASSERT_TRUE(object.ok()) << object.error().message;
  EXPECT_FALSE(object->empty());
}

}  // namespace
}  // namespace sonde::codegen
