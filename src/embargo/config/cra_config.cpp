#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/cra_config.hpp>

namespace embargo::config {

Result<CraConfig> parse_cra_config(const toml::value& root) {
  CraConfig c;
  if (!root.is_table() || !root.contains("cra")) {
    return c;
  }
  const toml::value& t = root.at("cra");
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, "config: cra must be a table");
  }
  for (const auto& [key, value] : t.as_table()) {
    if (key != "enabled" && key != "manufacturers") {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: cra.{} is not a key of [cra] (enabled, manufacturers)", key));
    }
  }
  try {
    if (t.contains("enabled")) {
      c.enabled = toml::get<bool>(t.at("enabled"));
    }
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, "config: cra.enabled must be true or false");
  }
  try {
    if (t.contains("manufacturers")) {
      c.manufacturers = toml::get<std::vector<std::string>>(t.at("manufacturers"));
    }
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, "config: cra.manufacturers must be a list of recipient names");
  }
  return c;
}

std::string default_cra_config_text() {
  return R"(
# The EU Cyber Resilience Act's clock (Article 14) for a case whose
# exploitation is "active": the manufacturers that ship the project owe an
# early warning 24 h and a notification 72 h after becoming aware, and a
# final report 14 days after the fix is public. `embargo report cra` renders
# each stage from the case.
[cra]
enabled = false
manufacturers = []   # [[mail.lists.recipients]] names the reports go to
)";
}

}  // namespace embargo::config
