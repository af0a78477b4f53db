#pragma once

// The CLI against a running embargod instead of a local data directory:
// `embargo --server URL --token TOKEN case list|show|note|move ...` and
// `release tested-on` (cli/release_tested_command.cpp) (the token also from
// $EMBARGO_TOKEN, which keeps it out of `ps`). It speaks the
// JSON API under /api/v1/ (http/web_api.cpp) with the token as a Bearer
// credential, and prints what the local commands print. The server acts as
// the token's account: --actor does not apply. The token is never printed,
// not even in errors.
//
// Not available remotely (the API does not serve them yet): the disclosure
// plan and the artifacts in `case show`; every other command refuses
// --server with a clear message (Context::data).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <embargo/cli/context.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>

namespace embargo::cli::remote {

// GET/POST/PATCH `path` (from "/api/v1/...") with the token; the parsed JSON
// answer. HTTP errors become Errors: 401 Unauthorized ("the server refused
// the token"), 403 Unauthorized, 404 NotFound, 400 InvalidArgument, 409
// Conflict, with the server's message; IOError when the server cannot be
// reached or answers something that is not JSON.
Result<nlohmann::json> call(Context& ctx, std::string_view method, std::string_view path,
                            const std::optional<nlohmann::json>& body = std::nullopt);

// The inverses of core::to_json for what the API returns (outside input:
// InvalidArgument naming the field when malformed).
Result<core::Case> case_from_json(const nlohmann::json& j);
Result<core::Vulnerability> vulnerability_from_json(const nlohmann::json& j);
Result<core::TimelineEntry> entry_from_json(const nlohmann::json& j);

// The commands, with the local commands' arguments and output.
Result<int> case_list(Context& ctx, std::string_view state, std::size_t limit, std::string_view format);
Result<int> case_show(Context& ctx, std::string_view case_id, std::string_view format);
Result<int> case_note(Context& ctx, std::string_view case_id, std::string_view text);
Result<int> case_move(Context& ctx, std::string_view case_id, std::string_view state, std::string_view why,
                      bool override_date, std::string_view format);

}  // namespace embargo::cli::remote
