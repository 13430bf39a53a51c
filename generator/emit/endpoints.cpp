#include "emit/endpoints.hpp"

namespace svcgen {

std::string endpoint_summary(const ir::Model& model, Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kCreate:
      return "Create " + model.name;
    case Endpoint::kList:
      return "List " + model.plural;
    case Endpoint::kGet:
      return "Get " + model.name;
    case Endpoint::kReplace:
      return "Replace " + model.name;
    case Endpoint::kPatch:
      return "Change fields of " + model.name;
    case Endpoint::kDelete:
      return "Delete " + model.name;
  }
  return "";
}

std::vector<EndpointInfo> model_endpoints(const ir::Model& model) {
  std::string collection = "/" + model.path;
  std::string item = collection + "/{" + model.primary_key.name.text + "}";
  std::vector<EndpointInfo> endpoints;
  auto add = [&](ir::Operation operation, Endpoint endpoint, const char* method,
                 const std::string& path) {
    if (model.has(operation)) {
      endpoints.push_back({endpoint, method, path, endpoint_summary(model, endpoint)});
    }
  };
  add(ir::Operation::kCreate, Endpoint::kCreate, "POST", collection);
  add(ir::Operation::kList, Endpoint::kList, "GET", collection);
  add(ir::Operation::kRead, Endpoint::kGet, "GET", item);
  add(ir::Operation::kUpdate, Endpoint::kReplace, "PUT", item);
  add(ir::Operation::kUpdate, Endpoint::kPatch, "PATCH", item);
  add(ir::Operation::kDelete, Endpoint::kDelete, "DELETE", item);
  return endpoints;
}

}  // namespace svcgen
