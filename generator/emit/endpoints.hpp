#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace svcgen {

// The HTTP operations a model offers, named once for every output that lists them (the OpenAPI
// document, the service's README).
enum class Endpoint { kCreate, kList, kGet, kReplace, kPatch, kDelete };

struct EndpointInfo {
  Endpoint endpoint;
  std::string method;  // "POST"
  std::string path;    // "/books/{id}", relative to the base path
  std::string summary;
};

std::string endpoint_summary(const ir::Model& model, Endpoint endpoint);

// The model's endpoints in the order of the HTTP contract: collection, then item.
std::vector<EndpointInfo> model_endpoints(const ir::Model& model);

}  // namespace svcgen
