#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_file_download.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::http {

namespace {

// Whether the content of `fd` hashes to `sha256` (pread: the file offset, which
// sending uses, is left alone).
bool stored_content_matches(int fd, std::string_view sha256) {
  util::Sha256 hash;
  std::string buffer(64 * 1024, '\0');
  off_t offset = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buffer.data(), buffer.size(), offset);
    if (n < 0) {
      return false;
    }
    if (n == 0) {
      break;
    }
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    offset += n;
  }
  return util::to_hex(hash.finish()) == sha256;
}

// `name` safe in a quoted header parameter whatever it holds.
std::string attachment_name(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                c == '-' || c == '+' || c == '~';
    if (!safe) {
      c = '_';
    }
  }
  return out.empty() ? std::string("file") : out;
}

}  // namespace

Result<CheckedFile> open_checked_file(const std::filesystem::path& files_dir, std::string_view sha256,
                                      std::int64_t size) {
  TRY_ASSIGN(std::filesystem::path path, storage::FileStore(files_dir).path_of(sha256));
  auto handle = std::make_shared<FileHandle>(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat st {};
  if (handle->fd() < 0 || ::fstat(handle->fd(), &st) != 0 || !S_ISREG(st.st_mode) ||
      (size >= 0 && st.st_size != size) || !stored_content_matches(handle->fd(), sha256)) {
    return make_error(ErrorCode::corruption, fmt::format("content {} is missing or damaged", sha256));
  }
  return CheckedFile{std::move(handle), static_cast<std::uint64_t>(st.st_size)};
}

FileResponse attachment_download(const Request& req, const CheckedFile& file, std::string_view name) {
  FileResponse f;
  f.head.version(req.message.version());
  f.head.keep_alive(req.message.keep_alive());
  f.head.result(beast_http::status::ok);
  f.head.set(beast_http::field::server, "embargod");
  f.head.set(beast_http::field::content_type, "application/octet-stream");
  f.head.set(beast_http::field::content_disposition, fmt::format("attachment; filename=\"{}\"", attachment_name(name)));
  f.head.set("X-Content-Type-Options", "nosniff");
  f.head.set("Content-Security-Policy", "default-src 'none'; sandbox");
  f.head.set(beast_http::field::cache_control, "private, no-store");
  f.head.set("Referrer-Policy", "no-referrer");
  f.head.set("X-Frame-Options", "DENY");
  f.head.content_length(file.size);
  f.length = req.message.method() == beast_http::verb::head ? 0 : file.size;
  f.file = file.handle;
  return f;
}

Response WebApp::case_file_download(
    const Request& req, const AuthContext& who, const std::string& id, std::string_view encoded_name,
    std::string_view view, std::string_view what,
    const std::function<Result<StoredFileRef>(core::StoreTx&, const std::string&)>& find) {
  auto m = req.message.method();
  if (m != beast_http::verb::get && m != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET only.", &who);
  }
  std::string name;
  if (!decode_path_segment(encoded_name, name) || name.empty()) {
    return error_page(req, beast_http::status::not_found, "No such page.", &who);
  }
  StoredFileRef found;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY(check_case_reader(tx, who, id));
    TRY_ASSIGN(found, find(tx, name));
    return {};
  });
  if (!read) {
    return from_error(req, read.error(), &who);
  }
  auto file = open_checked_file(m_d.page_settings.data_path / "files", found.sha256, found.size);
  if (!file) {
    m_d.log.event("file_store", fmt::format("{} {} of {}: {}", what, name, id, file.error().message()));
    return error_page(req, beast_http::status::internal_server_error, "The file cannot be read.", &who);
  }
  m_d.log.case_read(req.address, id, who.who.name, fmt::format("{}:{}", view, found.name));
  return Response{attachment_download(req, *file, found.name), who.who.name};
}

}  // namespace embargo::http
