#pragma once

#include <string>
#include <string_view>

namespace svcgen::names {

// "BookReview" -> "book_review"; already-snake input is returned unchanged.
std::string snake_case(std::string_view pascal);
// "author_id" -> "AuthorId"; "BookReview" stays "BookReview".
std::string pascal_case(std::string_view name);
// "authorId" style, for operation ids: "book_review" -> "bookReview".
std::string camel_case(std::string_view name);
// The one pluralisation rule of the model format: consonant+y -> ies; s, x, z, ch, sh -> es;
// otherwise s. Only the end of the word matters, so it pluralises the last word of snake_case and
// PascalCase names alike. Irregular words are the author's to spell out.
std::string pluralize(std::string_view word);

// An SQL identifier, double-quoted when it is a PostgreSQL keyword or not a plain lower-case name.
std::string sql_identifier(std::string_view name);
bool is_sql_keyword(std::string_view name);

// A C++ identifier: keywords and names reserved by the runtime get a trailing underscore.
std::string cpp_identifier(std::string_view name);
bool is_cpp_keyword(std::string_view name);

// The edit distance used to suggest "did you mean" alternatives.
int edit_distance(std::string_view a, std::string_view b);

}  // namespace svcgen::names
