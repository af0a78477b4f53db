# Every third-party dependency, from Debian 12 packages (scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(SQLite3 3.40 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(tl-expected 1.0 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(toml11 3.7 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CURL 7.88 REQUIRED)
# date-tz: Debian builds it with USE_OS_TZDB (reads /usr/share/zoneinfo); the
# imported target carries that define, so link it PUBLIC.
find_package(date 3 REQUIRED)
pkg_check_modules(LIBICAL REQUIRED IMPORTED_TARGET libical>=3.0)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0>=3.2)
pkg_check_modules(GPGME REQUIRED IMPORTED_TARGET gpgme>=1.18)
find_package(mstch REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
# JSON Schema "pattern" (schema/schema_pattern.hpp): PCRE2 with JIT.
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8>=10.40)
# PostgreSQL store (storage/postgres/): libpqxx 6.4 over libpq.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
# The release builder (issue 8): git, OpenPGP and the three tarball compressors.
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2>=1.5)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(LibLZMA 5.2 REQUIRED)

if(ENABLE_TESTING)
  find_package(doctest 2.4 REQUIRED)
endif()
if(ENABLE_BENCHMARKS)
  find_package(benchmark 1.7 REQUIRED)
endif()
