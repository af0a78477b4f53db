// embargo cvss score | explain: CVSS v2.0, v3.0, v3.1 and v4.0 scores of vectors.
//
//   embargo cvss score VECTOR [--format text|json]
//   embargo cvss score --format json -      one vector a line on stdin, one JSON object a line out;
//                                           an invalid line gives {"vectorString","error"}, the
//                                           batch goes on, and the exit status is 1
//   embargo cvss explain VECTOR             metrics, names and meanings, sub-scores, macrovector

#include <iostream>
#include <string>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/cvss_explain.hpp>
#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_json.hpp>

namespace embargo::cli {

namespace {

namespace cvss = core::cvss;

struct ScoreArgs {
  std::string vector;
  std::string format;
};

std::string score_text(const cvss::Scores& s) {
  auto rated = [&](double score) {
    if (s.vector.version == cvss::Version::v2_0) {
      return fmt::format("{:.1f}", score);
    }
    return fmt::format("{:.1f} ({})", score, cvss::severity_name(cvss::severity_of(score)));
  };
  if (s.vector.version == cvss::Version::v4_0) {
    return fmt::format("{} {}", rated(s.base), s.nomenclature);
  }
  return fmt::format("base {}  temporal {}  environmental {}", rated(s.base), s.temporal ? rated(*s.temporal) : "-",
                     s.environmental ? rated(*s.environmental) : "-");
}

std::string dump_line(const nlohmann::ordered_json& j) {
  // Untrusted input may not be UTF-8: replace bad bytes rather than throw.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Scores one vector and prints its line; returns false when it is invalid.
bool score_one(Context& ctx, const std::string& vector, const std::string& format, const std::string& where) {
  auto scored = cvss::score_vector(vector);
  if (format == "json") {
    ctx.out() << dump_line(scored ? cvss::to_report_json(*scored, vector)
                                  : cvss::error_json(vector, scored.error().message()))
              << '\n';
    return scored.has_value();
  }
  if (!scored) {
    ctx.err() << fmt::format("embargo: {}{}\n", where, scored.error().message());
    return false;
  }
  ctx.out() << fmt::format("{}  {}\n", vector, score_text(*scored));
  return true;
}

Result<int> run_score(Context& ctx, const ScoreArgs& a) {
  if (a.vector != "-") {
    return score_one(ctx, a.vector, a.format, "") ? k_exit_ok : k_exit_error;
  }
  bool all_valid = true;
  std::string line;
  for (int number = 1; std::getline(std::cin, line); ++number) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      continue;
    }
    all_valid = score_one(ctx, line, a.format, fmt::format("line {}: ", number)) && all_valid;
  }
  return all_valid ? k_exit_ok : k_exit_error;
}

Result<int> run_explain(Context& ctx, const std::string& vector) {
  auto scored = cvss::score_vector(vector);
  if (!scored) {
    return make_error(ErrorCode::invalid_argument, scored.error().message());
  }
  ctx.out() << explain_text(*scored, vector);
  return k_exit_ok;
}

}  // namespace

void add_cvss_commands(CLI::App& app, Context& ctx) {
  auto* cvss_cmd = app.add_subcommand("cvss", "Score CVSS v2.0, v3.0, v3.1 and v4.0 vectors (FIRST)");
  cvss_cmd->require_subcommand(1);

  auto score = std::make_shared<ScoreArgs>();
  auto* s = cvss_cmd->add_subcommand("score", "Print the scores of a vector, or of each line of stdin with '-'");
  s->add_option("vector", score->vector, "A vector, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, or -")
      ->required();
  add_format_option(s, score->format, {"text", "json"});
  s->callback([&ctx, score] { run_command(ctx, [&] { return run_score(ctx, *score); }); });

  auto explain = std::make_shared<std::string>();
  auto* e =
      cvss_cmd->add_subcommand("explain", "Show each metric with its meaning, the sub-scores and (v4) macrovector");
  e->add_option("vector", *explain, "A vector")->required();
  e->callback([&ctx, explain] { run_command(ctx, [&] { return run_explain(ctx, *explain); }); });
}

}  // namespace embargo::cli
