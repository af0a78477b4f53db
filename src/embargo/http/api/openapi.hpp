#pragma once

// The OpenAPI 3.0 description of /api/v1/ (web_api.cpp), served at
// /api/v1/openapi.json. Keep it in step with the handlers: the integration
// suite checks that every path it lists answers.

#include <string_view>

namespace embargo::http {

std::string_view openapi_document();

}  // namespace embargo::http
