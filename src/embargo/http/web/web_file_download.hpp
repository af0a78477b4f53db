#pragma once

// A file of the content-addressed store (storage/file_store.hpp) sent to the
// team's browser as a download that no browser renders: what GET
// /cases/ID/mailfiles/NAME (web_mail_files.cpp) and GET /cases/ID/files/NAME
// (web_release_files.cpp) share. The content is checked against its sha256
// before it is sent: a damaged file is never served. WebApp::case_file_download
// (defined in web_file_download.cpp) is the route both go through.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <embargo/http/server/message.hpp>
#include <embargo/util/result.hpp>

namespace embargo::http {

// An open store file whose content was checked.
struct CheckedFile {
  std::shared_ptr<FileHandle> handle;
  std::uint64_t size = 0;
};

// Opens the content of `sha256` in the file store rooted at `files_dir`
// (<data>/files) and checks that it is a regular file of `size` bytes (any
// size when `size` < 0) whose content hashes to `sha256`. InvalidArgument for
// a malformed hash; Corruption ("missing or damaged") otherwise. The caller
// logs the error and answers 500.
Result<CheckedFile> open_checked_file(const std::filesystem::path& files_dir, std::string_view sha256,
                                      std::int64_t size);

// `file` as an attachment named `name`: application/octet-stream,
// Content-Disposition: attachment (the name with every byte outside
// [A-Za-z0-9._+~-] as '_'), X-Content-Type-Options: nosniff,
// "Content-Security-Policy: default-src 'none'; sandbox", private, no-store.
// HEAD: the same headers, no body.
FileResponse attachment_download(const Request& req, const CheckedFile& file, std::string_view name);

}  // namespace embargo::http
