// printf, print, time, cat, system, join, errorf, warnf, exit: events handled in user space.
#include "codegen/function_emitters.h"

namespace sonde::codegen {

namespace {

std::vector<ast::Expr*> args_from(ast::Call& call, size_t first) {
  std::vector<ast::Expr*> args;
  for (size_t i = first; i < call.args.size(); ++i) args.push_back(call.args[i].get());
  return args;
}

std::string literal(ast::Call& call, size_t i) {
  if (i >= call.args.size()) return "";
  auto* lit = dynamic_cast<ast::StringLiteral*>(call.args[i].get());
  return lit ? lit->value : "";
}

Value formatted_event(ProbeEmitter& e, ast::Call& call, ActionKind kind) {
  Action action;
  action.kind = kind;
  action.format = literal(call, 0);
  action.where = e.state().excerpt(call.loc);
  e.emit_event_with_args(action, args_from(call, 1));
  return {e.const_i64(0), Type::none()};
}

Value emit_printf(ProbeEmitter& e, ast::Call& call) {
  return formatted_event(e, call, ActionKind::Printf);
}
Value emit_cat(ProbeEmitter& e, ast::Call& call) { return formatted_event(e, call, ActionKind::Cat); }
Value emit_system(ProbeEmitter& e, ast::Call& call) {
  return formatted_event(e, call, ActionKind::System);
}
Value emit_errorf(ProbeEmitter& e, ast::Call& call) {
  return formatted_event(e, call, ActionKind::Errorf);
}
Value emit_warnf(ProbeEmitter& e, ast::Call& call) {
  return formatted_event(e, call, ActionKind::Warnf);
}

Value emit_time(ProbeEmitter& e, ast::Call& call) {
  Action action;
  action.kind = ActionKind::Time;
  action.format = call.args.empty() ? "%H:%M:%S\n" : literal(call, 0);
  e.emit_event_with_args(action, {});
  return {e.const_i64(0), Type::none()};
}

// join(argv [, sep]): reads the NULL-terminated array of string pointers in the kernel, at
// most kJoinMaxArgs elements, straight into the event: u64 count, then the strings.
constexpr uint32_t kJoinMaxArgs = 16;

Value emit_join(ProbeEmitter& e, ast::Call& call) {
  auto& b = e.builder();
  Value array = e.eval(*call.args[0]);
  llvm::Value* base = e.to_i64(array);
  const uint32_t cap = static_cast<uint32_t>(e.state().model.config.max_strlen);
  Action action;
  action.kind = ActionKind::Join;
  action.format = call.args.size() > 1 ? literal(call, 1) : " ";
  action.args = Type::tuple({Type::uint64(), Type::array(Type::string(cap), kJoinMaxArgs)});
  const auto& fields = action.args.fields();
  const uint64_t strings_offset = fields[1].offset;
  const Type pointer_type = array.type;
  uint64_t id = e.state().add_action(action);

  AddrSpace space = pointer_type.is_pointer() && pointer_type.addr_space() != AddrSpace::None
                        ? pointer_type.addr_space()
                        : e.context().addr_space;
  const bool user = space == AddrSpace::User;
  auto* element = e.alloc(8, false);
  llvm::Value* payload = e.begin_event(id, action.args);
  auto* count = e.offset_ptr(payload, fields[0].offset);
  b.CreateStore(e.const_i64(0), count);
  auto* done = e.new_block("join_done");
  for (uint32_t i = 0; i < kJoinMaxArgs; ++i) {
    auto* address = b.CreateIntToPtr(b.CreateAdd(base, e.const_i64(8 * i)), b.getPtrTy());
    auto* read = call_helper(b, user ? Helper::ProbeReadUser : Helper::ProbeReadKernel, e.i64(),
                             {element, e.const_i64(8), address});
    auto* pointer = b.CreateLoad(e.i64(), element);
    auto* present = e.new_block("join_element");
    b.CreateCondBr(b.CreateOr(b.CreateICmpNE(read, e.const_i64(0)),
                              b.CreateICmpEQ(pointer, e.const_i64(0))),
                   done, present);
    b.SetInsertPoint(present);
    call_helper(b, user ? Helper::ProbeReadUserStr : Helper::ProbeReadKernelStr, e.i64(),
                {e.offset_ptr(payload, strings_offset + uint64_t{i} * cap), e.const_i64(cap),
                 b.CreateIntToPtr(pointer, b.getPtrTy())});
    b.CreateStore(e.const_i64(i + 1), count);
  }
  b.CreateBr(done);
  b.SetInsertPoint(done);
  e.finish_event();
  return {e.const_i64(0), Type::none()};
}

Value emit_print(ProbeEmitter& e, ast::Call& call) {
  auto* map = dynamic_cast<ast::MapAccess*>(call.args[0].get());
  if (map && !map->key) {
    Action action;
    action.kind = ActionKind::PrintMap;
    action.map_index = map->map_index;
    std::vector<ast::Expr*> args;
    for (size_t i = 1; i < call.args.size(); ++i) args.push_back(call.args[i].get());
    e.emit_event_with_args(action, args);
    return {e.const_i64(0), Type::none()};
  }
  Action action;
  action.kind = ActionKind::Print;
  e.emit_event_with_args(action, {call.args[0].get()});
  return {e.const_i64(0), Type::none()};
}

Value emit_exit(ProbeEmitter& e, ast::Call& call) {
  Action action;
  action.kind = ActionKind::Exit;
  std::vector<ast::Expr*> args;
  if (!call.args.empty()) args.push_back(call.args[0].get());
  e.emit_event_with_args(action, args);
  // exit() also ends this probe invocation.
  e.return_from_probe();
  e.start_dead_block();
  return {e.const_i64(0), Type::none()};
}

}  // namespace

std::vector<CallEmitterEntry> output_call_emitters() {
  return {
      {"printf", emit_printf}, {"print", emit_print},   {"time", emit_time},
      {"cat", emit_cat},       {"system", emit_system}, {"errorf", emit_errorf},
      {"warnf", emit_warnf},   {"join", emit_join},     {"exit", emit_exit},
  };
}

}  // namespace sonde::codegen
