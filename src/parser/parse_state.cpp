#include "parser/parse_state.h"

namespace sonde::parser_detail {

// Moving back to an earlier section is an error naming the section the item belongs before.
void ParseState::enter(Section section, const SourceRange& loc, const char* what) {
  if (section < section_) {
    const char* later = section_ == Section::Items ? "probes and functions" : "config and imports";
    diags.error(loc, std::string(what) + " must appear before " + later);
    return;
  }
  section_ = section;
}

void ParseState::add_c_definition(const SourceRange& loc, std::string text) {
  enter(Section::CDefinitions, loc, "C definitions");
  program.c_definitions.push_back(ast::CDefinition{loc, std::move(text)});
}

void ParseState::add_config(const SourceRange& loc, std::vector<ast::ConfigEntry> entries) {
  enter(Section::ConfigAndImports, loc, "the config block");
  if (have_config_) diags.error(loc, "only one config block is allowed");
  have_config_ = true;
  for (auto& e : entries) program.config.push_back(std::move(e));
}

void ParseState::add_import(const SourceRange& loc, std::string path) {
  enter(Section::ConfigAndImports, loc, "imports");
  program.imports.push_back(ast::Import{loc, std::move(path)});
}

void ParseState::add_map_decl(ast::MapDecl decl) {
  enter(Section::Items, decl.loc, "map declarations");
  program.map_decls.push_back(std::move(decl));
}

void ParseState::add_macro(ast::MacroDef macro) {
  enter(Section::Items, macro.loc, "macros");
  program.macros.push_back(std::move(macro));
}

void ParseState::add_probe(std::unique_ptr<ast::Probe> probe) {
  enter(Section::Items, probe->loc, "probes");
  program.probes.push_back(std::move(probe));
}

void ParseState::reject_fn(const SourceRange& loc) {
  enter(Section::Items, loc, "functions");
  diags.error(loc, "fn definitions are not supported; use a macro instead");
}

void ParseState::syntax_error(const SourceRange& loc, const std::string& message) {
  diags.error(loc, "syntax: " + message);
}

}  // namespace sonde::parser_detail
