#include "ir/delete_effects.hpp"

#include <algorithm>

namespace svcgen::ir {
namespace {

// Collects the steps below `parent`, whose rows are of `target`; `path` holds the models from
// the deleted row down to `target`.
void follow(const Service& service, const Model& target, int parent,
            std::vector<const Model*>& path, std::vector<DeleteStep>& steps) {
  for (const Model& model : service.models) {
    for (const ForeignKey& key : model.objects.foreign_keys) {
      if (model.fields[static_cast<std::size_t>(key.field_index)].ref_model != target.name) {
        continue;
      }
      DeleteStep step{.model = &model, .key = &key, .parent = parent};
      step.blocks = key.on_delete == OnDelete::kRestrict;
      step.purges = step.blocks && model.soft_delete;
      step.cascades = key.on_delete == OnDelete::kCascade;
      steps.push_back(step);
      bool on_path = std::find(path.begin(), path.end(), &model) != path.end();
      if ((step.purges || step.cascades) && !on_path) {
        path.push_back(&model);
        follow(service, model, static_cast<int>(steps.size()) - 1, path, steps);
        path.pop_back();
      }
    }
  }
}

}  // namespace

std::string referrer(const DeleteStep& step) {
  return step.model->name + "." +
         step.model->fields[static_cast<std::size_t>(step.key->field_index)].name.text;
}

std::vector<DeleteStep> delete_steps(const Service& service, const Model& model) {
  std::vector<DeleteStep> steps;
  if (model.soft_delete) {
    return steps;
  }
  std::vector<const Model*> path = {&model};
  follow(service, model, -1, path, steps);
  return steps;
}

bool delete_can_be_blocked(const std::vector<DeleteStep>& steps) {
  return std::any_of(steps.begin(), steps.end(),
                     [](const DeleteStep& step) { return step.blocks; });
}

std::string referenced_detail(const Model& model, const std::vector<DeleteStep>& steps, int index) {
  const DeleteStep& step = steps[static_cast<std::size_t>(index)];
  std::string text = "the " + model.display_name() + " is still referenced by " + referrer(step);
  for (int up = step.parent; up >= 0; up = steps[static_cast<std::size_t>(up)].parent) {
    text += ", through " + referrer(steps[static_cast<std::size_t>(up)]);
  }
  return text + "; delete those first";
}

}  // namespace svcgen::ir
