#include "core/time_format.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace kyso {

std::string isoLocalTime(std::time_t when) {
    std::tm local{};
    localtime_r(&when, &local);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &local);
    const long offset = local.tm_gmtoff;
    const long minutes = std::labs(offset) / 60;
    std::array<char, 24> zone{};
    std::snprintf(zone.data(), zone.size(), "%c%02ld:%02ld", offset < 0 ? '-' : '+', minutes / 60,
                  minutes % 60);
    return std::string(text.data()) + zone.data();
}

}  // namespace kyso
