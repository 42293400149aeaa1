#include "runtime/verifier_log.h"

#include <gtest/gtest.h>

namespace sonde {
namespace {

TEST(VerifierLog, FindsReasonAndSourceLineOfFailingInstruction) {
  const char* log =
      "func#0 @0\n"
      "0: R1=ctx() R10=fp0\n"
      "; BEGIN { $p = 0; @x = *$p; } @ stdin:1\n"
      "0: (b7) r1 = 0                        ; R1_w=0\n"
      "; printf(\"%d\\n\", $v); @ stdin:3\n"
      "1: (79) r2 = *(u64 *)(r1 +0)\n"
      "R1 invalid mem access 'scalar'\n"
      "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";
  VerifierRejection r = explain_verifier_log(log);
  EXPECT_EQ(r.reason, "R1 invalid mem access 'scalar'");
  ASSERT_TRUE(r.line.has_value());
  EXPECT_EQ(*r.line, 3);
}

TEST(VerifierLog, TooLargeProgramHasNoLineWithoutAnnotations) {
  VerifierRejection r = explain_verifier_log("BPF program is too large. Processed 1000001 insn\n");
  EXPECT_EQ(r.reason, "BPF program is too large. Processed 1000001 insn");
  EXPECT_FALSE(r.line.has_value());
}

TEST(VerifierLog, InfiniteLoopVerdictIsFoundBeforeTheStatesItCompared) {
  const char* log =
      "; while ($i < 1000) { @ stdin:1\n"
      "5: (65) if r1 s> 0x3e7 goto pc+4\n"
      "infinite loop detected at insn 5\n"
      "cur state: R1=2 R10=fp0 fp-24=???????2\n"
      "old state: R1=P2 R10=fp0 fp-24=???????P2\n"
      "verification time 76563 usec\n"
      "stack depth 24\n"
      "processed 2070 insns (limit 1000000) max_states_per_insn 4 total_states 27\n";
  VerifierRejection r = explain_verifier_log(log);
  EXPECT_EQ(r.reason, "infinite loop detected at insn 5");
  ASSERT_TRUE(r.line.has_value());
  EXPECT_EQ(*r.line, 1);
}

TEST(VerifierLog, EmptyLogExplainsNothing) {
  VerifierRejection r = explain_verifier_log("");
  EXPECT_TRUE(r.reason.empty());
  EXPECT_FALSE(r.line.has_value());
}

}  // namespace
}  // namespace sonde
