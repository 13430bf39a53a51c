#include "migrate/describe.hpp"

namespace svcgen::migrate {
namespace {

std::string column_of(const Change& change) {
  return change.table + "." + (change.column ? change.column->name : change.from);
}

std::string describe_rename(const Change& change) {
  switch (change.kind) {
    case ChangeKind::kRenameTable:
      return "table " + change.from + " is renamed to " + change.to;
    case ChangeKind::kRenameColumn:
      return "column " + change.table + "." + change.from + " is renamed to " + change.to;
    case ChangeKind::kRenameIndex:
      return "index " + change.from + " is renamed to " + change.to;
    default:
      return "constraint " + change.from + " is renamed to " + change.to;
  }
}

std::string describe_column(const Change& change) {
  switch (change.kind) {
    case ChangeKind::kAddColumn:
      return "column " + column_of(change) + " is added";
    case ChangeKind::kDropColumn:
      return "column " + column_of(change) + " is dropped";
    case ChangeKind::kAlterType:
      return "column " + column_of(change) + " changes type from " +
             change.old_column->type.render() + " to " + change.column->type.render();
    case ChangeKind::kSetDefault:
      return "column " + column_of(change) + " gets another default";
    case ChangeKind::kSetNotNull:
      return "column " + column_of(change) + " becomes required";
    default:
      return "column " + column_of(change) + " becomes optional";
  }
}

std::string describe_object(const Change& change) {
  switch (change.kind) {
    case ChangeKind::kDropForeignKey:
      return "foreign key " + change.foreign_key->name + " is dropped";
    case ChangeKind::kAddForeignKey:
      return "foreign key " + change.foreign_key->name + " is added";
    case ChangeKind::kDropCheck:
      return "check " + change.check->name + " is dropped";
    case ChangeKind::kAddCheck:
      return "check " + change.check->name + (change.old_check ? " changes" : " is added");
    case ChangeKind::kDropIndex:
      return "index " + change.index->name + " is dropped";
    default:
      return "index " + change.index->name + " is added";
  }
}

}  // namespace

std::string describe_change(const Change& change) {
  switch (change.kind) {
    case ChangeKind::kRenameTable:
    case ChangeKind::kRenameColumn:
    case ChangeKind::kRenameConstraint:
    case ChangeKind::kRenameIndex:
      return describe_rename(change);
    case ChangeKind::kAddColumn:
    case ChangeKind::kAlterType:
    case ChangeKind::kSetDefault:
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull:
    case ChangeKind::kDropColumn:
      return describe_column(change);
    case ChangeKind::kDropForeignKey:
    case ChangeKind::kDropCheck:
    case ChangeKind::kAddCheck:
    case ChangeKind::kAddForeignKey:
    case ChangeKind::kDropIndex:
    case ChangeKind::kCreateIndex:
      return describe_object(change);
    case ChangeKind::kCreateTable:
      return "table " + change.table + " is created for model " + change.table_after->model;
    case ChangeKind::kDropTable:
      return "table " + change.table + " is dropped (model " + change.table_before->model +
             " was removed)";
    case ChangeKind::kRecreateTable:
      return "table " + change.table + " is created again (its primary key changed)";
  }
  return "";
}

}  // namespace svcgen::migrate
