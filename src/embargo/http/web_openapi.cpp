#include <embargo/http/web_openapi.hpp>

namespace embargo::http {

namespace {

constexpr std::string_view k_document = R"json({
  "openapi": "3.0.3",
  "info": {"title": "embargo API", "version": "1",
           "description": "Cases of a security team. Authenticate with an API token from `embargo user token NAME`: `Authorization: Bearer emb_...`. A case the token may not see answers 404, like a case that does not exist."},
  "servers": [{"url": "/api/v1"}],
  "security": [{"bearer": []}],
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "schemas": {
      "Error": {"type": "object", "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
      "Case": {"type": "object", "description": "core/case_json.hpp: id, title, state, impact, exploitation, reporter, created_at, updated_at, release_at; GET /cases/{id} adds vulnerabilities and timeline (team, maintainers) or messages (reporters)",
               "required": ["id", "title", "state"],
               "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                              "state": {"type": "string", "enum": ["reported", "confirmed", "fixing", "notified", "fix-shared", "public", "closed", "rejected"]}}},
      "RecipientStatuses": {"type": "object", "required": ["case", "recipients"],
               "properties": {"case": {"type": "string"},
                              "recipients": {"type": "array", "items": {"type": "object", "required": ["recipient", "list", "vulnerability", "status"],
                                 "properties": {"recipient": {"type": "string"}, "list": {"type": "string"}, "important": {"type": "boolean"}, "vulnerability": {"type": "integer"},
                                                "status": {"type": "string", "nullable": true, "enum": ["notified", "acknowledged", "packages-ready", "not-affected", null]},
                                                "statement": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}, "via": {"type": "string"}}}}}},
      "Text": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
    },
    "responses": {
      "Error": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Case": {"description": "the case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}
    },
    "parameters": {"id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}}
  },
  "paths": {
    "/me": {"get": {"summary": "Who the token belongs to", "responses": {"200": {"description": "name and role"}, "401": {"$ref": "#/components/responses/Error"}}}},
    "/cases": {
      "get": {"summary": "Cases the token may see", "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}],
              "responses": {"200": {"description": "array of cases", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}}}}, "400": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Open a case (admin, team)",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "reporter": {"type": "string", "example": "Jane Roe <jane@example.org>"}}}}}},
               "responses": {"201": {"$ref": "#/components/responses/Case"}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "get": {"summary": "One case (every read is logged)", "responses": {"200": {"$ref": "#/components/responses/Case"}, "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Edit fields (write access)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"title": {"type": "string"}, "impact": {"type": "string", "enum": ["unknown", "rce", "lpe", "dos", "leak", "other"]}, "exploitation": {"type": "string", "enum": ["none", "poc-public", "active"]}, "credit": {"type": "string"}, "anonymous": {"type": "boolean"}, "deadline": {"type": "string", "format": "date"}, "own_cve": {"type": "string"}}}}}},
                "responses": {"200": {"$ref": "#/components/responses/Case"}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/notes": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "Add an internal note (write access)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Text"}}}},
               "responses": {"200": {"$ref": "#/components/responses/Case"}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/messages": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "A message the reporter sees (team: a reply; reporter: an answer)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Text"}}}},
               "responses": {"200": {"$ref": "#/components/responses/Case"}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/state": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "Move the case to another state (write access)",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["to", "why"], "properties": {"to": {"type": "string"}, "why": {"type": "string"}, "override": {"type": "boolean"}}}}}},
               "responses": {"200": {"$ref": "#/components/responses/Case"}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/credit": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "The reporter's decision on the credit line that will be published (reporter, or the team recording it): accept the line shown in the case's `credit.line`, accept an edited `line`, or decline (published as anonymous). Only an accepted line reaches the announcement, advisory, CVE record and CSAF.",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["decision"], "properties": {"decision": {"type": "string", "enum": ["accept", "edit", "decline"]}, "line": {"type": "string", "maxLength": 200}}}}}},
               "responses": {"200": {"description": "the credit after the decision", "content": {"application/json": {"schema": {"type": "object", "properties": {"line": {"type": "string"}, "decision": {"type": "string", "enum": ["pending", "accepted", "declined"]}, "decided_at": {"type": "string", "nullable": true}}}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/recipients/{id}": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "get": {"summary": "Recipients of the case's embargo and their status per vulnerability (team: all; a recipient's account: its own, once its list was notified)",
              "responses": {"200": {"description": "the statuses", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecipientStatuses"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Set a recipient's status (team: any recipient; a recipient's account: only its own, else 403). One timeline entry per vulnerability.",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["recipient", "status"], "properties": {"recipient": {"type": "string"}, "vulnerability": {"type": "integer", "minimum": 1, "description": "omitted: every vulnerability"}, "status": {"type": "string", "enum": ["notified", "acknowledged", "packages-ready", "not-affected"]}, "statement": {"type": "string", "maxLength": 2000}}}}}},
               "responses": {"200": {"description": "the statuses after the change", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecipientStatuses"}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    }
  }
}
)json";

}  // namespace

std::string_view openapi_document() {
  return k_document;
}

}  // namespace embargo::http
