#include "sema/named_params.h"

#include <charconv>

#include "sema/semantic_model.h"

namespace sonde {

namespace {

// "--name" or "--name=value" as collected by the CLI (without the dashes).
struct NamedParam {
  std::string name;
  std::optional<std::string> value;
};

NamedParam split_param(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) return {text, std::nullopt};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::optional<NamedParam> given(const SemanticModel& model, const std::string& name) {
  for (const auto& text : model.named_args)
    if (NamedParam p = split_param(text); p.name == name) return p;
  return std::nullopt;
}

std::string invalid(const std::string& name, const char* kind, const std::string& value) {
  return "program command line option --" + name + " invalid " + kind + " (value: " + value + ")";
}

}  // namespace

// The call is rewritten to getopt(NAME, VALUE) with VALUE the literal in effect (the given
// parameter, else the default), so later rounds of type resolution see the same call and
// codegen simply evaluates the second argument.
void check_getopt(CallCheck& c) {
  auto name = c.string_literal(0);
  if (!name) return c.error_at(0, "getopt() expects the parameter's name as a string literal");
  ast::Expr* fallback = c.count() > 1 ? &c.arg_expr(1) : nullptr;
  auto* as_bool = dynamic_cast<ast::BoolLiteral*>(fallback);
  auto* as_string = dynamic_cast<ast::StringLiteral*>(fallback);
  auto as_integer = fallback && !as_bool && !as_string ? c.constant(1) : std::nullopt;
  if (fallback && !as_bool && !as_string && !as_integer)
    return c.error_at(1, "getopt() expects a literal default: an integer, a string or a bool");

  c.model.named_known.insert(*name);
  std::optional<NamedParam> param = given(c.model, *name);
  if (param) c.model.named_used.insert(*name);
  ast::ExprPtr value;
  if (as_string) {
    value = std::make_unique<ast::StringLiteral>(param ? param->value.value_or("")
                                                       : as_string->value);
    value->type = Type::string(static_cast<uint32_t>(
        static_cast<ast::StringLiteral&>(*value).value.size() + 1));
  } else if (as_integer) {
    int64_t number = *as_integer;
    if (param) {
      const std::string text = param->value.value_or("");
      auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (err != std::errc() || end != text.data() + text.size() || text.empty())
        return c.error(invalid(*name, "integer", text));
    }
    value = std::make_unique<ast::IntegerLiteral>(static_cast<uint64_t>(number));
    value->type = Type::int64();
  } else {
    bool on = as_bool ? as_bool->value : false;
    if (param) {
      const std::string text = param->value.value_or("true");
      if (text == "true" || text == "1") on = true;
      else if (text == "false" || text == "0") on = false;
      else return c.error(invalid(*name, "boolean", text));
    }
    value = std::make_unique<ast::BoolLiteral>(on);
    value->type = Type::boolean();
  }
  value->loc = fallback ? fallback->loc : c.call.loc;
  c.call.type = value->type;
  c.call.args.resize(1);
  c.call.args.push_back(std::move(value));
}

void check_named_params_used(const SemanticModel& model, Diagnostics& diags) {
  std::string unexpected;
  for (const auto& text : model.named_args) {
    std::string name = split_param(text).name;
    if (!model.named_used.count(name)) unexpected += (unexpected.empty() ? "--" : ", --") + name;
  }
  if (unexpected.empty()) return;
  auto& d = diags.error("unexpected program command line options: " + unexpected);
  std::string expected;
  for (const auto& name : model.named_known)
    expected += (expected.empty() ? "--" : ", --") + name;
  d.hints.push_back(expected.empty() ? "this program takes no named options"
                                     : "expected program options: " + expected);
}

}  // namespace sonde
