#pragma once

// Time points are UTC with microsecond precision everywhere inside embargo;
// zones only appear at the edges (input parsing, display, the planner).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// A calendar date without a time or zone (a reporter's deadline, say).
struct Date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// "2026-03-01T12:34:56.123456Z": fixed width, sorts as text, used in the store
// and in timeline hashes. Never changes format (hashes depend on it).
std::string format_timestamp(Timestamp t);
// "2026-03-01 12:34:56 UTC": for people.
std::string format_timestamp_human(Timestamp t);

// RFC 3339 with a zone: "2026-03-01T14:00Z", "2026-03-01T14:00:00+01:00",
// fractional seconds allowed. A time without a zone is refused with an example,
// because a release time that is ambiguous by hours is worse than none.
Result<Timestamp> parse_timestamp(std::string_view text);

// "YYYY-MM-DD", a real calendar date.
Result<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);

// The last microsecond of `date` in UTC (a deadline "2026-03-01" is met by any
// moment of that day in UTC).
Timestamp end_of_day_utc(const Date& date);

// Source of "now", injectable so that tests and --now replay time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock : public Clock {
 public:
  Timestamp now() const override;
};

class FixedClock : public Clock {
 public:
  explicit FixedClock(Timestamp t) : m_now(t) {}
  Timestamp now() const override { return m_now; }
  void set(Timestamp t) { m_now = t; }

 private:
  Timestamp m_now;
};

}  // namespace embargo::util
