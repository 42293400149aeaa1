// The `-d ast` tree: one node per line, children one space deeper. Lines read like the source
// they came from (`map @x`, `binop +`, `call printf`); an expression's type follows in
// parentheses once sema has set it. Some children carry a label (`cond:`, `then:`) where
// their role is not obvious from their position.
#include "ast/printer.h"

#include <ostream>
#include <string>

#include "ast/visitor.h"

namespace sonde::ast {

namespace {

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char* digits = "0123456789abcdef";
          out += "\\x";
          out += digits[(c >> 4) & 15];
          out += digits[c & 15];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string type_spec(const TypeSpec& t) {
  std::string out = t.name;
  if (t.pointer_depth > 0) out += " " + std::string(t.pointer_depth, '*');
  for (const auto& dim : t.array_dims) out += dim ? "[" + std::to_string(*dim) + "]" : "[]";
  return out;
}

const char* config_kind(ConfigEntry::Kind kind) {
  switch (kind) {
    case ConfigEntry::Kind::Integer: return "integer";
    case ConfigEntry::Kind::String: return "string";
    case ConfigEntry::Kind::Identifier: return "identifier";
    case ConfigEntry::Kind::Bool: return "bool";
  }
  return "?";
}

// The printer only reads the tree; Visitor takes non-const nodes, hence the const_casts at
// the entry points.
class Printer : public Visitor {
 public:
  explicit Printer(std::ostream& out) : out_(out) {}

  void program(const Program& p) {
    line("Program");
    Indent in(*this);
    for (const auto& c : p.c_definitions) line("c-definition " + quote(c.text));
    if (!p.config.empty()) {
      line("config");
      Indent in2(*this);
      for (const auto& e : p.config) config_entry(e);
    }
    for (const auto& i : p.imports) line("import " + quote(i.path));
    for (const auto& m : p.map_decls)
      line("map-decl " + m.name + " = " + m.kind + "(" + std::to_string(m.max_entries) + ")");
    for (const auto& m : p.macros) macro(m);
    for (const auto& probe : p.probes) const_cast<Probe&>(*probe).accept(*this);
  }

  // Expressions ------------------------------------------------------------------------------
  void visit(IntegerLiteral& n) override { expr_line(n, "int " + std::to_string(n.value)); }
  void visit(StringLiteral& n) override { expr_line(n, "string " + quote(n.value)); }
  void visit(BoolLiteral& n) override { expr_line(n, n.value ? "bool true" : "bool false"); }
  void visit(PositionalParam& n) override {
    expr_line(n, n.is_count() ? "param $#" : "param $" + std::to_string(n.index));
  }
  void visit(Identifier& n) override { expr_line(n, "ident " + n.name); }
  void visit(Variable& n) override { expr_line(n, "var " + n.name); }
  void visit(MapAccess& n) override {
    expr_line(n, "map " + n.name);
    child(n.key.get(), "key: ");
  }
  void visit(Call& n) override {
    expr_line(n, "call " + n.name + (n.has_parens ? "" : " (no parens)"));
    for (auto& a : n.args) child(a.get());
  }
  void visit(Binary& n) override {
    expr_line(n, std::string("binop ") + to_string(n.op));
    child(n.lhs.get());
    child(n.rhs.get());
  }
  void visit(Unary& n) override {
    expr_line(n, std::string("unop ") + to_string(n.op));
    child(n.operand.get());
  }
  void visit(Ternary& n) override {
    expr_line(n, n.then ? "ternary" : "ternary ?:");
    child(n.cond.get(), "cond: ");
    child(n.then.get(), "then: ");
    child(n.otherwise.get(), "else: ");
  }
  void visit(FieldAccess& n) override {
    expr_line(n, std::string("field ") + (n.arrow ? "->" : ".") + n.field);
    child(n.base.get());
  }
  void visit(TupleIndex& n) override {
    expr_line(n, "tuple-index ." + std::to_string(n.index));
    child(n.base.get());
  }
  void visit(Index& n) override {
    expr_line(n, "index");
    child(n.base.get());
    child(n.index.get(), "at: ");
  }
  void visit(Cast& n) override {
    expr_line(n, "cast (" + type_spec(n.target) + ")");
    child(n.operand.get());
  }
  void visit(TupleExpr& n) override {
    expr_line(n, n.implicit ? "tuple (key list)" : "tuple");
    for (auto& e : n.elements) child(e.get());
  }
  void visit(RecordExpr& n) override {
    expr_line(n, "record");
    for (size_t i = 0; i < n.values.size(); ++i) {
      std::string name = i < n.names.size() ? n.names[i] : "?";
      child(n.values[i].get(), name + " = ");
    }
  }
  void visit(Sizeof& n) override {
    expr_line(n, n.target_type ? "sizeof " + type_spec(*n.target_type) : "sizeof");
    child(n.target_expr.get());
  }
  void visit(Offsetof& n) override {
    std::string path;
    for (const auto& f : n.fields) path += (path.empty() ? "" : ".") + f;
    std::string head = n.target_type ? "offsetof " + type_spec(*n.target_type) : "offsetof";
    expr_line(n, head + " field " + path);
    child(n.target_expr.get());
  }

  void visit(BlockExpr& n) override {
    expr_line(n, "block-expr");
    Indent in(*this);
    block(n.block, "statements");
    labelled(n.value.get(), "value: ");
  }

  // Statements -------------------------------------------------------------------------------
  void visit(ExprStmt& n) override {
    if (!n.discard) {
      accept(n.expr.get());
      return;
    }
    line("discard");
    child(n.expr.get());
  }
  void visit(Assignment& n) override {
    line(std::string("assign ") + (n.compound ? to_string(*n.compound) : "") + "=");
    child(n.target.get());
    child(n.value.get());
  }
  void visit(VarDecl& n) override {
    std::string head = "let " + (n.var ? n.var->name : std::string("?"));
    if (n.declared_type) head += ": " + type_spec(*n.declared_type);
    line(head);
    child(n.value.get());
  }
  void visit(If& n) override {
    line("if");
    Indent in(*this);
    labelled(n.cond.get(), "cond: ");
    block(n.then, "then");
    if (n.otherwise) block(*n.otherwise, "else");
  }
  void visit(While& n) override {
    line("while");
    Indent in(*this);
    labelled(n.cond.get(), "cond: ");
    block(n.body, "body");
  }
  void visit(Unroll& n) override {
    line("unroll");
    Indent in(*this);
    labelled(n.count.get(), "count: ");
    block(n.body, "body");
  }
  void visit(ForMap& n) override {
    line("for " + (n.var ? n.var->name : std::string("?")) + " in " +
         (n.map ? n.map->name : std::string("?")));
    Indent in(*this);
    block(n.body, "body");
  }
  void visit(ForRange& n) override {
    line("for " + (n.var ? n.var->name : std::string("?")) + " in range");
    Indent in(*this);
    labelled(n.start.get(), "from: ");
    labelled(n.end.get(), "to: ");
    block(n.body, "body");
  }
  void visit(Jump& n) override {
    const char* word = n.kind == JumpKind::Break      ? "break"
                       : n.kind == JumpKind::Continue ? "continue"
                                                      : "return";
    line(word);
    child(n.value.get());
  }
  void visit(BlockStmt& n) override { block(n.block, "block"); }

  void visit(Probe& n) override {
    std::string names;
    for (const auto& ap : n.attach_points) names += (names.empty() ? "" : ", ") + ap.raw;
    line("probe " + names);
    Indent in(*this);
    if (n.predicate) {
      line("predicate");
      child(n.predicate.get());
    }
    block(n.body, "body");
  }

 private:
  struct Indent {
    explicit Indent(Printer& p) : printer(p) { ++printer.depth_; }
    ~Indent() { --printer.depth_; }
    Printer& printer;
  };

  void line(const std::string& text) {
    out_ << std::string(depth_, ' ') << label_ << text << '\n';
    label_.clear();
  }

  void expr_line(const Expr& e, const std::string& text) {
    line(e.type.is_none() ? text : text + " (" + e.type.to_string() + ")");
  }

  // Prints `e` (if any) one level deeper, prefixed by `label`.
  void child(Expr* e, const std::string& label = "") {
    if (!e) return;
    Indent in(*this);
    labelled(e, label);
  }

  void labelled(Expr* e, const std::string& label) {
    if (!e) return;
    label_ = label;
    e->accept(*this);
  }

  void block(const Block& b, const char* name) {
    line(b.stmts.empty() ? std::string(name) + " (empty)" : name);
    Indent in(*this);
    for (const auto& s : b.stmts) s->accept(*this);
  }

  void config_entry(const ConfigEntry& e) {
    std::string value;
    switch (e.kind) {
      case ConfigEntry::Kind::Integer: value = std::to_string(e.int_value); break;
      case ConfigEntry::Kind::String: value = quote(e.text); break;
      case ConfigEntry::Kind::Identifier: value = e.text; break;
      case ConfigEntry::Kind::Bool: value = e.bool_value ? "true" : "false"; break;
    }
    line(e.key + " = " + value + " (" + config_kind(e.kind) + ")");
  }

  void macro(const MacroDef& m) {
    std::string params;
    for (const auto& p : m.params) params += (params.empty() ? "" : ", ") + p;
    line("macro " + m.name + "(" + params + ")");
    Indent in(*this);
    block(m.body, "body");
  }

  std::ostream& out_;
  int depth_ = 0;
  std::string label_;  // prefix for the next line
};

}  // namespace

void print_program(std::ostream& out, const Program& program) { Printer(out).program(program); }

}  // namespace sonde::ast
