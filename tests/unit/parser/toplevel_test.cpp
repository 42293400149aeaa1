// Top-level items (spec/language.md §2, §9-§11): C definitions, config, imports, map
// declarations, macros, `fn`, and their required order.
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

TEST(TopLevel, PreprocessorLinesAndCDefinitions) {
  const char* text =
      "#include <linux/sched.h>\n"
      "#define SIZE 16\n"
      "#define TWO_LINES 1 + \\\n  2\n"
      "struct Foo { int x; struct { char c; } inner; };\n"
      "union U { int a; long b; }\n"
      "enum E { A, B = 2 } __attribute__((packed)) ;\n"
      "struct Bar;\n"
      "BEGIN { @x = SIZE }";
  Parsed p = parse_text(text);
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& defs = p.program->c_definitions;
  ASSERT_EQ(defs.size(), 7u);
  EXPECT_EQ(defs[0].text, "#include <linux/sched.h>");
  EXPECT_EQ(defs[1].text, "#define SIZE 16");
  EXPECT_EQ(defs[2].text, "#define TWO_LINES 1 + \\\n  2");
  EXPECT_EQ(defs[3].text, "struct Foo { int x; struct { char c; } inner; };");
  EXPECT_EQ(defs[4].text, "union U { int a; long b; }");
  EXPECT_EQ(defs[5].text, "enum E { A, B = 2 } __attribute__((packed));");
  EXPECT_EQ(defs[6].text, "struct Bar;");
  EXPECT_EQ(range_of(defs[0].loc), "1:1-25");
  EXPECT_EQ(range_of(defs[2].loc), "3-4");
  EXPECT_EQ(range_of(defs[3].loc), "5:1-49");
  EXPECT_EQ(range_of(defs[4].loc), "6:1-27");
  ASSERT_EQ(p.program->probes.size(), 1u);
  EXPECT_EQ(body_of(text), "(= @x SIZE)");
}

TEST(TopLevel, MultiLineStructKeepsLayout) {
  Parsed p = parse_text("struct S {\n  int a;\n}\nkprobe:f { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(p.program->c_definitions.at(0).text, "struct S {\n  int a;\n}");
  EXPECT_EQ(range_of(p.program->c_definitions.at(0).loc), "1-3");
  EXPECT_EQ(p.program->probes.at(0)->attach_points.at(0).raw, "kprobe:f");
}

TEST(TopLevel, Config) {
  const char* text =
      "config = {\n"
      "  max_map_keys = 8192;\n"
      "  missing_probes = warn;\n"
      "  BPFTRACE_MAX_STRLEN = 8\n"
      "  print_maps_on_exit = false; unstable_map_decl = true\n"
      "  license = \"GPL\"\n"
      "}\n"
      "BEGIN { }";
  Parsed p = parse_text(text);
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& c = p.program->config;
  ASSERT_EQ(c.size(), 6u);
  using K = ast::ConfigEntry::Kind;
  EXPECT_EQ(c[0].key, "max_map_keys");
  EXPECT_EQ(c[0].kind, K::Integer);
  EXPECT_EQ(c[0].int_value, 8192u);
  EXPECT_EQ(range_of(c[0].loc), "2:3-22");
  EXPECT_EQ(c[1].kind, K::Identifier);
  EXPECT_EQ(c[1].text, "warn");
  EXPECT_EQ(c[2].key, "BPFTRACE_MAX_STRLEN");
  EXPECT_EQ(c[2].int_value, 8u);
  EXPECT_EQ(c[3].kind, K::Bool);
  EXPECT_FALSE(c[3].bool_value);
  EXPECT_TRUE(c[4].bool_value);
  EXPECT_EQ(c[5].kind, K::String);
  EXPECT_EQ(c[5].text, "GPL");
}

TEST(TopLevel, EmptyConfigAndNoSpaces) {
  EXPECT_TRUE(parse_text("config={}BEGIN{}").program);
  EXPECT_TRUE(parse_text("config = { }\nBEGIN { }").program);
}

TEST(TopLevel, Imports) {
  Parsed p = parse_text("import \"lib/a.bt\";\nimport \"b.h\";\nBEGIN { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  ASSERT_EQ(p.program->imports.size(), 2u);
  EXPECT_EQ(p.program->imports[0].path, "lib/a.bt");
  EXPECT_EQ(range_of(p.program->imports[0].loc), "1:1-18");
  EXPECT_EQ(p.program->imports[1].path, "b.h");
}

TEST(TopLevel, MapDeclarations) {
  Parsed p = parse_text("let @a = hash(100);\nlet @b = lruhash(5)\nBEGIN { @a[1] = 1 }\n"
                        "let @c = percpuhash(0x10);");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& m = p.program->map_decls;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].name, "@a");
  EXPECT_EQ(m[0].kind, "hash");
  EXPECT_EQ(m[0].max_entries, 100u);
  EXPECT_EQ(range_of(m[0].loc), "1:1-19");
  EXPECT_EQ(m[1].kind, "lruhash");
  EXPECT_EQ(range_of(m[1].loc), "2:1-20");
  EXPECT_EQ(m[2].max_entries, 16u);
  EXPECT_EQ(p.program->probes.size(), 1u);
}

TEST(TopLevel, Macros) {
  Parsed p = parse_text(
      "macro add($a, @m, x) { $a += x; @m = $a; $a }\n"
      "macro sysname() { \"linux\" }\n"
      "BEGIN { if sysname { print(add($v, @m, 1)) } }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& m = p.program->macros;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "add");
  EXPECT_EQ(m[0].params, (std::vector<std::string>{"$a", "@m", "x"}));
  ASSERT_EQ(m[0].body.stmts.size(), 3u);
  EXPECT_EQ(sexpr(m[0].body.stmts[2].get()), "$a");
  EXPECT_EQ(range_of(m[0].loc), "1:1-46");
  EXPECT_TRUE(m[1].params.empty());
}

TEST(TopLevel, FnIsRejected) {
  EXPECT_EQ(errors_of("fn add($a: int64, $b: int64): int64 { return $a + $b; }\nBEGIN { }"),
            "1:1-7: fn definitions are not supported; use a macro instead");
}

TEST(TopLevel, ItemsInAnyOrderAfterConfig) {
  Parsed p = parse_text(
      "#include <x.h>\nconfig = { a = 1 }\nimport \"x\";\n"
      "BEGIN { } let @m = hash(1); macro f() { 1 } END { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(p.program->probes.size(), 2u);
}

TEST(TopLevel, OrderIsEnforced) {
  EXPECT_EQ(errors_of("BEGIN { }\n#include <x.h>"),
            "2:1-15: C definitions must appear before probes and functions");
  EXPECT_EQ(errors_of("BEGIN { }\nstruct X { int a; }"),
            "2:1-20: C definitions must appear before probes and functions");
  EXPECT_EQ(errors_of("config = { a = 1 }\n#define X 1\nBEGIN { }"),
            "2:1-12: C definitions must appear before config and imports");
  EXPECT_EQ(errors_of("BEGIN { }\nconfig = { a = 1 }"),
            "2:1-19: the config block must appear before probes and functions");
  EXPECT_EQ(errors_of("let @m = hash(2);\nimport \"x\";"),
            "2:1-11: imports must appear before probes and functions");
  EXPECT_EQ(errors_of("config = { a = 1 }\nconfig = { b = 1 }"),
            "2:1-19: only one config block is allowed");
}

TEST(TopLevel, EmptyProgram) {
  Parsed p = parse_text("");
  ASSERT_TRUE(p.program);
  EXPECT_TRUE(p.program->probes.empty());
  EXPECT_TRUE(parse_text("  // nothing\n/* at all */\n").program);
}

}  // namespace
}  // namespace sonde::test
