#include <embargo/http/api/openapi.hpp>

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
      "Case": {"type": "object", "description": "core/case_json.hpp: id, title, state, impact, exploitation, reporter, created_at, updated_at, release_at; for the team and maintainers, project (the [[projects]] name, \"\" for the server's own); GET /cases/{id} adds vulnerabilities, timeline, schedule (the release steps, as `embargo case show --format json`) and schedule_disagrees (what in the schedule disagrees with the stored plan: old data; empty when it follows the plan) and duties (the lists' disclosure duties: rule, list, state, detail, due; as `embargo case show --format json`) for the team and maintainers, or messages (reporters); GET /cases?next_step=1 adds next_step ({kind, due_at} of the next pending release step, or null)",
               "required": ["id", "title", "state"],
               "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                              "state": {"type": "string", "enum": ["reported", "confirmed", "fixing", "notified", "fix-shared", "public", "closed", "rejected"]},
                              "schedule": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleStep"}},
                              "schedule_disagrees": {"type": "array", "items": {"type": "string"}},
                              "duties": {"type": "array", "items": {"type": "object", "properties": {"rule": {"type": "string", "enum": ["first-message-date", "max-embargo", "oss-security-post", "exploit-post", "cra-early-warning", "cra-notification", "cra-final-report"]}, "list": {"type": "string"}, "state": {"type": "string", "enum": ["done", "ok", "open", "fail"]}, "detail": {"type": "string"}, "due": {"type": "string", "format": "date-time", "nullable": true}}}},
                              "next_step": {"type": "object", "nullable": true, "properties": {"kind": {"type": "string"}, "due_at": {"type": "string", "format": "date-time"}}}}},
      "ScheduleStep": {"type": "object", "description": "A release step (scheduler/schedule_view.hpp): skipped is why a pending step will do nothing, or null",
                       "required": ["kind", "due_at", "state", "skipped", "attempts", "last_error"],
                       "properties": {"kind": {"type": "string", "example": "notice-fix"}, "due_at": {"type": "string", "format": "date-time"},
                                      "state": {"type": "string", "enum": ["pending", "running", "done", "failed", "cancelled"]},
                                      "skipped": {"type": "string", "nullable": true}, "attempts": {"type": "integer"}, "last_error": {"type": "string"}}},
      "TimelineEntry": {"type": "object", "description": "core/case_json.hpp: one entry of a case's hash-chained timeline",
                        "required": ["case_id", "seq", "at", "actor", "kind", "text"],
                        "properties": {"case_id": {"type": "string"}, "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                                       "actor": {"type": "string"}, "kind": {"type": "string"}, "text": {"type": "string"},
                                       "data": {"type": "object", "nullable": true}, "prev_hash": {"type": "string"}, "hash": {"type": "string"}}},
      "Text": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
      "Vulnerability": {"type": "object", "description": "core/case_json.hpp, plus each CVSS vector scored by the server",
                        "required": ["ordinal", "title"],
                        "properties": {"ordinal": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string"},
                                       "identifier": {"type": "string", "description": "the primary identifier: the CVE when there is one"},
                                       "aliases": {"type": "array", "items": {"type": "string"}, "description": "the other identifiers (a GCVE beside the CVE)"},
                                       "cwe": {"type": "string"}, "affected": {"type": "string"},
                                       "fixed": {"type": "string"}, "mitigation": {"type": "string"},
                                       "cvss": {"type": "array", "items": {"type": "string"}},
                                       "scores": {"type": "array", "items": {"type": "object", "properties": {"vector": {"type": "string"}, "version": {"type": "string"}, "base": {"type": "number"}, "severity": {"type": "string"}}}}}},
      "VulnerabilityFields": {"type": "object", "description": "identifier: added to the vulnerability's identifiers (a CVE replaces its CVE; \"\" removes them all); add_identifiers: more to add after it; remove_identifiers: removed first (each must be one of the vulnerability's). cvss: a vector (v2, 3.0, 3.1, 4.0) or an array of them; each replaces the stored vector of its version; \"\" clears them all. Validated and scored by core/cvss.",
                              "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "identifier": {"type": "string", "example": "CVE-2026-1234"},
                                             "add_identifiers": {"type": "array", "items": {"type": "string"}, "example": ["GCVE-1-2026-0001"]},
                                             "remove_identifiers": {"type": "array", "items": {"type": "string"}},
                                             "cwe": {"type": "string", "example": "CWE-787"}, "affected": {"type": "string", "example": ">=4.92,<4.99.1"},
                                             "fixed": {"type": "string", "example": ">=4.99.1"}, "mitigation": {"type": "string"},
                                             "cvss": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}},
      "Grant": {"type": "object", "required": ["user"], "properties": {"user": {"type": "string"}, "write": {"type": "boolean", "default": false}}},
      "PlanTimes": {"type": "object", "description": "RFC 3339 times, or local times in the policy's release zone (\"2026-03-10 14:00\", \"2026-03-10\"). POST /plan also takes override (store a plan with objections; needs why, recorded on the timeline) and reason (told to the lists in the date-change notice when the release moves after they were told)",
                    "properties": {"release": {"type": "string"}, "fix_ready": {"type": "string"}, "fix_to_packagers": {"type": "string"},
                                   "advance_notice": {"type": "string"}, "heads_up": {"type": "string"},
                                   "override": {"type": "boolean", "default": false}, "why": {"type": "string"}, "reason": {"type": "string"}}},
      "Plan": {"type": "object", "description": "core/planner/plan_json.hpp: events (name, at, local times in every configured zone, why), checks (rule, status, detail), ok; GET adds seq, actor, created_at; POST /plan adds seq, actor, moved (each release step and download-window time the new plan moved, \"notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC\") and notes (e.g. the date-change notices queued); propose and check add objections (why POST /plan would refuse it; empty: it would be stored)",
               "properties": {"plan": {"type": "object", "nullable": true}, "seq": {"type": "integer"},
                              "moved": {"type": "array", "items": {"type": "string"}}, "notes": {"type": "array", "items": {"type": "string"}},
                              "objections": {"type": "array", "items": {"type": "string"}}}},
      "PlanRefused": {"type": "object", "description": "A plan with objections (a failing rule, a step not done in the past, a done step moved) and no override: nothing was stored",
                      "required": ["error", "message", "objections", "plan"],
                      "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                     "objections": {"type": "array", "items": {"type": "string"}}, "plan": {"type": "object"}}},
      "RecipientStatuses": {"type": "object", "required": ["case", "recipients"],
               "properties": {"case": {"type": "string"},
                              "recipients": {"type": "array", "items": {"type": "object", "required": ["recipient", "list", "vulnerability", "status"],
                                 "properties": {"recipient": {"type": "string"}, "list": {"type": "string"}, "important": {"type": "boolean"}, "vulnerability": {"type": "integer"},
                                                "status": {"type": "string", "nullable": true, "enum": ["notified", "acknowledged", "packages-ready", "not-affected", null]},
                                                "statement": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}, "via": {"type": "string"}}}}}}
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
      "get": {"summary": "Cases the token may see", "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}, {"name": "next_step", "in": "query", "description": "1: add each case's next pending release step (team and maintainers)", "schema": {"type": "string", "enum": ["0", "1"]}}],
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
    "/cases/{id}/replies": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "The team's answer to a list member's question (admin and team with write access): signed and encrypted like the list's notices, threaded to the question (in_reply_to: its Message-ID; default the latest mail on the case from a list member), queued for the mail thread; exploit true records that it carries exploit material",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["list", "message"], "properties": {"list": {"type": "string"}, "message": {"type": "string"}, "in_reply_to": {"type": "string"}, "exploit": {"type": "boolean"}}}}}},
               "responses": {"200": {"description": "queued", "content": {"application/json": {"schema": {"type": "object", "properties": {"message_id": {"type": "string"}, "in_reply_to": {"type": "string"}, "list": {"type": "string"}, "state": {"type": "string", "enum": ["queued"]}}}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/vulnerabilities": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "get": {"summary": "The case's vulnerabilities with their CVSS scores (read access)",
              "responses": {"200": {"description": "array", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Vulnerability"}}}}}, "404": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Add a vulnerability (write access); title required", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VulnerabilityFields"}}}},
               "responses": {"201": {"description": "the vulnerability", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Vulnerability"}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/vulnerabilities/{n}": {
      "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "n", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
      "patch": {"summary": "Change fields or CVSS vectors of vulnerability n (write access)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VulnerabilityFields"}}}},
                "responses": {"200": {"description": "the vulnerability", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Vulnerability"}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/grants": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "get": {"summary": "Who the case is shared with (admin, team; the team of the case's project)", "responses": {"200": {"description": "array", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Grant"}}}}}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Share the case with an account, read only or read and write (the team of the case's project, or admin and team with write access; recorded on the timeline)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Grant"}}}},
               "responses": {"201": {"description": "the grant", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Grant"}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/plan": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "get": {"summary": "The current plan (read access); plan is null when none was made. release_kind: the recorded release kind (kind patch-level or bundled, base, target, branch, why, decided_by, decided_at) or null; release_kind_proposed: {kind, reason} from the impact", "responses": {"200": {"description": "the plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}, "404": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Plan as `embargo case plan`: propose from the case and what already happened (release, fix_ready optional) and store it: sets the case's release, moves the scheduled release's pending steps and the download window, records it (write access). A plan with objections is refused (422, nothing stored) unless override with why", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanTimes"}}}},
               "responses": {"201": {"description": "the stored plan and what it moved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
                             "422": {"description": "refused with its objections; nothing stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanRefused"}}}}}}
    },
    "/cases/{id}/plan/propose": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "The plan POST /plan would propose (from what already happened) and its objections, without storing it (read access)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanTimes"}}}},
               "responses": {"200": {"description": "the plan", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/cases/{id}/plan/check": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "Check a timeline (release, fix_to_packagers, advance_notice required; heads_up optional) against the policy, with the case's exploitation and reporter deadline, and its objections given what already happened (read access)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanTimes"}}}},
               "responses": {"200": {"description": "the plan with its checks", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
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
    "/cases/{id}/tested-on": {
      "parameters": [{"$ref": "#/components/parameters/id"}],
      "post": {"summary": "Record that the release files were built and tested on a platform, ok or failed (read access: the case's team and the maintainers it is shared with; not reporters). A timeline entry of kind release-tested-on, data {platform, result, note, version}: version is the case's latest recorded release's, \"\" when none; as `embargo release tested-on`",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["platform", "result"], "properties": {"platform": {"type": "string", "minLength": 1, "maxLength": 200, "example": "Debian 12 amd64", "description": "printable text, no control characters"}, "result": {"type": "string", "enum": ["ok", "failed"]}, "note": {"type": "string", "maxLength": 2000}}}}}},
               "responses": {"201": {"description": "the timeline entry recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TimelineEntry"}}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
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
