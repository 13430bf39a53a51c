#include "ir/system_columns.hpp"

#include <array>

namespace svcgen::ir {
namespace {

bool timestamps(const Model& model) { return model.timestamps; }
bool soft_delete(const Model& model) { return model.soft_delete; }
bool optimistic_locking(const Model& model) { return model.optimistic_locking; }

constexpr std::array<SystemColumn, 4> kSystemColumns{{
    {ColumnRole::kCreatedAt, "created_at", Type::kTimestamp, false, "now()", "timestamps",
     &timestamps},
    {ColumnRole::kUpdatedAt, "updated_at", Type::kTimestamp, false, "now()", "timestamps",
     &timestamps},
    {ColumnRole::kDeletedAt, "deleted_at", Type::kTimestamp, true, "", "softDelete", &soft_delete},
    {ColumnRole::kVersion, "version", Type::kInt64, false, "1", "optimisticLocking",
     &optimistic_locking},
}};

}  // namespace

std::span<const SystemColumn> system_columns() { return kSystemColumns; }

}  // namespace svcgen::ir
