#include "write/unified_diff.hpp"

#include <algorithm>
#include <vector>

namespace svcgen {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

enum class Op { kKeep, kRemove, kAdd };

struct Edit {
  Op op;
  std::string_view line;
};

// Line edits by longest common subsequence over the part between the common prefix and suffix.
// Past a size where the table would be large, the middle is shown as replaced wholesale: still a
// correct diff, only a less minimal one.
std::vector<Edit> diff_lines(const std::vector<std::string_view>& a,
                             const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < prefix; ++i) {
    edits.push_back({Op::kKeep, a[i]});
  }
  std::size_t n = a.size() - prefix - suffix;
  std::size_t m = b.size() - prefix - suffix;
  if (n * m <= 16'000'000) {
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1
                                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({Op::kKeep, a[prefix + i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.push_back({Op::kRemove, a[prefix + i]});
        ++i;
      } else {
        edits.push_back({Op::kAdd, b[prefix + j]});
        ++j;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      edits.push_back({Op::kRemove, a[prefix + i]});
    }
    for (std::size_t j = 0; j < m; ++j) {
      edits.push_back({Op::kAdd, b[prefix + j]});
    }
  }
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) {
    edits.push_back({Op::kKeep, a[i]});
  }
  return edits;
}

std::string range(std::size_t start, std::size_t count) {
  if (count == 0) {
    return std::to_string(start == 0 ? 0 : start - 1) + ",0";
  }
  return count == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         const std::string& before_label, const std::string& after_label) {
  if (before == after) {
    return "";
  }
  std::vector<std::string_view> a = split_lines(before);
  std::vector<std::string_view> b = split_lines(after);
  std::vector<Edit> edits = diff_lines(a, b);
  constexpr std::size_t kContext = 3;
  std::string out = "--- " + before_label + "\n+++ " + after_label + "\n";
  std::size_t index = 0;
  while (index < edits.size()) {
    while (index < edits.size() && edits[index].op == Op::kKeep) {
      ++index;
    }
    if (index == edits.size()) {
      break;
    }
    // A hunk spans changes whose gaps are at most twice the context.
    std::size_t start = index >= kContext ? index - kContext : 0;
    std::size_t end = index;
    while (end < edits.size()) {
      if (edits[end].op != Op::kKeep) {
        ++end;
        continue;
      }
      std::size_t run = end;
      while (run < edits.size() && edits[run].op == Op::kKeep) {
        ++run;
      }
      if (run == edits.size() || run - end > 2 * kContext) {
        end = std::min(end + kContext, edits.size());
        break;
      }
      end = run;
    }
    std::size_t a_line = 1;
    std::size_t b_line = 1;
    for (std::size_t k = 0; k < start; ++k) {
      a_line += edits[k].op != Op::kAdd ? 1 : 0;
      b_line += edits[k].op != Op::kRemove ? 1 : 0;
    }
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    std::string body;
    for (std::size_t k = start; k < end; ++k) {
      const Edit& edit = edits[k];
      char marker = edit.op == Op::kKeep ? ' ' : edit.op == Op::kRemove ? '-' : '+';
      a_count += edit.op != Op::kAdd ? 1 : 0;
      b_count += edit.op != Op::kRemove ? 1 : 0;
      body += marker;
      body += edit.line;
      if (edit.line.empty() || edit.line.back() != '\n') {
        body += "\n\\ No newline at end of file\n";
      }
    }
    out += "@@ -" + range(a_line, a_count) + " +" + range(b_line, b_count) + " @@\n" + body;
    index = end;
  }
  return out;
}

int first_changed_line(std::string_view before, std::string_view after) {
  std::vector<std::string_view> a = split_lines(before);
  std::vector<std::string_view> b = split_lines(after);
  std::size_t line = 0;
  while (line < a.size() && line < b.size() && a[line] == b[line]) {
    ++line;
  }
  return static_cast<int>(std::min(line, b.empty() ? 0 : b.size() - 1)) + 1;
}

}  // namespace svcgen
