#include "cdefs/c_parser.h"

#include <gtest/gtest.h>

namespace sonde::cdefs {
namespace {

struct Parsed {
  ScriptTypeTable table;
  std::optional<CParseError> error;
};

Parsed parse(const std::vector<std::string>& items) {
  Parsed p;
  CParserHooks hooks;
  hooks.constant = [](const std::string& name) -> std::optional<int64_t> {
    if (name == "SIZE") return 16;
    return std::nullopt;
  };
  for (const auto& item : items) {
    p.error = parse_c_definition(item, p.table, hooks);
    if (p.error) break;
  }
  return p;
}

const StructDef& def(const Parsed& p, const std::string& key) {
  return *p.table.structs.at(key);
}

TEST(CParser, NaturalLayout) {
  auto p = parse({"struct foo { char c; int i; long l; short s; };"});
  ASSERT_FALSE(p.error) << p.error->message;
  const auto& d = def(p, "struct foo");
  EXPECT_EQ(d.size, 24u);
  EXPECT_EQ(d.align, 8u);
  EXPECT_EQ(d.find("c")->offset, 0u);
  EXPECT_EQ(d.find("i")->offset, 4u);
  EXPECT_EQ(d.find("l")->offset, 8u);
  EXPECT_EQ(d.find("s")->offset, 16u);
  EXPECT_EQ(*d.find("c")->type, Type::integer(1, true));
  EXPECT_EQ(*d.find("l")->type, Type::integer(8, true));
}

TEST(CParser, CharArraysAreStringsAndOtherArraysStay) {
  auto p = parse({"struct s { char name[SIZE]; unsigned char mac[6]; int v[2][3]; };"});
  ASSERT_FALSE(p.error) << p.error->message;
  const auto& d = def(p, "struct s");
  EXPECT_EQ(*d.find("name")->type, Type::string(16));
  EXPECT_EQ(*d.find("mac")->type, Type::array(Type::integer(1, false), 6));
  EXPECT_EQ(*d.find("v")->type, Type::array(Type::array(Type::integer(4, true), 3), 2));
  EXPECT_EQ(d.find("v")->offset, 24u);
  EXPECT_EQ(d.size, 48u);
}

TEST(CParser, PointersAndSelfReference) {
  auto p = parse({"struct node { struct node *next; const char *name; void (*fn)(int); };"});
  ASSERT_FALSE(p.error) << p.error->message;
  const auto& d = def(p, "struct node");
  const Type& next = *d.find("next")->type;
  ASSERT_TRUE(next.is_pointer());
  EXPECT_EQ(next.element().struct_def().get(), p.table.structs.at("struct node").get());
  EXPECT_EQ(*d.find("name")->type, Type::pointer(Type::integer(1, true)));
  EXPECT_TRUE(d.find("fn")->type->is_pointer());
  EXPECT_EQ(d.size, 24u);
  // Break the self-reference for the leak checker.
  p.table.structs.at("struct node")->fields_.clear();
}

TEST(CParser, Bitfields) {
  auto p = parse({"struct b { unsigned int a : 3; unsigned int b : 30; unsigned char c : 2; };"});
  ASSERT_FALSE(p.error) << p.error->message;
  const auto& d = def(p, "struct b");
  EXPECT_EQ(d.find("a")->offset, 0u);
  EXPECT_EQ(d.find("a")->bit_offset, 0u);
  EXPECT_EQ(d.find("a")->bit_width, 3u);
  // 3 + 30 bits do not fit one 32-bit unit: b starts the next one.
  EXPECT_EQ(d.find("b")->offset, 4u);
  EXPECT_EQ(d.find("b")->bit_offset, 0u);
  EXPECT_EQ(d.find("c")->offset, 7u);
  EXPECT_EQ(d.find("c")->bit_offset, 6u);
  EXPECT_EQ(d.size, 8u);
}

TEST(CParser, UnionsPackedAndAnonymousMembers) {
  auto p = parse({"union u { int i; long l; char c[3]; };",
                  "struct __attribute__((packed)) pk { char c; int i; };",
                  "struct an { int x; union { int a; short b; }; struct { char p, q; }; };"});
  ASSERT_FALSE(p.error) << p.error->message;
  EXPECT_EQ(def(p, "union u").size, 8u);
  EXPECT_TRUE(def(p, "union u").is_union);
  EXPECT_EQ(def(p, "union u").find("c")->offset, 0u);
  EXPECT_EQ(def(p, "struct pk").size, 5u);
  EXPECT_EQ(def(p, "struct pk").find("i")->offset, 1u);
  const auto& an = def(p, "struct an");
  EXPECT_EQ(an.find("a")->offset, 4u);
  EXPECT_EQ(an.find("b")->offset, 4u);
  EXPECT_EQ(an.find("p")->offset, 8u);
  EXPECT_EQ(an.find("q")->offset, 9u);
  EXPECT_EQ(an.size, 12u);
}

TEST(CParser, Enums) {
  auto p = parse({"enum color { RED, GREEN = 5, BLUE, MIX = GREEN | 0x10 };",
                  "struct c { enum color col; };"});
  ASSERT_FALSE(p.error) << p.error->message;
  const auto& e = p.table.enums.at("color");
  EXPECT_EQ(e.type, Type::enumeration("color", 4, false));
  ASSERT_EQ(e.values.size(), 4u);
  EXPECT_EQ(e.values[2], (std::pair<std::string, int64_t>{"BLUE", 6}));
  EXPECT_EQ(p.table.enumerators.at("MIX").first, 0x15);
  EXPECT_EQ(*def(p, "struct c").find("col")->type, Type::enumeration("color", 4, false));
}

TEST(CParser, ExternalTypes) {
  ScriptTypeTable table;
  CParserHooks hooks;
  auto sock = std::make_shared<StructDef>();
  sock->name = "sock";
  sock->size = 16;
  sock->align = 8;
  hooks.external_type = [&](const std::string& name) -> std::optional<Type> {
    if (name == "struct sock") return Type::structure(sock);
    return std::nullopt;
  };
  auto error = parse_c_definition("struct w { u32 x; struct sock s; struct sock *p; };", table,
                                  hooks);
  ASSERT_FALSE(error) << error->message;
  const auto& d = *table.structs.at("struct w");
  EXPECT_EQ(*d.find("x")->type, Type::integer(4, false));
  EXPECT_EQ(d.find("s")->offset, 8u);
  EXPECT_EQ(d.find("s")->type->struct_def(), sock);
  EXPECT_EQ(d.size, 32u);
}

TEST(CParser, Errors) {
  auto unknown = parse({"struct a {\n  foo_t x;\n};"});
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->message, "unknown type name 'foo_t'");
  EXPECT_EQ(unknown.error->line, 2);
  EXPECT_EQ(unknown.error->column, 3);
  auto incomplete = parse({"struct a { struct nowhere n; };"});
  ASSERT_TRUE(incomplete.error);
  EXPECT_EQ(incomplete.error->message, "field has incomplete type 'struct nowhere'");
  auto twice = parse({"struct a { int x; };", "struct a { int y; };"});
  ASSERT_TRUE(twice.error);
  EXPECT_EQ(twice.error->message, "redefinition of 'a'");
  auto missing = parse({"struct a { int x }"});
  ASSERT_TRUE(missing.error);
  auto huge = parse({"struct h { char x[4000000000]; };"});
  ASSERT_TRUE(huge.error);
  EXPECT_EQ(huge.error->message, "array is too large");
  auto product = parse({"struct p { long x[100000][100000]; };"});
  ASSERT_TRUE(product.error);
  EXPECT_EQ(product.error->message, "array is too large");
}

TEST(CParser, BuiltinCTypes) {
  EXPECT_EQ(builtin_c_type("unsigned long"), Type::integer(8, false));
  EXPECT_EQ(builtin_c_type("unsigned"), Type::integer(4, false));
  EXPECT_EQ(builtin_c_type("long long int"), Type::integer(8, true));
  EXPECT_EQ(builtin_c_type("u16"), Type::integer(2, false));
  EXPECT_EQ(builtin_c_type("uint8_t"), Type::integer(1, false));
  EXPECT_FALSE(builtin_c_type("sock").has_value());
  EXPECT_FALSE(builtin_c_type("").has_value());
}

}  // namespace
}  // namespace sonde::cdefs
