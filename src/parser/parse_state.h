// What the grammar actions hand their results to: ParseState files top-level items into the
// Program (checking the section order of spec/language.md §2) and turns bison's syntax errors
// into diagnostics.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "parser.hh"

namespace sonde::parser_detail {

struct ParseState {
  ParseState(Diagnostics& d, ast::Program& p) : diags(d), program(p) {}

  Diagnostics& diags;
  ast::Program& program;

  void add_c_definition(const SourceRange& loc, std::string text);
  void add_config(const SourceRange& loc, std::vector<ast::ConfigEntry> entries);
  void add_import(const SourceRange& loc, std::string path);
  void add_map_decl(ast::MapDecl decl);
  void add_macro(ast::MacroDef macro);
  void add_probe(std::unique_ptr<ast::Probe> probe);
  void reject_fn(const SourceRange& loc);

  // A syntax error at the parser's lookahead token (see syntax_error.cpp).
  void report_unexpected(const Parser::context& ctx);
  void syntax_error(const SourceRange& loc, const std::string& message);

 private:
  // Sections of a program, in the order they must appear.
  enum class Section { CDefinitions, ConfigAndImports, Items };
  void enter(Section section, const SourceRange& loc, const char* what);

  Section section_ = Section::CDefinitions;
  bool have_config_ = false;
};

}  // namespace sonde::parser_detail
