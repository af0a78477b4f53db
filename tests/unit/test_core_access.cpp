#include <doctest/doctest.h>

#include <embargo/core/access.hpp>

using namespace embargo;
using namespace embargo::core;

TEST_CASE("access_to") {
  const std::string c1 = "EMB-2026-0001";
  const std::string c2 = "EMB-2026-0002";
  SUBCASE("admin and team write on every case, without grants") {
    CHECK(access_to({"a", Role::admin, ""}, c1, std::nullopt) == CaseAccess::write);
    CHECK(access_to({"t", Role::team, ""}, c2, std::nullopt) == CaseAccess::write);
  }
  SUBCASE("maintainers see only cases shared with them") {
    Principal max{"max", Role::maintainer, ""};
    CHECK(access_to(max, c1, std::nullopt) == CaseAccess::none);
    CHECK(access_to(max, c1, CaseGrant{c1, "max", false}) == CaseAccess::read);
    CHECK(access_to(max, c1, CaseGrant{c1, "max", true}) == CaseAccess::write);
    // A grant of another case or another user does not count.
    CHECK(access_to(max, c2, CaseGrant{c1, "max", true}) == CaseAccess::none);
    CHECK(access_to(max, c1, CaseGrant{c1, "other", true}) == CaseAccess::none);
  }
  SUBCASE("reporters get the portal view of their own case only") {
    Principal rita{"rita", Role::reporter, ""};
    CHECK(access_to(rita, c1, std::nullopt) == CaseAccess::none);
    CHECK(access_to(rita, c1, CaseGrant{c1, "rita", true}) == CaseAccess::portal);
    Principal link{"reporter", Role::reporter, c1};
    CHECK(link.via_link());
    CHECK(access_to(link, c1, std::nullopt) == CaseAccess::portal);
    CHECK(access_to(link, c2, std::nullopt) == CaseAccess::none);
    CHECK(access_to(link, c2, CaseGrant{c2, "reporter", true}) == CaseAccess::none);
  }
}

TEST_CASE("new_token and hash_token") {
  std::string a = new_token("emb_");
  std::string b = new_token("emb_");
  CHECK(a.size() == 36);
  CHECK(a.starts_with("emb_"));
  CHECK(a != b);
  CHECK(hash_token(a).size() == 64);
  CHECK(hash_token(a) != a);
  CHECK(hash_token(a) == hash_token(a));
}

TEST_CASE("credential kinds round-trip") {
  for (auto k : {CredentialKind::session, CredentialKind::api_token, CredentialKind::reporter_link}) {
    CHECK(parse_credential_kind(to_string(k)).value() == k);
  }
  CHECK(parse_credential_kind("cookie").error().message().find("credential kind") != std::string::npos);
}
