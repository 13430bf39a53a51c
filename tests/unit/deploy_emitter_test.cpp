#include "emit/deploy_emitter.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

OutputSet deploy_files(const std::string& name, const std::string& version, RuntimeMode runtime) {
  ir::Service service;
  service.file = "service.json";
  service.name = name;
  service.version = version;
  service.base_path = "/api";
  service.inputs_digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  TemplateSet templates = TemplateSet::embedded();
  OutputSet output;
  DeployEmitter().emit(service, EmitContext{templates, EmitOptions{runtime}}, output);
  return output;
}

bool contains(const std::string* text, const std::string& part) {
  return text != nullptr && text->find(part) != std::string::npos;
}

TEST(DeployEmitter, NamesAreValidDockerTagsAndKubernetesLabels) {
  OutputSet output = deploy_files("shop_api", "1.2.0-RC.1+build.5", RuntimeMode::kVendored);
  // '+' is not allowed in an image tag; '_' and upper case are not allowed in DNS-1123 names.
  // The tag ends with the inputs' digest, and the Jobs are named after the last migration.
  EXPECT_TRUE(contains(output.find("k8s/deployment.yaml"),
                       "image: shop_api:1.2.0-RC.1-build.5-0123456789ab\n"));
  EXPECT_TRUE(contains(output.find("k8s/deployment.yaml"), "  name: shop-api\n"));
  EXPECT_TRUE(contains(output.find("k8s/migrate-job.yaml"), "  name: shop-api-migrate-000000\n"));
  EXPECT_TRUE(contains(output.find("k8s/contract-job.yaml"), "  name: shop-api-contract-000000\n"));
  EXPECT_TRUE(contains(output.find("k8s/deployment.yaml"), "name: shop-api-secrets\n"));
  EXPECT_TRUE(contains(output.find("Dockerfile"), "strip /build/shop_api\n"));
  EXPECT_TRUE(contains(output.find("docker-compose.yml"), "    build: .\n"));
}

TEST(DeployEmitter, ExternalRuntimeHasNoBuildContext) {
  OutputSet output = deploy_files("shop", "1.0.0", RuntimeMode::kExternal);
  EXPECT_EQ(output.find("Dockerfile"), nullptr);
  EXPECT_EQ(output.find(".dockerignore"), nullptr);
  ASSERT_NE(output.find("docker-compose.yml"), nullptr);
  EXPECT_FALSE(contains(output.find("docker-compose.yml"), "build:"));
  EXPECT_NE(output.find("k8s/service.yaml"), nullptr);
}

}  // namespace
}  // namespace svcgen
