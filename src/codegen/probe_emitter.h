// Emits one BPF program: the body of one probe for one of its attach points. Expression
// results are Values: scalars (integers, bools, pointers, symbol addresses, stack ids) are
// i64 SSA values normalised to their type's signedness; everything else lives in memory and
// the Value is a pointer to it. Files: emit_expressions.cpp, emit_statements.cpp,
// emit_memory.cpp, emit_maps.cpp, emit_builtins.cpp, emit_calls_*.cpp.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/visitor.h"
#include "codegen/compile_state.h"
#include "codegen/helpers.h"

namespace sonde::codegen {

struct Value {
  llvm::Value* v = nullptr;
  Type type;
};

// Whether values of this type are handled through memory rather than in a register.
bool lives_in_memory(const Type& t);

class ProbeEmitter : public ast::Visitor {
 public:
  ProbeEmitter(CompileState& state, const ProbeInfo& probe, size_t point_index);

  // Emits the program as function `name`.
  void emit(const std::string& name);

  // ---- expressions (emit_expressions.cpp) ----
  Value eval(ast::Expr& e);
  llvm::Value* eval_i64(ast::Expr& e);       // scalar value as i64
  llvm::Value* eval_condition(ast::Expr& e);  // i1
  void visit(ast::IntegerLiteral& n) override;
  void visit(ast::StringLiteral& n) override;
  void visit(ast::BoolLiteral& n) override;
  void visit(ast::PositionalParam& n) override;
  void visit(ast::Identifier& n) override;
  void visit(ast::Variable& n) override;
  void visit(ast::MapAccess& n) override;
  void visit(ast::Call& n) override;
  void visit(ast::Binary& n) override;
  void visit(ast::Unary& n) override;
  void visit(ast::Ternary& n) override;
  void visit(ast::FieldAccess& n) override;
  void visit(ast::TupleIndex& n) override;
  void visit(ast::Index& n) override;
  void visit(ast::Cast& n) override;
  void visit(ast::TupleExpr& n) override;
  void visit(ast::RecordExpr& n) override;
  void visit(ast::Sizeof& n) override;
  void visit(ast::Offsetof& n) override;
  void visit(ast::BlockExpr& n) override;  // emit_statements.cpp

  // ---- statements (emit_statements.cpp) ----
  void visit(ast::ExprStmt& n) override;
  void visit(ast::Assignment& n) override;
  void visit(ast::VarDecl& n) override;
  void visit(ast::If& n) override;
  void visit(ast::While& n) override;
  void visit(ast::Unroll& n) override;
  void visit(ast::ForMap& n) override;  // emit_for_map.cpp
  void visit(ast::ForRange& n) override;
  void visit(ast::Jump& n) override;
  void visit_block(ast::Block& b) override;

  // ---- memory (emit_memory.cpp) ----
  llvm::IRBuilder<>& builder() { return b_; }
  llvm::Type* i64() { return b_.getInt64Ty(); }
  llvm::Value* const_i64(uint64_t v) { return b_.getInt64(v); }
  // Memory for a temporary: on the stack when small, else in per-CPU scratch memory.
  llvm::Value* alloc(uint32_t size, bool zero = false);
  llvm::Value* alloc(const Type& t, bool zero = false) { return alloc(t.size(), zero); }
  void zero_fill(llvm::Value* dst, uint32_t size);
  void word_loop(uint32_t words, const std::function<void(llvm::Value*)>& body);
  void copy(llvm::Value* dst, llvm::Value* src, uint32_t size);
  // Alignment provable from how `p` was made (stack slots and scratch are 8-aligned; constant
  // offsets keep what divides them). Aligned memset/memcpy expand to word moves, not bytes.
  uint32_t known_align(llvm::Value* p) const;
  llvm::Value* offset_ptr(llvm::Value* base, uint64_t offset);
  // Loads a value of type t from memory: scalars are loaded and extended, others returned as
  // the pointer itself.
  Value load(llvm::Value* src, const Type& t);
  // Stores v converted to type `as` (integer widths, string capacities) at dst.
  void store(llvm::Value* dst, const Value& v, const Type& as);
  // A pointer to memory holding v (scalars are spilled to a temporary).
  llvm::Value* materialize(const Value& v, const Type& as);
  // Sign- or zero-extends an integer of `t`'s width held in an iN/i64 to a normalised i64.
  llvm::Value* normalise(llvm::Value* v, const Type& t);
  llvm::Value* to_i64(const Value& v);

  // ---- control flow helpers ----
  llvm::BasicBlock* new_block(const std::string& name);
  // Starts an unreachable block after a return (code after exit()).
  void start_dead_block();
  void return_from_probe();
  void set_location(SourceRange range);

  // ---- events (emit_events.cpp) ----
  // Reserves a ring-buffer record for `action` with a payload laid out as `payload`; emits
  // the lost-event count when the buffer is full. Returns the payload pointer; the builder
  // is in the "reserved" branch until finish_event().
  llvm::Value* begin_event(uint64_t action, const Type& payload);
  void finish_event();
  // Evaluates the arguments, then emits an event carrying them as a tuple.
  void emit_event_with_args(Action action, const std::vector<ast::Expr*>& args);
  // A warning printed when the event is processed; a failed helper call names itself.
  void emit_runtime_warning(const std::string& message, SourceRange where,
                            const std::string& helper = "", int64_t retcode = 0);

  // ---- maps (emit_maps.cpp) ----
  const MapSpec& map_spec(const ast::MapAccess& m) const { return state_.maps[m.map_index]; }
  llvm::Value* map_global(const ast::MapAccess& m) const { return state_.map_globals[m.map_index]; }
  llvm::Value* map_key(ast::MapAccess& m);  // pointer to the key in memory (zero-padded)
  Value read_map(ast::MapAccess& m);
  Value read_aggregation(const MapSpec& spec, llvm::Value* map, llvm::Value* key,
                         const Type& result_type);
  void write_map(ast::MapAccess& m, const Value& value);
  void update_map_integer(ast::MapAccess& m, ast::BinaryOp op, llvm::Value* operand,
                          llvm::Value** old_out, llvm::Value** new_out);
  void aggregate(ast::MapAccess& m, ast::Call& call);
  llvm::Value* lookup(llvm::Value* map, llvm::Value* key);
  llvm::Value* update(llvm::Value* map, llvm::Value* key, llvm::Value* value, uint64_t flags,
                      SourceRange where);

  // ---- builtins (emit_builtins.cpp, emit_calls_*.cpp) ----
  Value builtin_variable(ast::Identifier& n);
  Value call_function(ast::Call& n);

  CompileState& state() { return state_; }
  const ProbeContext& context() const { return context_; }
  const AttachPoint& point() const { return point_; }
  const ProbeInfo& probe_info() const { return probe_; }
  llvm::Value* ctx() const { return ctx_; }

 private:
  struct FunctionState;
  FunctionState save_function();
  void restore_function(FunctionState& s);
  void store_map_element(ast::ForMap& n, llvm::Value* key, llvm::Value* value, llvm::Value* map);
  void prepare_scratch();
  Value variable_slot(int slot);
  llvm::Value* compare_strings(const Value& a, const Value& b, ast::Expr* la, ast::Expr* lb);
  llvm::Value* compare_memory(llvm::Value* a, llvm::Value* b, uint32_t size);
  llvm::Value* emit_division(ast::Binary& n, llvm::Value* l, llvm::Value* r, bool is_signed);
  void emit_loop(ast::Expr* cond, ast::Block& body, ast::Stmt* step_owner);

  CompileState& state_;
  const ProbeInfo& probe_;
  const AttachPoint& point_;
  const ProbeContext& context_;
  llvm::IRBuilder<> b_;
  llvm::Function* fn_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* scratch_base_ = nullptr;
  uint32_t stack_bytes_ = 0;
  uint32_t stack_budget_ = 384;  // stay well below the 512-byte stack: LLVM adds spill slots
  int callbacks_ = 0;
  uint32_t scratch_bytes_ = 0;
  std::map<int, llvm::Value*> slots_;  // variable slot -> storage
  Value result_;
  // Pending event between begin_event and finish_event.
  llvm::Value* event_record_ = nullptr;
  llvm::BasicBlock* event_done_ = nullptr;
  // Loop targets for break/continue.
  std::vector<std::pair<llvm::BasicBlock*, llvm::BasicBlock*>> loops_;
};

}  // namespace sonde::codegen
