#include "parser/node.h"

#include <cstring>
#include <stdexcept>
#include <string>

extern "C" const TSLanguage* tree_sitter_nix();

namespace fw {

const TSLanguage* nixLanguage() {
  static const TSLanguage* lang = tree_sitter_nix();
  return lang;
}

namespace {

TSSymbol sym(const char* name, bool named) {
  const TSSymbol s = ts_language_symbol_for_name(nixLanguage(), name,
                                                 static_cast<uint32_t>(std::strlen(name)), named);
  // A grammar without a node type flakewise relies on is a build mistake,
  // caught on the first parse in every test run.
  if (s == 0) throw std::logic_error(std::string("grammar lacks node type ") + name);
  return s;
}

TSFieldId field(const char* name) {
  const TSFieldId f = ts_language_field_id_for_name(nixLanguage(), name,
                                                    static_cast<uint32_t>(std::strlen(name)));
  if (f == 0) throw std::logic_error(std::string("grammar lacks field ") + name);
  return f;
}

Symbols makeSymbols() {
  Symbols s{};
#define FW_NAMED(n) s.n = sym(#n, true)
  FW_NAMED(source_code); FW_NAMED(comment); FW_NAMED(identifier); FW_NAMED(keyword);
  FW_NAMED(variable_expression); FW_NAMED(integer_expression); FW_NAMED(float_expression);
  FW_NAMED(path_expression); FW_NAMED(hpath_expression); FW_NAMED(spath_expression);
  FW_NAMED(uri_expression); FW_NAMED(string_expression); FW_NAMED(indented_string_expression);
  FW_NAMED(string_fragment); FW_NAMED(escape_sequence); FW_NAMED(dollar_escape);
  FW_NAMED(interpolation); FW_NAMED(path_fragment);
  FW_NAMED(function_expression); FW_NAMED(formals); FW_NAMED(formal); FW_NAMED(ellipses);
  FW_NAMED(assert_expression); FW_NAMED(with_expression); FW_NAMED(let_expression);
  FW_NAMED(if_expression); FW_NAMED(has_attr_expression); FW_NAMED(unary_expression);
  FW_NAMED(binary_expression); FW_NAMED(apply_expression); FW_NAMED(select_expression);
  FW_NAMED(parenthesized_expression); FW_NAMED(attrset_expression);
  FW_NAMED(let_attrset_expression); FW_NAMED(rec_attrset_expression); FW_NAMED(list_expression);
  FW_NAMED(binding_set); FW_NAMED(binding); FW_NAMED(inherit); FW_NAMED(inherit_from);
  FW_NAMED(attrpath); FW_NAMED(inherited_attrs);
#undef FW_NAMED
  s.t_semicolon = sym(";", false);
  s.t_colon = sym(":", false);
  s.t_comma = sym(",", false);
  s.t_at = sym("@", false);
  s.t_dot = sym(".", false);
  s.t_eq = sym("=", false);
  s.t_question = sym("?", false);
  s.t_lbrace = sym("{", false);
  s.t_rbrace = sym("}", false);
  s.t_lparen = sym("(", false);
  s.t_rparen = sym(")", false);
  s.t_lbracket = sym("[", false);
  s.t_rbracket = sym("]", false);
  s.t_dquote = sym("\"", false);
  s.t_squote2 = sym("''", false);
  s.t_dollar_brace = sym("${", false);
  s.t_let = sym("let", false);
  s.t_in = sym("in", false);
  s.t_rec = sym("rec", false);
  s.t_with = sym("with", false);
  s.t_assert = sym("assert", false);
  s.t_if = sym("if", false);
  s.t_then = sym("then", false);
  s.t_else = sym("else", false);
  s.t_inherit = sym("inherit", false);
  s.t_or = sym("or", false);
  return s;
}

Fields makeFields() {
  Fields f{};
  f.alternative = field("alternative");
  f.argument = field("argument");
  f.attr = field("attr");
  f.attrpath = field("attrpath");
  f.attrs = field("attrs");
  f.binding = field("binding");
  f.body = field("body");
  f.condition = field("condition");
  f.consequence = field("consequence");
  f.default_ = field("default");
  f.element = field("element");
  f.ellipses = field("ellipses");
  f.environment = field("environment");
  f.expression = field("expression");
  f.formal = field("formal");
  f.formals = field("formals");
  f.function = field("function");
  f.left = field("left");
  f.name = field("name");
  f.operator_ = field("operator");
  f.right = field("right");
  f.universal = field("universal");
  return f;
}

}  // namespace

const Symbols& syms() {
  static const Symbols s = makeSymbols();
  return s;
}

const Fields& fields() {
  static const Fields f = makeFields();
  return f;
}

}  // namespace fw
