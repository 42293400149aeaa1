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

Value emit_join(ProbeEmitter& e, ast::Call& call) {
  Action action;
  action.kind = ActionKind::Join;
  action.format = call.args.size() > 1 ? literal(call, 1) : " ";
  e.emit_event_with_args(action, {call.args[0].get()});
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
