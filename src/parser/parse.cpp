#include "parser/parse.h"

#include "parser/lexer.h"
#include "parser/parse_state.h"

namespace sonde {

std::unique_ptr<ast::Program> parse(const SourceFile& file, Diagnostics& diags,
                                    const ParseOptions& options) {
  size_t errors_before = diags.error_count();
  auto program = std::make_unique<ast::Program>();
  parser_detail::Lexer lexer(file, diags, options);
  parser_detail::ParseState state(diags, *program);
  parser_detail::Parser parser(lexer, state);
  int failed = parser.parse();
  if (failed || diags.error_count() > errors_before) return nullptr;
  return program;
}

}  // namespace sonde
