// A small hand-written service on the runtime, used by the tests to exercise what every
// generated service shares: configuration, the database, error mapping and operations.
#include <iostream>

#include "svcgen/service.hpp"

using namespace svcgen;

namespace {

const Statement kGetNote{"get_note", "SELECT id, title, body FROM notes WHERE id = $1"};
const Statement kCreateNote{"create_note",
                            "INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id"};
const Statement kSleep{"sleep", "SELECT pg_sleep($1::float8)"};

nlohmann::json note_json(const Rows& rows) {
  return {{"id", std::stoll(std::string(rows.text(0, 0)))},
          {"title", rows.text(0, 1)},
          {"body", rows.is_null(0, 2) ? nlohmann::json(nullptr) : nlohmann::json(rows.text(0, 2))}};
}

}  // namespace

int main() {
  ConfigResult loaded = load_config({"notes", "/api", true}, process_environment());
  if (!loaded.errors.empty()) {
    for (const std::string& error : loaded.errors) {
      std::cerr << "notes: " << error << "\n";
    }
    return 2;
  }
  Service service({"notes", "1.0.0", R"({"openapi":"3.1.0"})"}, loaded.config);
  Db& db = service.db();
  for (const Statement& statement : {kGetNote, kCreateNote, kSleep}) {
    db.prepare(statement);
  }
  service.map_constraint("notes_title_key", {409, "/title", "a note with this title exists"});
  Router& router = service.router();

  router.add("GET", "/api/notes/{id}", [&db](Request& request) -> Task<Response> {
    std::string id(*request.param("id"));
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos || id.size() > 18) {
      throw ProblemError(404, "no note with id " + id);
    }
    Rows rows = co_await db.execute(kGetNote, params(id));
    if (rows.empty()) {
      throw ProblemError(404, "no note with id " + id);
    }
    co_return json_response(200, note_json(rows));
  });

  router.add(
      "POST", "/api/notes",
      [&db](Request& request) -> Task<Response> {
        nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
          throw ProblemError(400, "the body is not a JSON object");
        }
        if (!body.contains("title") || !body["title"].is_string()) {
          throw ProblemError(422, "invalid note", {{"/title", "is required and must be a string"}});
        }
        std::optional<std::string> text;
        if (body.contains("body") && body["body"].is_string()) {
          text = body["body"].get<std::string>();
        }
        Rows created = co_await db.execute(
            kCreateNote, params(body["title"].get<std::string>(), text), Target::kWrite);
        std::string id(created.text(0, 0));
        Response response = json_response(
            201, {{"id", std::stoll(id)}, {"title", body["title"]}, {"body", text ? *text : ""}});
        response.headers.set("Location", "/api/notes/" + id);
        co_return response;
      },
      {{"application/json"}});

  router.add("GET", "/api/slow", [&db](Request& request) -> Task<Response> {
    std::string seconds = "0.5";
    if (auto query = parse_query(request.query)) {
      for (const auto& [name, value] : *query) {
        if (name == "seconds") {
          seconds = value;
        }
      }
    }
    co_await db.execute(kSleep, params(seconds));
    co_return json_response(200, {{"slept", seconds}});
  });

  router.add("POST", "/api/hold", [&db](Request&) -> Task<Response> {
    Transaction transaction = co_await db.begin();
    co_await transaction.execute(kSleep, params("0.6"));
    co_await transaction.commit();
    co_return json_response(200, {{"held", true}});
  });

  return service.serve();
}
