#include "emit/deploy_emitter.hpp"

#include <cctype>

#include "emit/endpoints.hpp"
#include "emit/file_header.hpp"
#include "svcgen/text.hpp"

namespace svcgen {
namespace {

// The numeric user the image runs as: numeric so that Kubernetes can verify runAsNonRoot.
constexpr int kUid = 10001;
constexpr int kPort = 8080;
// Kubernetes waits preStop, then SIGTERM starts the drain of at most SHUTDOWN_TIMEOUT; the grace
// period leaves a margin on top of both.
constexpr int kPreStopSeconds = 5;
constexpr int kShutdownSeconds = 25;
constexpr int kGraceSeconds = kPreStopSeconds + kShutdownSeconds + 10;

// DNS-1123 labels: lower case, digits and '-'.
std::string dns_label(const std::string& text) {
  std::string label;
  for (char c : text) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    label += keep ? lower : '-';
  }
  return label;
}

Json secret_env(const std::string& secret) {
  Json env = Json::array();
  auto add = [&](const char* name, const char* key, bool optional) {
    env.push_back({{"name", name},
                   {"secret", secret},
                   {"key", key},
                   {"optional", optional ? "true" : "false"}});
  };
  add("DB_WRITE_URL", "db-write-url", false);
  add("DB_READ_URL", "db-read-url", true);
  add("CURSOR_SECRET", "cursor-secret", false);
  return env;
}

// Docker tags take [A-Za-z0-9_.-]: SemVer build metadata ("+build.5") becomes "-build.5". The
// digest of the inputs follows, so that a change of the models without a new version is a new
// image too, and `kubectl apply` of the deployment rolls it out.
std::string image_tag(const ir::Service& service) {
  std::string tag = service.version;
  for (char& c : tag) {
    c = c == '+' ? '-' : c;
  }
  return tag + "-" + service.inputs_digest.substr(0, 12);
}

std::string migration_head(const ir::Service& service) {
  return zero_padded(service.migrations.empty() ? 0 : service.migrations.back().version, 6);
}

// The expand and the contract Job come from one template.
Json job_view(Json view, bool expand) {
  view["job_comment"] =
      expand
          ? "# The expand Job: applies the pending expand migrations, which the running version\n"
            "# tolerates. Run it, and wait for it, before rolling out this version. Its name\n"
            "# follows the last migration, so a version that brings new migrations brings a new\n"
            "# Job (a Job cannot be changed once created)."
          : "# The contract Job: applies the contract migrations, which drop what only the\n"
            "# previous version used. Run it once the rollout of this version is complete and no\n"
            "# older pod serves.";
  view["job_name"] = view[expand ? "expand_job_name" : "contract_job_name"];
  view["job_component"] = expand ? "migrate" : "contract";
  view["job_args"] = expand ? R"("migrate", "up", "--expand-only")" : R"("migrate", "up")";
  return view;
}

Json endpoint_rows(const ir::Service& service) {
  std::string prefix = service.base_path == "/" ? "" : service.base_path;
  Json rows = Json::array();
  for (const ir::Model& model : service.models) {
    for (const EndpointInfo& endpoint : model_endpoints(model)) {
      rows.push_back({{"method", endpoint.method},
                      {"path", prefix + endpoint.path},
                      {"summary", endpoint.summary}});
    }
  }
  return rows;
}

}  // namespace

void DeployEmitter::emit(const ir::Service& service, const EmitContext& context,
                         OutputSet& output) const {
  std::string k8s_name = dns_label(service.name);
  Json view = {{"service", service.name},
               {"version", service.version},
               {"image", service.name + ":" + image_tag(service)},
               {"k8s_name", k8s_name},
               {"migration_head", migration_head(service)},
               {"expand_job_name", k8s_name + "-migrate-" + migration_head(service)},
               {"contract_job_name", k8s_name + "-contract-" + migration_head(service)},
               {"base_path", service.base_path == "/" ? "" : service.base_path},
               {"uid", std::to_string(kUid)},
               {"port", std::to_string(kPort)},
               {"pre_stop_seconds", std::to_string(kPreStopSeconds)},
               {"shutdown_seconds", std::to_string(kShutdownSeconds)},
               {"grace_seconds", std::to_string(kGraceSeconds)},
               {"secret_env", secret_env(k8s_name + "-secrets")},
               {"vendored", context.options.runtime == RuntimeMode::kVendored},
               {"description", service.description},
               {"source", service.file},
               {"endpoints", endpoint_rows(service)},
               {"header", generated_header("#", {service.file})}};
  auto render = [&](const std::string& path, const std::string& name) {
    output.add(path, context.templates.render(name, view));
  };
  // Only the vendored runtime makes the output folder a complete build context.
  if (context.options.runtime == RuntimeMode::kVendored) {
    render("Dockerfile", "deploy/Dockerfile.mustache");
    render(".dockerignore", "deploy/dockerignore.mustache");
  }
  render("README.md", "deploy/README.md.mustache");
  render("docker-compose.yml", "deploy/docker-compose.yml.mustache");
  render("k8s/deployment.yaml", "deploy/k8s-deployment.yaml.mustache");
  render("k8s/service.yaml", "deploy/k8s-service.yaml.mustache");
  output.add(
      "k8s/migrate-job.yaml",
      context.templates.render("deploy/k8s-migrate-job.yaml.mustache", job_view(view, true)));
  output.add(
      "k8s/contract-job.yaml",
      context.templates.render("deploy/k8s-migrate-job.yaml.mustache", job_view(view, false)));
}

}  // namespace svcgen
