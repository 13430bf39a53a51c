#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

// What deleting one row of a model does to the rows that refer to it, followed through every
// foreign key of the service. The generated delete statement and the API reference read it, so
// that what one promises the other does.
namespace svcgen::ir {

// One foreign key reached from the deleted row: rows of `model` refer through `key` to the rows
// of the step `parent` (-1: the deleted row itself).
struct DeleteStep {
  const Model* model = nullptr;
  const ForeignKey* key = nullptr;
  int parent = -1;
  // restrict: a live referring row makes the delete fail on this key.
  bool blocks = false;
  // restrict from a softDelete model: its deleted rows, which the API no longer shows, are
  // purged by the same statement so that they cannot block it.
  bool purges = false;
  // cascade: the database deletes the referring rows with their parent.
  bool cascades = false;
};

// The steps in a fixed order (depth first, models by name, keys by name); a model already on
// the path is not followed again, so reference cycles end. Empty for a softDelete model, whose
// delete only marks the row and so never meets a foreign key.
std::vector<DeleteStep> delete_steps(const Service& service, const Model& model);

// Whether the delete can fail on a foreign key: some step blocks.
bool delete_can_be_blocked(const std::vector<DeleteStep>& steps);

// The referring model and field of a step: "Order.book_id".
std::string referrer(const DeleteStep& step);

// The problem detail when step `index` blocks the delete of a `model`: "the book is still
// referenced by Order.book_id; delete those first", with ", through Model.field" for each step
// between it and the deleted row.
std::string referenced_detail(const Model& model, const std::vector<DeleteStep>& steps, int index);

}  // namespace svcgen::ir
