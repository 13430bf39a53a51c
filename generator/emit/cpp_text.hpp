#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"

// Pieces of C++ source text shared by the C++ emitters.
namespace svcgen::cpp {

// A double-quoted C++ string literal for arbitrary UTF-8 text.
std::string string_literal(std::string_view text);

// A string literal of text without escapes (names, sentences) starting at column `column` and
// followed by `tail` characters, split at spaces into adjacent literals, one a line, the way
// clang-format splits a literal that passes the 100-column limit. The lines carry no
// indentation: the printer gives each the column of the first.
std::string wrapped_literal(std::string_view text, std::size_t column, std::size_t tail);

// The argument of svcgen::embedded() for a whole file's text: `{R"tag(` line break, the text,
// `)tag"}`, cut into several raw literals of at most 60,000 bytes (at line ends where it can),
// because compilers need only support literals of 65,536 (clang -Woverlength-strings).
std::string embedded_text(std::string_view text, std::string_view tag);

// `//` comment lines for free text, each starting with `indent`, wrapped to fit the project's
// 100-column limit so the output is already clang-format clean. Empty text gives "".
std::string comment(std::string_view text, std::string_view indent);

// `head(arg, arg...)tail` laid out the way clang-format (Google style, 100 columns) lays out a
// call or declaration: on one line when it fits, else arguments aligned after the parenthesis,
// else broken after the parenthesis with a 4-space continuation. `indent` is the line's indent.
std::string wrap_call(std::string_view indent, std::string_view head,
                      const std::vector<std::string>& args, std::string_view tail, char open = '(',
                      char close = ')');

// `head{.a = x, .b = y}tail` laid out the way clang-format lays out designated initializers: on
// one line when it fits, else all of them on one line broken after the brace with a 4-space
// continuation, else one per line aligned after the brace, else (a part too long for that) one
// per line after a break with a 4-space continuation.
std::string wrap_designated(std::string_view indent, std::string_view head,
                            const std::vector<std::string>& parts, std::string_view tail);

// The svcgen::AccessRule expression of a rule: `svcgen::AccessRule::public_access()`,
// `svcgen::AccessRule::authenticated()` or `svcgen::AccessRule::scoped({"admin"}, owner, tenant)`.
std::string access_rule(const ir::AccessRule& rule, bool tenant);

}  // namespace svcgen::cpp
