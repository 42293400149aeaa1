// The `-d ast` printer (ast/printer.h).
#include <gtest/gtest.h>

#include <sstream>

#include "ast/printer.h"
#include "parse_helpers.h"

namespace sonde::test {
namespace {

std::string printed(const std::string& text) {
  Parsed p = parse_text(text);
  if (!p.program) return "<parse failed: " + diag_list(p.diags) + ">";
  std::ostringstream out;
  ast::print_program(out, *p.program);
  return out.str();
}

TEST(Printer, WholeProgram) {
  const char* text = R"(#include <linux/sched.h>
config = { max_map_keys = 100; missing_probes = warn }
import "lib.bt";
let @m = lruhash(10);
macro twice(x) { x * 2 }
tracepoint:syscalls:sys_enter_read, kprobe:f /comm == "bash"/ {
  @reads[tid, comm] = count();
  $p = (struct task_struct *)curtask;
  let $n: uint32 = $p->pid;
  if ($n > 1) { @x++; } else if (!$n) { @x += 2 } else { }
  for ($kv : @reads) { print($kv.0); break; }
  for ($i : 0..$#) { continue }
  while ($n) { $n--; }
  unroll (2) { _ = delete(@m, 1); }
  @t = ($1, "a\n", true, (a = 1));
  @s = sizeof(int8[4]) + offsetof(struct sock, a.b) + $n ?: 0;
  @r = -*&$n + $a[0] ? 1 : 2;
  return
}
)";
  EXPECT_EQ(printed(text), R"(Program
 c-definition "#include <linux/sched.h>"
 config
  max_map_keys = 100 (integer)
  missing_probes = warn (identifier)
 import "lib.bt"
 map-decl @m = lruhash(10)
 macro twice(x)
  body
   binop *
    ident x
    int 2
 probe tracepoint:syscalls:sys_enter_read, kprobe:f
  predicate
   binop ==
    ident comm
    string "bash"
  body
   assign =
    map @reads
     key: tuple (key list)
      ident tid
      ident comm
    call count
   assign =
    var $p
    cast (struct task_struct *)
     ident curtask
   let $n: uint32
    field ->pid
     var $p
   if
    cond: binop >
     var $n
     int 1
    then
     unop ++ (post)
      map @x
    else
     if
      cond: unop !
       var $n
      then
       assign +=
        map @x
        int 2
      else (empty)
   for $kv in @reads
    body
     call print
      tuple-index .0
       var $kv
     break
   for $i in range
    from: int 0
    to: param $#
    body
     continue
   while
    cond: var $n
    body
     unop -- (post)
      var $n
   unroll
    count: int 2
    body
     discard
      call delete
       map @m
       int 1
   assign =
    map @t
    tuple
     param $1
     string "a\n"
     bool true
     record
      a = int 1
   assign =
    map @s
    ternary ?:
     cond: binop +
      binop +
       sizeof int8[4]
       offsetof struct sock field a.b
      var $n
     else: int 0
   assign =
    map @r
    ternary
     cond: binop +
      unop -
       unop *
        unop &
         var $n
      index
       var $a
       at: int 0
     then: int 1
     else: int 2
   return
)");
}

TEST(Printer, ShowsTypesOnceSet) {
  Parsed p = parse_text("BEGIN { @x = 1 + 2 }");
  ASSERT_TRUE(p.program);
  auto& assign = dynamic_cast<ast::Assignment&>(*p.program->probes[0]->body.stmts[0]);
  assign.value->type = Type::int64();
  auto& sum = dynamic_cast<ast::Binary&>(*assign.value);
  sum.lhs->type = Type::integer(1, true);
  std::ostringstream out;
  ast::print_program(out, *p.program);
  EXPECT_EQ(out.str(),
            "Program\n"
            " probe BEGIN\n"
            "  body\n"
            "   assign =\n"
            "    map @x\n"
            "    binop + (int64)\n"
            "     int 1 (int8)\n"
            "     int 2\n");
}

}  // namespace
}  // namespace sonde::test
