#pragma once

// /static/cvss.js: the case page's CVSS calculator (web_cvss_calc.js) with the data it scores
// by taken from core/cvss at startup (the v3 and v4.0 metric tables, FIRST's v4.0 macrovector
// table, severity depths and highest-severity vectors), so that the browser and the server
// read the same tables. Built once, then constant; thread-safe.

#include <string_view>

namespace embargo::http {

std::string_view cvss_script();

}  // namespace embargo::http
