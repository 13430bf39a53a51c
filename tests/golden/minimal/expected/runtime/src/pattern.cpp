// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/pattern.hpp"

#include <re2/re2.h>

#include <stdexcept>

namespace svcgen {
namespace {

// One set of options for the generator's checks and the service's, so that a program either
// compiles in both or in neither. Errors come back as values, never on stderr.
RE2::Options options() {
  RE2::Options result;
  result.set_encoding(RE2::Options::EncodingUTF8);
  result.set_log_errors(false);
  result.set_case_sensitive(true);
  return result;
}

}  // namespace

struct Pattern::Compiled {
  Compiled(std::string_view source_text, std::string_view program)
      : source(source_text), re(re2::StringPiece(program.data(), program.size()), options()) {}
  std::string source;
  RE2 re;
};

Pattern::Pattern(std::string_view source, std::string_view program)
    : compiled_(std::make_unique<Compiled>(source, program)) {
  if (!compiled_->re.ok()) {
    throw std::invalid_argument("RE2 refuses the pattern " + std::string(program) + ": " +
                                compiled_->re.error());
  }
}

Pattern::~Pattern() = default;
Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;

bool Pattern::search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), compiled_->re);
}

const std::string& Pattern::source() const { return compiled_->source; }

std::string Pattern::compile_error(std::string_view program) {
  RE2 re(re2::StringPiece(program.data(), program.size()), options());
  return re.ok() ? std::string() : re.error();
}

}  // namespace svcgen
