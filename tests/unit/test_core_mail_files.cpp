// core/mail_files.hpp: the files a case received by mail, read back from its
// "mail-received" timeline entries, under safe unique names.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <embargo/core/mail_files.hpp>

using namespace embargo;
using namespace embargo::core;

namespace {

const std::string k_sha_a(64, 'a');
const std::string k_sha_b(64, 'b');
const std::string k_sha_c(64, 'c');

TimelineEntry mail_entry(std::int64_t seq, const nlohmann::json& data) {
  TimelineEntry e;
  e.case_id = "EMB-2026-0001";
  e.seq = seq;
  e.kind = "mail-received";
  e.data = data.dump();
  return e;
}

}  // namespace

TEST_CASE("mail_files: attachments and text under safe unique names") {
  nlohmann::json first = {{"message_id", "m1@x"},
                          {"text_sha256", k_sha_c},
                          {"attachments",
                           {{{"name", "poc.py"}, {"type", "text/x-python"}, {"sha256", k_sha_a}, {"size", 12}},
                            {{"name", "poc.py"}, {"type", "text/x-python"}, {"sha256", k_sha_b}, {"size", 3}},
                            {{"name", "../../etc/passwd"}, {"type", "text/plain"}, {"sha256", k_sha_a}, {"size", 12}},
                            {{"name", ""}, {"type", "application/octet-stream"}, {"sha256", k_sha_b}, {"size", 3}},
                            {{"name", "x"}, {"sha256", "not-a-sha"}}}}};
  TimelineEntry note;
  note.seq = 3;
  note.kind = "note";
  note.data = first.dump();  // not a mail: ignored
  TimelineEntry broken = mail_entry(4, {});
  broken.data = "{not json";
  auto files = mail_files({mail_entry(2, first), note, broken});
  REQUIRE(files.size() == 5);
  CHECK(files[0].name == "2-poc.py");
  CHECK(files[0].kind == "attachment");
  CHECK(files[0].size == 12);
  CHECK(files[0].message_id == "m1@x");
  CHECK(files[1].name == "2-poc-2.py");
  CHECK(files[2].name == "2-_.._etc_passwd");
  CHECK(files[2].original_name == "../../etc/passwd");
  CHECK(files[3].name == "2-attachment-4");
  CHECK(files[4].name == "2-text.txt");
  CHECK(files[4].kind == "text");
  CHECK(files[4].size == -1);
  CHECK(find_mail_file(files, "2-poc-2.py")->sha256 == k_sha_b);
  CHECK_FALSE(find_mail_file(files, "poc.py").has_value());
  CHECK_FALSE(find_mail_file(files, "../../etc/passwd").has_value());
}

TEST_CASE("clean_file_name keeps only [A-Za-z0-9._-], no leading dot, at most 100 bytes") {
  CHECK(clean_file_name("crash report.txt") == "crash_report.txt");
  CHECK(clean_file_name("...hidden") == "hidden");
  CHECK(clean_file_name("a/b\\c\r\n") == "a_b_c__");
  CHECK(clean_file_name("///") == "");
  CHECK(clean_file_name("") == "");
  CHECK(clean_file_name(std::string(300, 'x')).size() == 100);
  CHECK(clean_file_name("caf\xc3\xa9.c") == "caf__.c");
}
