#pragma once

#include <string>

#include "emit/cpp_model_context.hpp"
#include "emit/printer.hpp"

// The generated C++ of one model, one function per file part; each returns the text that goes
// inside the service's namespace.
namespace svcgen::cpp {

// src/models/<model>.hpp: the model's types, decoders, repository, hooks and installer.
std::string model_declarations(const ModelContext& context);
// src/models/<model>.cpp: JSON output and the input decoders with their rules.
std::string model_definitions(const ModelContext& context);
// src/models/<model>_routes.cpp: statements, repository, handlers and routes.
std::string model_routes(const ModelContext& context);

// Parts of the routes file: the statements and the functions the repository builds on, and the
// repository's members.
// SQL as a raw literal starting on a line of its own, broken into lines formatters keep.
std::string sql_literal(const std::string& sql);
void repository_statements(Printer& p, const ModelContext& context);
void repository_helpers(Printer& p, const ModelContext& context);
void repository_definitions(Printer& p, const ModelContext& context);
// The struct whose members handle the model's requests, one per operation the model has.
void handlers(Printer& p, const ModelContext& context);

}  // namespace svcgen::cpp
