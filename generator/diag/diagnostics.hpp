#pragma once

#include <string>
#include <vector>

namespace svcgen {

// Where something came from in an input file: the file as the user named it (relative to the
// working directory), a 1-based line and column, and the JSON pointer of the value.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string message;
};

// Collects every problem found in a run so that users see all of them at once, sorted by
// position, instead of fixing one error per invocation.
class Diagnostics {
 public:
  void error(SourceLocation location, std::string message);
  void warning(SourceLocation location, std::string message);
  void add(Diagnostic diagnostic);

  bool has_errors() const;
  int error_count() const;
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
};

// `file:line:col: /pointer: message`, the form compilers and editors understand.
std::string format_diagnostic(const Diagnostic& diagnostic);
// Every diagnostic, sorted, a line each.
std::string format_sorted(const Diagnostics& diagnostics);

}  // namespace svcgen
