#pragma once

// libical components owned by a unique_ptr: freed with icalcomponent_free,
// which frees the children added to them too. For the two calendar files only.

#include <memory>

#include <libical/ical.h>

namespace embargo::calendar {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

}  // namespace embargo::calendar
