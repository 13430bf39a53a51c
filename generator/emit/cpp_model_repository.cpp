#include "emit/cpp_model_parts.hpp"
#include "emit/cpp_text.hpp"
#include "emit/printer.hpp"

namespace svcgen::cpp {
namespace {

using ir::Type;

// Breaks SQL into lines of at most `width` characters at spaces outside quotes, for a raw
// string literal that clang-format leaves alone.
std::string wrap_sql(const std::string& sql, std::size_t width) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      word += c;
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      word += c;
    } else if (c == ' ') {
      if (!word.empty()) {
        words.push_back(word);
      }
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) {
    words.push_back(word);
  }
  std::string text;
  std::string line;
  for (const std::string& piece : words) {
    if (!line.empty() && line.size() + 1 + piece.size() > width) {
      text += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + piece;
  }
  return text + line;
}

}  // namespace

std::string sql_literal(const std::string& sql) {
  std::string text = wrap_sql(sql, 96);
  std::string delimiter = "sql";
  while (text.find(")" + delimiter + "\"") != std::string::npos) {
    delimiter += "x";
  }
  return "R\"" + delimiter + "(\n" + text + ")" + delimiter + "\"";
}

namespace {

void statements(Printer& p, const ModelContext& context) {
  for (const StatementText& statement : model_statements(context)) {
    p.emit("const svcgen::Statement $constant${$name$, $sql$};\n",
           {{"constant", statement.constant},
            {"name", string_literal(statement.name)},
            {"sql", sql_literal(statement.sql)}});
  }
}

void from_row(Printer& p, const ModelContext& context) {
  p.blank_line();
  p.emit("Model from_row(const svcgen::Rows& rows, int row) {\n  Model model;\n");
  int index = 0;
  for (const Column* column : context.selected()) {
    std::string cell = "rows.text(row, " + std::to_string(index) + ")";
    std::string value = column->stored == Type::kEnum
                            ? "svcgen::from_pg_enum(" + cell + ", &parse_" + context.model.snake +
                                  "_" + column->name.text + ")"
                            : "svcgen::from_pg<" + column->cpp_type + ">(" + cell + ")";
    std::string target = "model." + column->name.cpp;
    if (column->nullable) {
      p.emit("  if (!rows.is_null(row, $index$)) {\n", {{"index", std::to_string(index)}});
      p.indented(4, [&] { p.assign(target, value); });
      p.emit("  }\n");
    } else {
      p.indented(2, [&] { p.assign(target, value); });
    }
    ++index;
  }
  p.emit("  return model;\n}\n");
}

void create_params(Printer& p, const ModelContext& context) {
  p.blank_line();
  p.emit("svcgen::Params create_params(const Create& input) {\n  svcgen::Params params;\n");
  p.indented(2, [&] {
    for (const ir::Field* field : context.writable()) {
      std::string value = "input." + field->name.cpp;
      p.call("params.push_back", {"svcgen::pg_param(" + value + ")"}, ";");
      if (field->default_value.present()) {
        p.call("params.push_back", {"svcgen::pg_flag(" + value + ")"}, ";");
      }
    }
  });
  p.emit("  return params;\n}\n");
}

// The UPDATE mode of a field: "0" keep, "1" set (null included), "2" reset to its default.
std::string update_mode(const ir::Field& field, const std::string& value, bool replace) {
  if (!replace || field.write_only) {
    return value + ".absent() ? \"0\" : \"1\"";
  }
  if (!field.default_value.present()) {
    return "\"1\"";  // an absent optional field without a default becomes null
  }
  return value + ".absent() ? \"2\" : \"1\"";
}

void update_params(Printer& p, const ModelContext& context, bool replace) {
  p.blank_line();
  p.emit(replace ? R"code(
               // UPDATE takes, per column, a mode (0 keep, 1 set, 2 reset to its default) and a value.
               svcgen::Params replace_params(const Replace& input) {
             )code"
                 : "svcgen::Params patch_params(const Patch& input) {\n");
  p.emit("  svcgen::Params params;\n");
  p.indented(2, [&] {
    for (const ir::Field* field : context.writable()) {
      std::string value = "input." + field->name.cpp;
      p.call("params.emplace_back", {update_mode(*field, value, replace)}, ";");
      p.call("params.push_back", {"svcgen::pg_param(" + value + ")"}, ";");
    }
  });
  p.emit("  return params;\n}\n");
}

std::string repository_head(const ModelContext& context, const std::string& result,
                            const std::string& name, std::vector<std::string> parameters) {
  if (context.model.optimistic_locking) {
    parameters.emplace_back("std::int64_t version");
  }
  return wrap_call("", result + " Repository::" + name, parameters, " {");
}

void find_and_create(Printer& p, const ModelContext& context) {
  if (context.read) {
    p.emit(R"code(

             svcgen::Task<std::optional<Model>> Repository::find(Key key) {
               svcgen::Rows rows = co_await db_.execute(kFind, svcgen::params($key$));
               if (rows.empty()) {
                 co_return std::nullopt;
               }
               co_return from_row(rows, 0);
             }
           )code",
           {{"key", context.key_text()}});
  }
  if (context.create) {
    p.emit(R"code(

      svcgen::Task<svcgen::WriteResult<Model>> Repository::create(const Create& input) {
        svcgen::Rows rows = co_await db_.execute(kCreate, create_params(input), svcgen::Target::kWrite);
        if (rows.empty()) {
          co_return svcgen::WriteResult<Model>{.status = svcgen::WriteStatus::kMissingReference};
        }
        co_return svcgen::WriteResult<Model>{svcgen::WriteStatus::kDone, from_row(rows, 0)};
      }
    )code");
  }
}

void replace_and_patch(Printer& p, const ModelContext& context) {
  std::string result = "svcgen::Task<svcgen::WriteResult<Model>>";
  std::string version = context.model.optimistic_locking ? ", version" : "";
  for (const char* kind : {"replace", "patch"}) {
    std::string type = std::string(kind) == "replace" ? "Replace" : "Patch";
    p.emit(
        R"code(

          $head$
            return update(key, $kind$_params(input)$version$);
          }
        )code",
        {{"head", repository_head(context, result, kind, {"Key key", "const " + type + "& input"})},
         {"kind", kind},
         {"version", version}});
  }
}

// After an UPDATE that matched no row: the row is gone, its version moved on (412), or a
// reference it was given does not exist.
void update_failure(Printer& p, const ModelContext& context) {
  if (!context.model.optimistic_locking) {
    p.assign("svcgen::WriteStatus status",
             "current.empty() ? svcgen::WriteStatus::kNotFound : "
             "svcgen::WriteStatus::kMissingReference");
    return;
  }
  p.emit(R"code(
    svcgen::WriteStatus status = svcgen::WriteStatus::kMissingReference;
    if (current.empty()) {
      status = svcgen::WriteStatus::kNotFound;
    } else if (version != svcgen::kAnyVersion && current.text(0, 0) != std::to_string(version)) {
      status = svcgen::WriteStatus::kStale;
    }
  )code");
}

void update(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           $head$
             params.push_back($key$);
             $version$
             svcgen::Rows rows = co_await db_.execute(kUpdate, std::move(params), svcgen::Target::kWrite);
             if (!rows.empty()) {
               co_return svcgen::WriteResult<Model>{svcgen::WriteStatus::kDone, from_row(rows, 0)};
             }
             svcgen::Rows current =
                 co_await db_.execute(kVersion, svcgen::params($key$), svcgen::Target::kWrite);
             $failure$
             co_return svcgen::WriteResult<Model>{.status = status};
           }
         )code",
         {{"head", repository_head(context, "svcgen::Task<svcgen::WriteResult<Model>>", "update",
                                   {"Key key", "svcgen::Params params"})},
          {"key", context.key_text()},
          {"version",
           context.model.optimistic_locking ? "params.push_back(std::to_string(version));" : ""},
          {"failure", [&] { update_failure(p, context); }}});
}

bool fits(const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    if (end - start > 100) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

// Text laid out two columns in, for a variable that the printer indents by those two.
std::string two_columns_out(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::size_t skip = std::min<std::size_t>(2, end - start);
    out += text.substr(start + skip, end - start - skip) + (end < text.size() ? "\n" : "");
    start = end + 1;
  }
  return out;
}

// `svcgen::Rows <name> = co_await db_.execute(<args>);` in a function body, broken where
// clang-format breaks it: after '=' when the call then fits on a line, else between the
// arguments, else both.
std::string execute_into(const std::string& name, const std::vector<std::string>& args) {
  std::string lhs = "svcgen::Rows " + name + " =";
  std::string call = wrap_call("", "co_await db_.execute", args, ";");
  if (fits("  " + lhs + " " + call) && call.find('\n') == std::string::npos) {
    return lhs + " " + call;
  }
  if (fits("      " + call) && call.find('\n') == std::string::npos) {
    return lhs + "\n    " + call;
  }
  std::string aligned = wrap_call("  ", lhs + " co_await db_.execute", args, ";");
  if (fits(aligned) && aligned.find("(\n") == std::string::npos) {
    return two_columns_out(aligned);
  }
  std::string broken = wrap_call("      ", "co_await db_.execute", args, ";");
  return lhs + "\n" + two_columns_out(broken);
}

void remove(Printer& p, const ModelContext& context) {
  std::vector<std::string> params = {context.key_text()};
  if (context.model.optimistic_locking) {
    params.emplace_back("std::to_string(version)");
  }
  std::string execute = execute_into(
      "rows", {"kDelete", wrap_call("", "svcgen::params", params, ""), "svcgen::Target::kWrite"});
  p.emit(R"code(

           $head$
             $execute$
             if (rows.affected() > 0) {
               co_return svcgen::WriteStatus::kDone;
             }
             svcgen::Rows current =
                 co_await db_.execute(kVersion, svcgen::params($key$), svcgen::Target::kWrite);
             co_return current.empty() ? svcgen::WriteStatus::kNotFound : svcgen::WriteStatus::kStale;
           }
         )code",
         {{"head",
           repository_head(context, "svcgen::Task<svcgen::WriteStatus>", "remove", {"Key key"})},
          {"execute", execute},
          {"key", context.key_text()}});
}

}  // namespace

void repository_statements(Printer& p, const ModelContext& context) { statements(p, context); }

void repository_helpers(Printer& p, const ModelContext& context) {
  if (context.reads_rows()) {
    from_row(p, context);
  }
  if (context.create) {
    create_params(p, context);
  }
  if (context.update) {
    update_params(p, context, true);
    update_params(p, context, false);
  }
}

void repository_definitions(Printer& p, const ModelContext& context) {
  std::string statements;
  for (const StatementText& statement : model_statements(context)) {
    statements += (statements.empty() ? "&" : ", &") + statement.constant;
  }
  p.emit(R"code(
           void Repository::prepare(svcgen::Db& db) {
             for (const svcgen::Statement* statement : {$statements$}) {
               db.prepare(*statement);
             }
           }
         )code",
         {{"statements", statements}});
  find_and_create(p, context);
  if (context.update) {
    replace_and_patch(p, context);
    update(p, context);
  }
  if (context.remove) {
    remove(p, context);
  }
}

}  // namespace svcgen::cpp
