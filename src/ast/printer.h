// Prints the AST as an indented tree (`-d ast`). One node per line; children indented by one
// space per level; expressions show their type once sema has run.
#pragma once

#include <iosfwd>

#include "ast/ast.h"

namespace sonde::ast {

void print_program(std::ostream& out, const Program& program);

}  // namespace sonde::ast
