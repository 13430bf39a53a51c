#include "diag/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace svcgen {

void Diagnostics::error(SourceLocation location, std::string message) {
  items_.push_back({Severity::kError, std::move(location), std::move(message)});
}

void Diagnostics::warning(SourceLocation location, std::string message) {
  items_.push_back({Severity::kWarning, std::move(location), std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }

bool Diagnostics::has_errors() const { return error_count() > 0; }

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> result = items_;
  auto key = [](const Diagnostic& d) {
    return std::tie(d.location.file, d.location.line, d.location.column, d.location.pointer,
                    d.message);
  };
  std::sort(result.begin(), result.end(),
            [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  result.erase(std::unique(result.begin(), result.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) {
                             return key(a) == key(b) && a.severity == b.severity;
                           }),
               result.end());
  return result;
}

std::string format_diagnostic(const Diagnostic& diagnostic) {
  const SourceLocation& at = diagnostic.location;
  std::string text = at.file;
  if (at.line > 0) {
    text += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  }
  text += ": ";
  if (!at.pointer.empty()) {
    text += at.pointer + ": ";
  }
  if (diagnostic.severity == Severity::kWarning) {
    text += "warning: ";
  }
  return text + diagnostic.message;
}

std::string format_sorted(const Diagnostics& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics.sorted()) {
    text += format_diagnostic(diagnostic) + "\n";
  }
  return text;
}

}  // namespace svcgen
