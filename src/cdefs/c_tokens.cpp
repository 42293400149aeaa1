#include "cdefs/c_tokens.h"

#include <cctype>

namespace sonde::cdefs {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Longest punctuators first.
constexpr std::string_view kPuncts[] = {
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
    "+=",  "-=",  "*=",  "/=", "%=", "&=", "|=", "^=", "##",
};

}  // namespace

std::vector<CToken> tokenize_c(std::string_view text) {
  std::vector<CToken> out;
  int line = 1;
  size_t line_start = 0;
  size_t i = 0;
  auto push = [&](CToken::Kind kind, size_t begin, size_t end) {
    CToken t;
    t.kind = kind;
    t.text = std::string(text.substr(begin, end - begin));
    t.line = line;
    t.column = static_cast<int>(begin - line_start) + 1;
    out.push_back(std::move(t));
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) || (c == '\\' && i + 1 < text.size() &&
                                                        text[i + 1] == '\n')) {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "//") {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (text.substr(i, 2) == "/*") {
      size_t close = text.find("*/", i + 2);
      size_t stop = close == std::string_view::npos ? text.size() : close + 2;
      for (; i < stop; ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
      continue;
    }
    size_t begin = i;
    if (is_ident_start(c)) {
      while (i < text.size() && is_ident_char(text[i])) ++i;
      push(CToken::Kind::Identifier, begin, i);
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < text.size() && (is_ident_char(text[i]) || text[i] == '.')) ++i;
      push(CToken::Kind::Number, begin, i);
      continue;
    }
    if (c == '"' || c == '\'') {
      ++i;
      while (i < text.size() && text[i] != c && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
      if (i < text.size() && text[i] == c) ++i;
      push(c == '"' ? CToken::Kind::String : CToken::Kind::Char, begin, std::min(i, text.size()));
      continue;
    }
    size_t length = 1;
    for (auto p : kPuncts)
      if (text.substr(i, p.size()) == p) {
        length = p.size();
        break;
      }
    i += length;
    push(CToken::Kind::Punct, begin, i);
  }
  CToken end;
  end.line = line;
  end.column = static_cast<int>(i - line_start) + 1;
  out.push_back(end);
  return out;
}

std::optional<uint64_t> parse_c_integer(std::string_view text) {
  while (!text.empty() && (text.back() == 'u' || text.back() == 'U' || text.back() == 'l' ||
                           text.back() == 'L'))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.remove_prefix(1);
  }
  uint64_t value = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return std::nullopt;
    if (digit >= base) return std::nullopt;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
  }
  return value;
}

namespace {

std::optional<int64_t> char_literal_value(const std::string& text) {
  if (text.size() < 3 || text.back() != '\'') return std::nullopt;
  std::string_view body(text.data() + 1, text.size() - 2);
  if (body.size() == 1) return static_cast<unsigned char>(body[0]);
  if (body.size() < 2 || body[0] != '\\') return std::nullopt;
  switch (body[1]) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return 0;
    case '\\': return '\\';
    case '\'': return '\'';
    default: return std::nullopt;
  }
}

bool is_type_word(const std::string& word) {
  static const char* kWords[] = {"unsigned", "signed", "int", "long", "short", "char",
                                 "const", "volatile", "_Bool", "bool", "__u8", "__u16", "__u32",
                                 "__u64", "__s8", "__s16", "__s32", "__s64", "u8", "u16", "u32",
                                 "u64", "s8", "s16", "s32", "s64", "size_t"};
  for (const char* w : kWords)
    if (word == w) return true;
  return false;
}

// Precedence climbing over C's binary operators.
class Evaluator {
 public:
  Evaluator(const std::vector<CToken>& tokens, size_t begin, size_t end,
            const ConstEvalOptions& options)
      : t_(tokens), pos_(begin), end_(end), options_(options) {}

  std::optional<int64_t> run() {
    auto value = ternary();
    if (!value || pos_ != end_) return std::nullopt;
    return value;
  }

 private:
  const CToken* peek() const { return pos_ < end_ ? &t_[pos_] : nullptr; }
  bool accept(std::string_view p) {
    if (peek() && peek()->kind == CToken::Kind::Punct && peek()->text == p) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<int64_t> ternary() {
    auto cond = binary(0);
    if (!cond || !accept("?")) return cond;
    auto a = ternary();
    if (!a || !accept(":")) return std::nullopt;
    auto b = ternary();
    if (!b) return std::nullopt;
    return *cond ? a : b;
  }

  static int precedence(const std::string& op) {
    static const std::pair<const char*, int> kOps[] = {
        {"||", 1}, {"&&", 2}, {"|", 3},  {"^", 4},  {"&", 5},  {"==", 6}, {"!=", 6},
        {"<", 7},  {"<=", 7}, {">", 7},  {">=", 7}, {"<<", 8}, {">>", 8}, {"+", 9},
        {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10},
    };
    for (const auto& [name, prec] : kOps)
      if (op == name) return prec;
    return -1;
  }

  std::optional<int64_t> binary(int min_prec) {
    auto lhs = unary();
    if (!lhs) return std::nullopt;
    for (;;) {
      const CToken* op = peek();
      if (!op || op->kind != CToken::Kind::Punct) return lhs;
      int prec = precedence(op->text);
      if (prec < 0 || prec < min_prec) return lhs;
      std::string name = op->text;
      ++pos_;
      auto rhs = binary(prec + 1);
      if (!rhs) return std::nullopt;
      lhs = apply(name, *lhs, *rhs);
      if (!lhs) return std::nullopt;
    }
  }

  static std::optional<int64_t> apply(const std::string& op, int64_t a, int64_t b) {
    uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
    if (op == "+") return static_cast<int64_t>(ua + ub);
    if (op == "-") return static_cast<int64_t>(ua - ub);
    if (op == "*") return static_cast<int64_t>(ua * ub);
    if (op == "/" || op == "%") {
      if (b == 0 || (a == INT64_MIN && b == -1)) return std::nullopt;
      return op == "/" ? a / b : a % b;
    }
    if (op == "<<") return static_cast<int64_t>(ua << (ub & 63));
    if (op == ">>") return a >> (ub & 63);
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if (op == "&&") return (a && b) ? 1 : 0;
    if (op == "||") return (a || b) ? 1 : 0;
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    return std::nullopt;
  }

  // `(unsigned long)` and friends: skipped.
  bool skip_cast() {
    size_t save = pos_;
    if (!accept("(")) return false;
    bool any = false;
    while (peek() && peek()->kind == CToken::Kind::Identifier && is_type_word(peek()->text)) {
      ++pos_;
      any = true;
    }
    while (accept("*")) {
    }
    if (any && accept(")")) return true;
    pos_ = save;
    return false;
  }

  std::optional<int64_t> unary() {
    if (accept("-")) {
      auto v = unary();
      return v ? std::optional<int64_t>(static_cast<int64_t>(0 - static_cast<uint64_t>(*v)))
               : std::nullopt;
    }
    if (accept("+")) return unary();
    if (accept("~")) {
      auto v = unary();
      return v ? std::optional<int64_t>(~*v) : std::nullopt;
    }
    if (accept("!")) {
      auto v = unary();
      return v ? std::optional<int64_t>(*v == 0) : std::nullopt;
    }
    if (skip_cast()) return unary();
    return primary();
  }

  std::optional<int64_t> defined() {
    bool paren = accept("(");
    const CToken* name = peek();
    if (!name || name->kind != CToken::Kind::Identifier) return std::nullopt;
    ++pos_;
    if (paren && !accept(")")) return std::nullopt;
    auto known = options_.identifier ? options_.identifier("defined:" + name->text) : std::nullopt;
    return known.value_or(0) != 0 ? 1 : 0;
  }

  std::optional<int64_t> primary() {
    const CToken* t = peek();
    if (!t) return std::nullopt;
    if (accept("(")) {
      auto v = ternary();
      if (!v || !accept(")")) return std::nullopt;
      return v;
    }
    ++pos_;
    switch (t->kind) {
      case CToken::Kind::Number: {
        auto v = parse_c_integer(t->text);
        if (!v) return std::nullopt;
        return static_cast<int64_t>(*v);
      }
      case CToken::Kind::Char:
        return char_literal_value(t->text);
      case CToken::Kind::Identifier: {
        if (options_.preprocessor && t->text == "defined") return defined();
        auto v = options_.identifier ? options_.identifier(t->text) : std::nullopt;
        if (!v && options_.preprocessor) return 0;
        return v;
      }
      default:
        return std::nullopt;
    }
  }

  const std::vector<CToken>& t_;
  size_t pos_;
  size_t end_;
  const ConstEvalOptions& options_;
};

}  // namespace

std::optional<int64_t> evaluate_c_expression(const std::vector<CToken>& tokens, size_t begin,
                                             size_t end, const ConstEvalOptions& options) {
  if (begin >= end || end > tokens.size()) return std::nullopt;
  return Evaluator(tokens, begin, end, options).run();
}

}  // namespace sonde::cdefs
