// Shared helpers of the parser unit tests: run the parser on a string, render expressions as
// compact S-expressions, and list diagnostics as "line:col-col: message".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "parser/parse.h"

namespace sonde::test {

struct Parsed {
  std::unique_ptr<ast::Program> program;
  Diagnostics diags;
};

Parsed parse_text(const std::string& text, const ParseOptions& options = {});

// `(+ 1 (* 2 3))`, `(call f a b)`, `@m[k]`, `(cast uint32 x)` ...
std::string sexpr(const ast::Expr* e);
std::string sexpr(const ast::Stmt* s);

// S-expressions of the statements of the first probe's body, joined by "; ".
std::string body_of(const std::string& program_text, const ParseOptions& options = {});

// The expression of `BEGIN { EXPR; }` as an S-expression ("<null>" when parsing failed).
std::string expr_of(const std::string& expr_text, const ParseOptions& options = {});

// "L:C1-C2: message" (or "L1-L2: message" over several lines), one per diagnostic, joined by
// "\n".
std::string diag_list(const Diagnostics& diags);

// Errors of a program expected not to parse; empty when it parsed.
std::string errors_of(const std::string& program_text, const ParseOptions& options = {});

std::string range_of(const SourceRange& r);

}  // namespace sonde::test
