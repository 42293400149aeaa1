// The scanner. The flex rules live in lexer.l; this header holds the state they share and the
// Lexer object the bison parser pulls tokens from.
//
// The lexer tracks on its own where it is in the program (top level, inside a block, inside a
// predicate) by counting braces, independently of the parser. That keeps attach points, which
// are raw text, lexable even while the parser recovers from an error.
#pragma once

#include <string>

#include "diag/diagnostics.h"
#include "diag/source.h"
#include "parser.hh"
#include "parser/parse.h"

namespace sonde::parser_detail {

struct LexState {
  LexState(Diagnostics& d, const ParseOptions& o) : diags(d), options(o) {}

  Diagnostics& diags;
  const ParseOptions& options;

  SourceRange loc;            // range of the current match
  int braces = 0;             // `{` nesting while scanning code
  int parens = 0;             // `(` nesting while scanning code
  bool in_map_decl = false;   // top-level `let @m = kind(N)`: its `)` ends the item
  bool seen_token = false;    // a shebang is only recognised before the first token
  Parser::symbol_kind_type prev = Parser::symbol_kind::S_YYEMPTY;   // last token returned
  Parser::symbol_kind_type prev2 = Parser::symbol_kind::S_YYEMPTY;  // the one before
  SourcePos last_end;         // end of the last token: where "end of file" errors point

  // A top-level `struct X { ... }` being collected.
  std::string cdef_text;
  SourcePos cdef_begin;
  SourcePos cdef_end;
  int cdef_braces = 0;

  // Advances `loc` over the text of a new match.
  void begin_match(const char* text, size_t length);
  void error(const SourceRange& range, std::string message) {
    diags.error(range, std::move(message));
  }
};

class Lexer {
 public:
  Lexer(const SourceFile& file, Diagnostics& diags, const ParseOptions& options);
  ~Lexer();
  Lexer(const Lexer&) = delete;
  Lexer& operator=(const Lexer&) = delete;

  Parser::symbol_type next();

 private:
  LexState state_;
  void* scanner_ = nullptr;  // yyscan_t
};

// The function bison calls for each token.
inline Parser::symbol_type yylex(Lexer& lexer) { return lexer.next(); }

}  // namespace sonde::parser_detail
