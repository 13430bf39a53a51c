#pragma once

#include <memory>
#include <string>
#include <string_view>

// A field's "pattern", run by RE2: matching takes time linear in the text and constant stack,
// whatever the pattern and the client's string. The generator translates the model's ECMAScript
// pattern into RE2 syntax and checks defaults and examples with this same type, so the
// generator and the service cannot disagree about a value.
namespace svcgen {

class Pattern {
 public:
  // `source`: the model's ECMAScript pattern, named in messages; `program`: its RE2 translation.
  // Throws std::invalid_argument when RE2 refuses `program` (the generator never emits one).
  Pattern(std::string_view source, std::string_view program);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;
  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;

  // Whether a match occurs anywhere in `text` (UTF-8), like JSON Schema's unanchored "pattern".
  // Safe to call from several threads at once.
  bool search(std::string_view text) const;
  const std::string& source() const;

  // Why RE2 refuses `program` (too large, a count over its limit), or "" when it compiles.
  static std::string compile_error(std::string_view program);

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace svcgen
