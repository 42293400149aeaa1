// Deep copies of syntax trees. Macro expansion copies a macro's body at each call site; the
// hooks let it rename variables and maps and replace identifiers while copying.
#pragma once

#include <string>

#include "ast/ast.h"

namespace sonde::ast {

// Copies trees as written (source ranges included; sema annotations are copied as they are).
// A subclass changes leaves through the hooks; the default hooks copy unchanged.
class Cloner {
 public:
  virtual ~Cloner() = default;

  ExprPtr clone(const Expr& e);
  StmtPtr clone(const Stmt& s);
  Block clone(const Block& b);

 protected:
  // A replacement for identifier `n` (e.g. a macro argument), or null to copy `n`.
  virtual ExprPtr replace_identifier(const Identifier&) { return nullptr; }
  // The name a copied `$var` or `@map` gets.
  virtual std::string variable_name(const std::string& name) { return name; }
  virtual std::string map_name(const std::string& name) { return name; }

 private:
  class Copier;
  friend class Copier;
};

}  // namespace sonde::ast
