// Typing of C types in sema: casts, field access with auto-deref, indexing, sizeof/offsetof,
// address spaces, curtask — against a small TypeLookup standing in for BTF and the script.
#include <gtest/gtest.h>

#include <map>

#include "ast/ast.h"
#include "parser/parse.h"
#include "sema/analyse.h"
#include "sema/type_lookup.h"

namespace sonde {
namespace {

// struct node { int id; struct node *next; char name[8]; u32 flags:3; };
// struct task_struct { int pid; };  enum state { IDLE, BUSY = 7 };
class FakeLookup : public TypeLookup {
 public:
  FakeLookup() {
    node_ = std::make_shared<StructDef>();
    node_->name = "node";
    auto add = [&](const std::string& name, Type t, uint32_t offset, uint32_t width = 0) {
      Field f;
      f.name = name;
      f.type = std::make_shared<Type>(std::move(t));
      f.offset = offset;
      f.bit_width = width;
      node_->fields_.push_back(f);
    };
    add("id", Type::integer(4, true), 0);
    add("next", Type::pointer(Type::structure(node_)), 8);
    add("name", Type::string(8), 16);
    add("flags", Type::integer(4, false), 24, 3);
    node_->size = 32;
    node_->align = 8;
    task_ = std::make_shared<StructDef>();
    task_->name = "task_struct";
    Field pid;
    pid.name = "pid";
    pid.type = std::make_shared<Type>(Type::integer(4, true));
    task_->fields_.push_back(pid);
    task_->size = 4;
    task_->align = 4;
  }
  ~FakeLookup() override { node_->fields_.clear(); }  // break node -> next -> node

  std::optional<Type> named_type(const std::string& name) override {
    if (name == "struct node") return Type::structure(node_);
    if (name == "struct task_struct") return Type::structure(task_);
    if (name == "u32") return Type::integer(4, false);
    if (name == "enum state") return Type::enumeration("state", 4, false);
    return std::nullopt;
  }
  std::optional<NamedConstant> constant(const std::string& name) override {
    if (name == "BUSY") return NamedConstant{7, Type::enumeration("state", 4, false)};
    return std::nullopt;
  }

 private:
  std::shared_ptr<StructDef> node_, task_;
};

struct Analysed {
  std::unique_ptr<ast::Program> program;
  std::optional<SemanticModel> model;
  Diagnostics diags;
  std::string errors() const {
    std::string text;
    for (const auto& d : diags.all()) text += d.message + "\n";
    return text;
  }
};

std::unique_ptr<Analysed> analyse_text(const std::string& text, FakeLookup& lookup) {
  auto result = std::make_unique<Analysed>();
  SourceFile file("stdin", text);
  ParseOptions parse_options;
  parse_options.is_type_name = [&](std::string_view name) {
    return lookup.named_type(std::string(name)).has_value();
  };
  result->program = parse(file, result->diags, parse_options);
  if (!result->program) return result;
  AnalysisOptions options;
  options.types = &lookup;
  options.environment = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  };
  result->model = analyse(*result->program, options, result->diags);
  return result;
}

// The type of `$x` after the program ran its assignments.
Type variable_type(const Analysed& a, const std::string& name) {
  for (const auto& v : a.model->probes[0].variables)
    if (v.name == name) return v.type;
  return Type::none();
}

TEST(SemaTypes, FieldAccessThroughPointersWithDotOrArrow) {
  FakeLookup lookup;
  auto a = analyse_text(
      "BEGIN { $n = (struct node *)0; $a = $n->id; $b = $n.id; $c = $n->next->next.name; "
      "$d = $n->flags; $e = (*$n).id; $f = $n->next[1].id; }",
      lookup);
  ASSERT_TRUE(a->model) << a->errors();
  EXPECT_EQ(variable_type(*a, "$a"), Type::integer(4, true));
  EXPECT_EQ(variable_type(*a, "$b"), Type::integer(4, true));
  EXPECT_EQ(variable_type(*a, "$c"), Type::string(8));
  EXPECT_EQ(variable_type(*a, "$d"), Type::integer(4, false));
  EXPECT_EQ(variable_type(*a, "$e"), Type::integer(4, true));
  EXPECT_EQ(variable_type(*a, "$f"), Type::integer(4, true));
}

TEST(SemaTypes, SizeofAndOffsetofValues) {
  FakeLookup lookup;
  auto a = analyse_text(
      "BEGIN { $a = sizeof(struct node); $b = offsetof(struct node, name); $c = sizeof(u32); }",
      lookup);
  ASSERT_TRUE(a->model) << a->errors();
  auto& body = a->program->probes[0]->body.stmts;
  auto value_of = [&](size_t i) -> const ast::Expr& {
    return *static_cast<ast::Assignment&>(*body[i]).value;
  };
  EXPECT_EQ(static_cast<const ast::Sizeof&>(value_of(0)).value, 32u);
  EXPECT_EQ(static_cast<const ast::Offsetof&>(value_of(1)).value, 16u);
  EXPECT_EQ(static_cast<const ast::Sizeof&>(value_of(2)).value, 4u);
}

TEST(SemaTypes, AddressSpacesFollowThePointer) {
  FakeLookup lookup;
  auto a = analyse_text(
      "BEGIN { $u = (struct node *)uptr(0); $next = $u->next; $k = kptr((struct node *)0); "
      "$knext = $k->next; $plain = ((struct node *)0)->next; }",
      lookup);
  ASSERT_TRUE(a->model) << a->errors();
  EXPECT_EQ(variable_type(*a, "$next").addr_space(), AddrSpace::User);
  EXPECT_EQ(variable_type(*a, "$knext").addr_space(), AddrSpace::Kernel);
  EXPECT_EQ(variable_type(*a, "$plain").addr_space(), AddrSpace::None);
}

TEST(SemaTypes, CurtaskIsAKernelTaskPointer) {
  FakeLookup lookup;
  auto a = analyse_text("BEGIN { $t = curtask; $p = curtask->pid; }", lookup);
  ASSERT_TRUE(a->model) << a->errors();
  Type t = variable_type(*a, "$t");
  ASSERT_TRUE(t.is_pointer());
  EXPECT_EQ(t.to_string(), "struct task_struct *");
  EXPECT_EQ(t.addr_space(), AddrSpace::Kernel);
  EXPECT_EQ(variable_type(*a, "$p"), Type::integer(4, true));
}

TEST(SemaTypes, EnumConstantsAndCasts) {
  FakeLookup lookup;
  auto a = analyse_text("BEGIN { $s = BUSY; $t = (enum state)1; }", lookup);
  ASSERT_TRUE(a->model) << a->errors();
  EXPECT_EQ(variable_type(*a, "$s"), Type::enumeration("state", 4, false));
  EXPECT_EQ(variable_type(*a, "$t"), Type::enumeration("state", 4, false));
}

TEST(SemaTypes, Errors) {
  FakeLookup lookup;
  struct Case {
    const char* program;
    const char* message;
  } cases[] = {
      {"BEGIN { $x = (struct nosuch *)0; }", "Unknown struct/union: 'struct nosuch'"},
      {"BEGIN { $x = ((struct node *)0)->nope; }",
       "Struct/union of type 'struct node' does not contain a field named 'nope'"},
      {"BEGIN { $x = ((struct node *)0)->name[8]; }",
       "the index 8 is out of bounds for array of size 8"},
      {"BEGIN { $x = 1 - (struct node *)0; }",
       "The - operator can not be used on expressions of types int8, struct node *"},
      {"BEGIN { $x = offsetof(struct node, id.x); }",
       "offsetof() expects a struct or union, got int32"},
      {"BEGIN { $x = (enum nope)1; }", "Unknown enum: 'enum nope'"},
  };
  for (const auto& c : cases) {
    auto a = analyse_text(c.program, lookup);
    EXPECT_FALSE(a->model) << c.program;
    EXPECT_NE(a->errors().find(c.message), std::string::npos) << c.program << "\n"
                                                               << a->errors();
  }
}

}  // namespace
}  // namespace sonde
