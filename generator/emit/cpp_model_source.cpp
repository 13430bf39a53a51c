#include <algorithm>

#include "emit/cpp_model_parts.hpp"
#include "emit/cpp_text.hpp"
#include "emit/printer.hpp"
#include "ir/names.hpp"

namespace svcgen::cpp {
namespace {

using ir::Type;

// A raw literal on one line, for text without line breaks.
std::string raw_inline(const std::string& text, std::string delimiter) {
  while (text.find(")" + delimiter + "\"") != std::string::npos) {
    delimiter += "x";
  }
  return "R\"" + delimiter + "(" + text + ")" + delimiter + "\"";
}

// A constant holding one name per line, as a raw string: formatters never reflow it, however
// many or long the names.
void name_list(Printer& p, const std::string& name, const std::vector<std::string>& values) {
  std::string text;
  for (const std::string& value : values) {
    text += (text.empty() ? "" : "\n") + value;
  }
  p.assign("constexpr std::string_view " + name, raw_inline(text, ""));
}

std::string pattern_name(const ir::Field& field) { return "k" + field.pascal + "Pattern"; }
std::string rule_name(const ir::Field& field) { return "k" + field.pascal + "Rule"; }

// The compiled pattern a rule points to: built once, before main, and shared by all threads.
// The model's text is kept for messages; RE2 runs the translation.
void pattern(Printer& p, const ir::Field& field) {
  const std::string& source = *field.pattern;
  bool printable = std::all_of(source.begin(), source.end(),
                               [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
  std::string name = pattern_name(field);
  p.assign("constexpr std::string_view " + name + "Source",
           printable ? raw_inline(source, "re") : string_literal(source));
  p.assign("constexpr std::string_view " + name + "Re2", raw_inline(*field.pattern_re2, "re"));
  p.call("const svcgen::Pattern " + name, {name + "Source", name + "Re2"}, ";", '{', '}');
}

void rule(Printer& p, const ir::Field& field) {
  std::vector<std::string> parts;
  auto add = [&](const std::string& member, const std::string& value) {
    parts.push_back("." + member + " = " + value);
  };
  if (field.min_length) {
    add("min_length", std::to_string(*field.min_length));
  }
  if (field.max_length) {
    add("max_length", std::to_string(*field.max_length));
  }
  if (field.pattern_re2) {
    add("pattern", "&" + pattern_name(field));
  }
  if (field.minimum) {
    add("minimum", string_literal(field.minimum->dump()));
  }
  if (field.maximum) {
    add("maximum", string_literal(field.maximum->dump()));
  }
  if (field.type == Type::kDecimal) {
    add("precision", std::to_string(field.precision));
    add("scale", std::to_string(field.scale));
  }
  p.designated("constexpr svcgen::Rule " + rule_name(field), parts, ";");
}

bool reads_integer_reference(const ir::Field& field) {
  return field.type == Type::kRef && field.ref_key_type == Type::kInt64;
}

// The constants the decoders check input against.
void rules(Printer& p, const ModelContext& context) {
  std::vector<const ir::Field*> fields = context.writable();
  if (std::any_of(fields.begin(), fields.end(),
                  [](const ir::Field* field) { return reads_integer_reference(*field); })) {
    p.emit("constexpr svcgen::Rule kNoRule{};\n");
  }
  for (const ir::Field* field : fields) {
    if (field->type == Type::kEnum) {
      std::string allowed;
      for (const ir::EnumMember& member : field->values) {
        allowed += (allowed.empty() ? "" : ", ") + member.value;
      }
      p.assign("constexpr std::string_view k" + field->pascal + "Allowed",
               raw_inline(allowed, "re"));
    }
    if (has_rule(field->type)) {
      if (field->pattern_re2) {
        pattern(p, *field);
      }
      rule(p, *field);
    }
  }
}

void property_names(Printer& p, const ModelContext& context) {
  // Members a body may carry, and those it may not although responses show them.
  std::vector<std::string> writable;
  std::vector<std::string> read_only;
  for (const Column& column : context.columns) {
    if (column.in_create) {
      writable.push_back(column.name.text);
    } else if (column.returned) {
      read_only.push_back(column.name.text);
    }
  }
  name_list(p, "kWritable", writable);
  name_list(p, "kReadOnly", read_only);
  p.designated("constexpr svcgen::PropertyNames kProperties",
               {".model = " + string_literal(context.model.name), ".writable = kWritable",
                ".read_only = kReadOnly"},
               ";");
}

void write_json(Printer& p, const ModelContext& context) {
  p.emit(R"code(
           void write_json(svcgen::JsonWriter& out, const $name$& model) {
             using svcgen::write_json_value;
             out.begin_object();
         )code",
         {{"name", context.model.name}});
  for (const Column* column : context.selected()) {
    if (!column->returned) {
      continue;  // the version travels in the ETag
    }
    p.emit("  write_json_value(out.key($json$), model.$member$);\n",
           {{"json", string_literal(column->name.text)}, {"member", column->name.cpp}});
  }
  p.emit(R"code(
      out.end_object();
    }
  )code");
}

void read_field(Printer& p, const ModelContext& context, const ir::Field& field,
                const std::string& kind) {
  std::string name = string_literal(field.name.text);
  std::vector<std::string> args = {name};
  if (field.type == Type::kEnum) {
    args.push_back("&parse_" + context.model.snake + "_" + field.name.text);
    args.push_back("k" + field.pascal + "Allowed");
  } else if (reads_integer_reference(field)) {
    args.emplace_back("kNoRule");
  } else if (has_rule(field.type)) {
    args.push_back(rule_name(field));
  }
  const Column& column = context.column_of(field);
  bool plain = required_in(column, kind);
  std::string value = plain             ? "in.required(" + name + ", value)"
                      : !field.optional ? "in.not_null(" + name + ", value)"
                                        : "value";
  p.emit("{\n");
  p.indented(2, [&] {
    p.call("auto value = in." + column.body_reader, args, ";");
    p.assign("input." + field.name.cpp, value);
  });
  p.emit("}\n");
}

void decoder(Printer& p, const ModelContext& context, const std::string& kind) {
  std::string type = context.model.name + kind;
  p.blank_line();
  std::string head = wrap_call(
      "",
      "std::optional<" + type + "> decode_" + context.model.snake + "_" + names::snake_case(kind),
      {"const nlohmann::json& body", "std::vector<svcgen::FieldError>& errors"}, " {");
  p.emit(R"code(
           $head$
             svcgen::BodyReader in(body, errors);
             in.check_properties(kProperties);
             $type$ input;
             $fields$
             return in.ok() ? std::optional(std::move(input)) : std::nullopt;
           }
         )code",
         {{"head", head}, {"type", type}, {"fields", [&] {
                                             for (const ir::Field* field : context.writable()) {
                                               read_field(p, context, *field, kind);
                                             }
                                           }}});
}

}  // namespace

std::string model_definitions(const ModelContext& context) {
  Printer p;
  if (context.decodes()) {
    p.emit("namespace {\n\n");
    rules(p, context);
    property_names(p, context);
    p.emit("}  // namespace\n");
  }
  p.blank_line();
  write_json(p, context);
  if (context.create) {
    decoder(p, context, "Create");
  }
  if (context.update) {
    decoder(p, context, "Replace");
    decoder(p, context, "Patch");
  }
  return p.take();
}

}  // namespace svcgen::cpp
