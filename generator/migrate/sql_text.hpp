#pragma once

#include <string>

#include "migrate/schema.hpp"

// The DDL statements the renderer is made of, one function per statement shape.
namespace svcgen::migrate::sql {

std::string alter(const std::string& table);  // "ALTER TABLE <table> "
std::string column_definition(const Column& column);
std::string create_table(const Table& table);
std::string create_index(const std::string& table, const Index& index, bool concurrently);
std::string add_foreign_key(const std::string& table, const ForeignKey& key);
std::string add_check(const std::string& table, const Check& check);
std::string drop_constraint(const std::string& table, const std::string& name);
std::string rename(const std::string& table, const std::string& what, const std::string& from,
                   const std::string& to);  // RENAME COLUMN / CONSTRAINT
std::string retype(const std::string& table, const Column& column);
std::string set_default(const std::string& table, const Column& column);

}  // namespace svcgen::migrate::sql
