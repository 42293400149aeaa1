// Wording of syntax errors. Bison reports the lookahead token and the tokens it would have
// accepted; we reduce that set to what a reader wants to know: "expected expression" when an
// operand is missing, "expected statement" at the start of a statement, otherwise the
// structural tokens (';', '}', ')', ...) that would fit. Operators that could have continued
// an expression are left out: after `if pid > 0 {`, listing every postfix operator next to
// '{' would only hide the answer.
#include <algorithm>
#include <string>
#include <vector>

#include "parser/parse_state.h"

namespace sonde::parser_detail {

namespace {

using Kind = Parser::symbol_kind_type;
using S = Parser::symbol_kind;

// Tokens that may continue an expression already seen (binary, postfix, assignment
// operators, a call's '(' after an identifier).
bool continues_expression(Kind k) {
  switch (k) {
    case S::S_QUESTION: case S::S_DOT: case S::S_ARROW: case S::S_LBRACKET: case S::S_LPAREN:
    case S::S_PLUS: case S::S_MINUS: case S::S_STAR: case S::S_SLASH: case S::S_PERCENT:
    case S::S_AMP: case S::S_PIPE: case S::S_CARET: case S::S_LT: case S::S_GT: case S::S_LE:
    case S::S_GE: case S::S_EQ: case S::S_NE: case S::S_SHL: case S::S_SHR: case S::S_LAND:
    case S::S_LOR: case S::S_INC: case S::S_DEC: case S::S_ASSIGN: case S::S_PLUS_ASSIGN:
    case S::S_MINUS_ASSIGN: case S::S_STAR_ASSIGN: case S::S_SLASH_ASSIGN:
    case S::S_PERCENT_ASSIGN: case S::S_AMP_ASSIGN: case S::S_PIPE_ASSIGN:
    case S::S_CARET_ASSIGN: case S::S_SHL_ASSIGN: case S::S_SHR_ASSIGN:
      return true;
    default:
      return false;
  }
}

// Order of tokens in "expected A, B or C": separators first, then closers, then the rest.
int listing_rank(Kind k) {
  switch (k) {
    case S::S_SEMI: return 0;
    case S::S_COMMA: return 1;
    case S::S_COLON: return 2;
    case S::S_RPAREN: return 3;
    case S::S_RBRACKET: return 4;
    case S::S_RBRACE: return 5;
    case S::S_LBRACE: return 6;
    default: return 10 + static_cast<int>(k);
  }
}

bool contains(const std::vector<Kind>& kinds, Kind k) {
  for (Kind x : kinds) {
    if (x == k) return true;
  }
  return false;
}

// How a token is named in messages: token classes by description, fixed spellings quoted.
std::string describe_token(Kind k) {
  switch (k) {
    case S::S_YYEOF: case S::S_ATTACH: case S::S_CDEF: case S::S_IDENT: case S::S_TYPE:
    case S::S_VAR: case S::S_MAP: case S::S_POSPARAM: case S::S_INT: case S::S_STRING:
    case S::S_YYUNDEF:
      return Parser::symbol_name(k);
    case S::S_PRED_BEGIN: case S::S_PRED_END:
      return "'/'";
    default:
      return std::string("'") + Parser::symbol_name(k) + "'";
  }
}

// Chooses the message for a syntax error (without the "syntax: " prefix).
std::string describe_syntax_error(Kind lookahead, const std::vector<Kind>& expected) {
  // Input ended inside a block: the one thing surely missing is its '}'.
  if (lookahead == S::S_YYEOF && contains(expected, S::S_RBRACE)) return "expected '}'";
  // An operand could start here: both literals and variables are acceptable only where an
  // expression (or a statement, which may be an expression) is.
  if (contains(expected, S::S_INT) && contains(expected, S::S_VAR)) {
    return contains(expected, S::S_RETURN) ? "expected statement" : "expected expression";
  }
  // `comptime` is acceptable only as a field name (after '.', '->', in offsetof paths).
  if (contains(expected, S::S_COMPTIME)) return "expected field name";
  if (contains(expected, S::S_STRUCT)) return "expected type";
  std::vector<Kind> structural;
  for (Kind k : expected) {
    if (!continues_expression(k)) structural.push_back(k);
  }
  // Only operators fit (`config = { a }` wants '='): then name those.
  if (structural.empty()) structural = expected;
  std::sort(structural.begin(), structural.end(),
            [](Kind a, Kind b) { return listing_rank(a) < listing_rank(b); });
  if (structural.empty() || structural.size() > 4) {
    return "unexpected " + describe_token(lookahead);
  }
  std::string message = "expected ";
  for (size_t i = 0; i < structural.size(); ++i) {
    if (i > 0) message += i + 1 == structural.size() ? " or " : ", ";
    message += describe_token(structural[i]);
  }
  return message;
}

}  // namespace

void ParseState::report_unexpected(const Parser::context& ctx) {
  std::vector<Kind> expected(Parser::YYNTOKENS);
  int n = ctx.expected_tokens(expected.data(), static_cast<int>(expected.size()));
  expected.resize(n > 0 ? n : 0);
  syntax_error(ctx.location(), describe_syntax_error(ctx.token(), expected));
}

}  // namespace sonde::parser_detail
