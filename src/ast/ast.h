// The syntax tree of a sonde (bpftrace-language) program. Nodes are grouped by family:
// expressions, statements, and top-level items. Every node has a source range. Semantic passes
// fill the annotation fields (marked "sema") and never change the tree's shape, except where a
// pass's header says so.
//
// Adding a node kind: declare it here, add a visit() to Visitor (visitor.h) with a default
// traversal in visitor.cpp, and teach the printer (printer.cpp) to print it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/source.h"
#include "types/type.h"

namespace sonde::ast {

class Visitor;

struct Node {
  SourceRange loc;
  virtual ~Node() = default;
  virtual void accept(Visitor& v) = 0;
};

// ---------------------------------------------------------------------------------------------
// Types as written in the source: `uint32`, `struct sock *`, `int8[4]`, `string[64]`.
struct TypeSpec {
  SourceRange loc;
  std::string name;           // "uint32", "string", "struct sock", "union u", "enum e", "u32"
  int pointer_depth = 0;      // number of '*'
  // Array suffixes in order; nullopt for `[]` (length inferred, e.g. `(int8[])x`).
  std::vector<std::optional<uint64_t>> array_dims;
};

// ---------------------------------------------------------------------------------------------
// Expressions

struct Expr : Node {
  Type type;  // sema: the expression's type
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntegerLiteral : Expr {
  uint64_t value = 0;
  explicit IntegerLiteral(uint64_t v) : value(v) {}
  void accept(Visitor& v) override;
};

struct StringLiteral : Expr {
  std::string value;  // escapes already decoded
  explicit StringLiteral(std::string v) : value(std::move(v)) {}
  void accept(Visitor& v) override;
};

struct BoolLiteral : Expr {
  bool value = false;
  explicit BoolLiteral(bool v) : value(v) {}
  void accept(Visitor& v) override;
};

// $1..$N (index >= 1) or $# (index == 0).
struct PositionalParam : Expr {
  int index = 0;
  explicit PositionalParam(int i) : index(i) {}
  bool is_count() const { return index == 0; }
  void accept(Visitor& v) override;
};

// A bare identifier: builtin variable (pid, comm, args, arg0, kstack ...), enum value,
// #define constant, or a keyword argument such as `perf` in kstack(perf).
struct Identifier : Expr {
  std::string name;
  int builtin_id = -1;                 // sema: row in the builtin-variable table, or -1
  std::optional<int64_t> constant;     // sema: value of an enum / #define constant
  explicit Identifier(std::string n) : name(std::move(n)) {}
  void accept(Visitor& v) override;
};

// $name
struct Variable : Expr {
  std::string name;  // including the '$'
  int slot = -1;     // sema: storage slot of this variable within its probe
  explicit Variable(std::string n) : name(std::move(n)) {}
  void accept(Visitor& v) override;
};

// @name, @name[key], @name[k1, k2] (key is then a TupleExpr marked `implicit`), @.
struct MapAccess : Expr {
  std::string name;  // including the '@'
  ExprPtr key;       // null for scalar access
  int map_index = -1;  // sema: index into the semantic model's map table
  MapAccess(std::string n, ExprPtr k) : name(std::move(n)), key(std::move(k)) {}
  void accept(Visitor& v) override;
};

struct Call : Expr {
  std::string name;
  std::vector<ExprPtr> args;
  bool has_parens = true;  // `kstack` written without ()
  int builtin_id = -1;     // sema: row in the function table
  Call(std::string n, std::vector<ExprPtr> a) : name(std::move(n)), args(std::move(a)) {}
  void accept(Visitor& v) override;
};

enum class BinaryOp {
  Add, Sub, Mul, Div, Mod,
  BitAnd, BitOr, BitXor, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge,
  LogicalAnd, LogicalOr,
};
const char* to_string(BinaryOp op);

struct Binary : Expr {
  BinaryOp op;
  ExprPtr lhs, rhs;
  Binary(BinaryOp o, ExprPtr l, ExprPtr r) : op(o), lhs(std::move(l)), rhs(std::move(r)) {}
  void accept(Visitor& v) override;
};

enum class UnaryOp {
  LogicalNot, BitNot, Neg, Deref, AddressOf,
  PreIncrement, PreDecrement, PostIncrement, PostDecrement,
};
const char* to_string(UnaryOp op);

struct Unary : Expr {
  UnaryOp op;
  ExprPtr operand;
  Unary(UnaryOp o, ExprPtr e) : op(o), operand(std::move(e)) {}
  void accept(Visitor& v) override;
};

// cond ? then : otherwise; `a ?: b` has a null `then` (means a ? a : b).
struct Ternary : Expr {
  ExprPtr cond, then, otherwise;
  Ternary(ExprPtr c, ExprPtr t, ExprPtr e)
      : cond(std::move(c)), then(std::move(t)), otherwise(std::move(e)) {}
  void accept(Visitor& v) override;
};

// base.field or base->field
struct FieldAccess : Expr {
  ExprPtr base;
  std::string field;
  bool arrow = false;
  // sema: the member read (offset, bitfield position) and whether `base` is a pointer that
  // the access dereferences (`.` and `->` alike).
  std::optional<Field> member;
  bool through_pointer = false;
  FieldAccess(ExprPtr b, std::string f, bool a) : base(std::move(b)), field(std::move(f)), arrow(a) {}
  void accept(Visitor& v) override;
};

// base.N (tuple element)
struct TupleIndex : Expr {
  ExprPtr base;
  uint32_t index = 0;
  TupleIndex(ExprPtr b, uint32_t i) : base(std::move(b)), index(i) {}
  void accept(Visitor& v) override;
};

// base[index] (array, pointer, string)
struct Index : Expr {
  ExprPtr base, index;
  Index(ExprPtr b, ExprPtr i) : base(std::move(b)), index(std::move(i)) {}
  void accept(Visitor& v) override;
};

struct Cast : Expr {
  TypeSpec target;
  ExprPtr operand;
  Cast(TypeSpec t, ExprPtr e) : target(std::move(t)), operand(std::move(e)) {}
  void accept(Visitor& v) override;
};

// (a, b, ...); `implicit` for the key list of @m[a, b].
struct TupleExpr : Expr {
  std::vector<ExprPtr> elements;
  bool implicit = false;
  explicit TupleExpr(std::vector<ExprPtr> e) : elements(std::move(e)) {}
  void accept(Visitor& v) override;
};

// (a = 1, b = "x")
struct RecordExpr : Expr {
  std::vector<std::string> names;
  std::vector<ExprPtr> values;
  void accept(Visitor& v) override;
};

// sizeof(TYPE) or sizeof(expr)
struct Sizeof : Expr {
  std::optional<TypeSpec> target_type;
  ExprPtr target_expr;
  uint64_t value = 0;  // sema: the size in bytes
  void accept(Visitor& v) override;
};

// offsetof(TYPE, a.b) or offsetof(expr, a.b)
struct Offsetof : Expr {
  std::optional<TypeSpec> target_type;
  ExprPtr target_expr;
  std::vector<std::string> fields;
  uint64_t value = 0;  // sema: the offset in bytes
  void accept(Visitor& v) override;
};

// ---------------------------------------------------------------------------------------------
// Statements

struct Stmt : Node {};
using StmtPtr = std::unique_ptr<Stmt>;

struct Block {
  SourceRange loc;
  std::vector<StmtPtr> stmts;
};

// Runs the statements of `block`, then yields `value`. Not written in source: macro
// expansion (src/sema/expand_macros.cpp) makes one for a macro with statements used as a
// value. Variables `let`-declared in the block are visible in `value`.
struct BlockExpr : Expr {
  Block block;
  ExprPtr value;
  void accept(Visitor& v) override;
};

struct ExprStmt : Stmt {
  ExprPtr expr;
  bool discard = false;  // written `_ = expr`: the value is dropped on purpose (no warning)
  // The last statement of its block, written without ';': the block's value (spec §2,
  // `block = "{" {stmt} [expr] "}"`). Only a macro body's value is used so far.
  bool block_value = false;
  explicit ExprStmt(ExprPtr e) : expr(std::move(e)) {}
  void accept(Visitor& v) override;
};

// target = value, or target op= value (compound). target is a Variable or MapAccess.
struct Assignment : Stmt {
  ExprPtr target;
  std::optional<BinaryOp> compound;
  ExprPtr value;
  Assignment(ExprPtr t, std::optional<BinaryOp> c, ExprPtr v)
      : target(std::move(t)), compound(c), value(std::move(v)) {}
  void accept(Visitor& v) override;
};

// let $x[: type] [= value]
struct VarDecl : Stmt {
  std::unique_ptr<Variable> var;
  std::optional<TypeSpec> declared_type;
  ExprPtr value;  // may be null
  void accept(Visitor& v) override;
};

struct If : Stmt {
  ExprPtr cond;
  Block then;
  std::optional<Block> otherwise;  // `else if` is an else block holding one If
  void accept(Visitor& v) override;
};

struct While : Stmt {
  ExprPtr cond;
  Block body;
  void accept(Visitor& v) override;
};

struct Unroll : Stmt {
  ExprPtr count;
  Block body;
  void accept(Visitor& v) override;
};

// for ($kv : @map) { }
struct ForMap : Stmt {
  std::unique_ptr<Variable> var;
  std::unique_ptr<MapAccess> map;
  Block body;
  void accept(Visitor& v) override;
};

// for ($i : start..end) { }
struct ForRange : Stmt {
  std::unique_ptr<Variable> var;
  ExprPtr start, end;
  Block body;
  void accept(Visitor& v) override;
};

enum class JumpKind { Break, Continue, Return };

struct Jump : Stmt {
  JumpKind kind;
  ExprPtr value;  // return value, may be null
  explicit Jump(JumpKind k) : kind(k) {}
  void accept(Visitor& v) override;
};

struct BlockStmt : Stmt {
  Block block;
  void accept(Visitor& v) override;
};

// ---------------------------------------------------------------------------------------------
// Top level

// One attach point as written (`tracepoint:syscalls:sys_enter_*`), before expansion.
struct AttachPoint {
  SourceRange loc;
  std::string raw;
};

struct Probe : Node {
  std::vector<AttachPoint> attach_points;
  ExprPtr predicate;  // may be null
  Block body;
  void accept(Visitor& v) override;
};

struct ConfigEntry {
  SourceRange loc;
  std::string key;
  enum class Kind { Integer, String, Identifier, Bool } kind = Kind::Integer;
  uint64_t int_value = 0;
  std::string text;  // string / identifier spelling
  bool bool_value = false;
};

// `#include <x>`, `#define A 1`, and `struct X { ... };` text handed to the C front end.
struct CDefinition {
  SourceRange loc;
  std::string text;
};

// let @m = lruhash(100);
struct MapDecl {
  SourceRange loc;
  std::string name;
  std::string kind;
  uint64_t max_entries = 0;
};

struct MacroDef {
  SourceRange loc;
  std::string name;
  std::vector<std::string> params;  // "$x", "@m", or bare "x"
  Block body;
};

struct Import {
  SourceRange loc;
  std::string path;
};

struct Program {
  std::vector<CDefinition> c_definitions;
  std::vector<ConfigEntry> config;
  std::vector<Import> imports;
  std::vector<MapDecl> map_decls;
  std::vector<MacroDef> macros;
  std::vector<std::unique_ptr<Probe>> probes;
};

}  // namespace sonde::ast
