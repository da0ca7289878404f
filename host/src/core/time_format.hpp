#pragma once

#include <ctime>
#include <string>

namespace kyso {

// ISO 8601 in local time with its real UTC offset: "2026-11-23T19:16:22+07:00". Signing times
// shown to Vietnamese officials must carry +07:00, never local time labelled as UTC.
std::string isoLocalTime(std::time_t when);

}  // namespace kyso
