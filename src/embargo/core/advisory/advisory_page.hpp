#pragma once

// The public advisory of a released case as static HTML (issue 11): one page
// per case, in the shape of Exim's website advisories (a header block per
// vulnerability: title, identifier, severity with its CVSS vector, affected
// and fixed versions; then description, mitigation, credit, the disclosure
// timeline, the downloads with their SHA-256 and the signing key), and the
// index of every published advisory, newest first.
//
// Pure functions from data to text: no store, no files. Every value is
// HTML-escaped (html_escape), so a title holding markup comes out as text.
// The same data gives byte-identical output, which is what lets the release
// step leave an unchanged page alone.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/time.hpp>

namespace embargo::core::advisory {

struct PageScore {
  std::string vector;  // as stored, e.g. "CVSS:3.1/AV:N/..."
  std::string score;   // "9.8 Critical", or empty when the vector cannot be scored
};

struct PageVulnerability {
  std::string identifier;  // CVE or GCVE id; may be empty
  std::string title;
  std::string description;
  std::string cwe;
  std::string affected;  // version range text
  std::string fixed;
  std::string mitigation;
  std::vector<PageScore> cvss;
  std::vector<std::string> aliases{};  // its other identifiers (a GCVE beside the CVE)
};

struct PageEvent {
  util::Timestamp at{};
  std::string text;
};

struct PageDownload {
  std::string name;
  std::string url;
  std::string sha256;
  std::int64_t size = 0;
};

struct AdvisoryPage {
  std::string case_id;
  std::string project;          // "Exim"
  std::string title;            // the case's title
  std::string version;          // the fixed release, e.g. "4.99.1"; may be empty
  util::Timestamp published{};  // the release time
  std::vector<PageVulnerability> vulns;
  std::string credit;               // an accepted credit line; empty: not credited
  std::vector<PageEvent> timeline;  // shown in time order
  std::vector<PageDownload> downloads;
  std::string signing_key;  // OpenPGP fingerprint of the release files' signer; may be empty
  // Its file under the web directory (advisory_input.hpp: advisory_page_file);
  // empty: page_file_name(case_id).
  std::string file_name;
};

// One line of the index and one entry of the feed.
struct IndexEntry {
  std::string case_id;
  std::string title;  // advisory_title()
  std::string file;   // page_file_name()
  std::string summary;
  util::Timestamp published{};
};

// & < > " ' as entities; C0 control characters other than tab, CR and LF
// dropped (XML 1.0 forbids them); everything else unchanged (UTF-8 passes
// through). Good for HTML text and attributes and for XML.
std::string html_escape(std::string_view text);

// "EXIM-2026-0001.html", the page's name when advisory.advisory_url does not
// name it. REQUIRES: a case id (letters, digits, dashes).
std::string page_file_name(std::string_view case_id);

// "Exim 4.99.1: CVE-2026-1234: heap overflow in SMTP" (the parts known).
std::string advisory_title(const AdvisoryPage& page);

IndexEntry index_entry(const AdvisoryPage& page);

// Newest first; equal times by case id, so the order is total.
void sort_newest_first(std::vector<IndexEntry>& entries);

std::string render_advisory_page(const AdvisoryPage& page);

// The index page of `entries` (sorted newest first here), each linking to
// its page by relative URL.
std::string render_index(std::string_view project, std::vector<IndexEntry> entries);

}  // namespace embargo::core::advisory
