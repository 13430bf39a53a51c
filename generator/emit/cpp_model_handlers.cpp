#include "emit/cpp_model_parts.hpp"

namespace svcgen::cpp {
namespace {

void create_handler(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           svcgen::Task<svcgen::Response> create(svcgen::Request& request) {
             nlohmann::json body = svcgen::parse_json_body(request);
             std::vector<svcgen::FieldError> errors;
             std::optional<Create> input = decode_$model$_create(body, errors);
             if (input) {
               hooks->validate(*input, errors);
             }
             reject(std::move(errors));
             co_await hooks->before_create(*input, request);
             svcgen::WriteResult<Model> created = co_await repository->create(*input);
             if (created.status != svcgen::WriteStatus::kDone) {
               fail_write(created.status, "");
             }
             co_await hooks->after_create(*created.value, request);
             svcgen::Response response = resource_response(201, *created.value);
             response.headers.set("Location", location(*service, *created.value));
             co_return response;
           }
         )code",
         {{"model", context.model.snake}});
}

void read_handler(Printer& p) {
  p.emit(R"code(

    svcgen::Task<svcgen::Response> read(svcgen::Request& request) {
      std::optional<Model> found = co_await repository->find(key_of(request));
      if (!found) {
        throw svcgen::ProblemError(404, kNotFound + std::string(*request.param(kKeyName)));
      }
      co_return resource_response(200, *found);
    }
  )code");
}

// The version a write goes against, for models with optimistic locking.
std::string version_line(const ModelContext& context) {
  return context.model.optimistic_locking
             ? "std::int64_t version = co_await write_version(service->db(), request, key);"
             : "";
}

void update_handler(Printer& p, const ModelContext& context, const std::string& kind,
                    const std::string& type) {
  p.emit(R"code(

           svcgen::Task<svcgen::Response> $kind$(svcgen::Request& request) {
             Key key = key_of(request);
             $version_line$
             nlohmann::json body = svcgen::parse_json_body(request);
             std::vector<svcgen::FieldError> errors;
             std::optional<$type$> input = decode_$decoder$(body, errors);
             if (input) {
               hooks->validate(*input, errors);
             }
             reject(std::move(errors));
             co_await hooks->before_$kind$(*input, request);
             svcgen::WriteResult<Model> updated = co_await repository->$kind$(key, *input$version$);
             if (updated.status != svcgen::WriteStatus::kDone) {
               fail_write(updated.status, *request.param(kKeyName));
             }
             co_await hooks->after_update(*updated.value, request);
             co_return resource_response(200, *updated.value);
           }
         )code",
         {{"kind", kind},
          {"type", type},
          {"decoder", context.model.snake + "_" + kind},
          {"version_line", version_line(context)},
          {"version", context.model.optimistic_locking ? ", version" : ""}});
}

// The call of the repository's remove, and, where a referring row can block the delete, the
// 409 that names it.
void remove_call(Printer& p, const ModelContext& context) {
  std::string version = context.model.optimistic_locking ? ", version" : "";
  if (!context.delete_can_be_blocked()) {
    p.emit("svcgen::WriteStatus status = co_await repository->remove(key$version$);\n",
           {{"version", version}});
    return;
  }
  p.emit(R"code(
           svcgen::WriteStatus status = svcgen::WriteStatus::kDone;
           try {
             status = co_await repository->remove(key$version$);
           } catch (const svcgen::DbError& error) {
             if (error.error_class() != svcgen::DbErrorClass::kForeignKeyViolation) {
               throw;
             }
             throw svcgen::ProblemError(409, referenced(error.constraint()));
           }
         )code",
         {{"version", version}});
}

void remove_handler(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           svcgen::Task<svcgen::Response> remove(svcgen::Request& request) {
             Key key = key_of(request);
             $version_line$
             co_await hooks->before_delete(request);
             $call$
             if (status != svcgen::WriteStatus::kDone) {
               fail_write(status, *request.param(kKeyName));
             }
             co_await hooks->after_delete(request);
             co_return svcgen::empty_response(204);
           }
         )code",
         {{"version_line", version_line(context)}, {"call", [&] { remove_call(p, context); }}});
}

void list_handler(Printer& p) {
  p.emit(R"code(

    svcgen::Task<svcgen::Response> list(svcgen::Request& request) {
      const std::string& secret = service->config().cursor_secret;
      svcgen::ListQuery query = svcgen::build_list_query(kList, request.query, secret);
      svcgen::Rows rows = co_await service->db().execute_dynamic(query.sql, std::move(query.params));
      svcgen::JsonWriter out;
      out.begin_object().key("items").begin_array();
      for (int row = 0; row < rows.size() && row < query.limit; ++row) {
        write_json(out, from_row(rows, row));
      }
      out.end_array();
      svcgen::write_json_value(out.key("next_cursor"), svcgen::next_cursor(query, rows, secret));
      out.end_object();
      co_return svcgen::json_text_response(200, out.take());
    }
  )code");
}

void handler_members(Printer& p, const ModelContext& context) {
  if (context.create) {
    create_handler(p, context);
  }
  if (context.read) {
    read_handler(p);
  }
  if (context.update) {
    update_handler(p, context, "replace", "Replace");
    update_handler(p, context, "patch", "Patch");
  }
  if (context.remove) {
    remove_handler(p, context);
  }
  if (context.list) {
    list_handler(p);
  }
}

}  // namespace

void handlers(Printer& p, const ModelContext& context) {
  p.emit(R"code(
           // The HTTP handlers: each turns one request into one response through the hooks and the
           // repository.
           struct Handlers {
             $repository$
             Hooks* hooks;
             svcgen::Service* service;
             $members$
           };
         )code",
         {{"repository", context.has_repository() ? "std::shared_ptr<Repository> repository;" : ""},
          {"members", [&] { handler_members(p, context); }}});
}

}  // namespace svcgen::cpp
