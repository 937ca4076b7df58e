#include <catch2/catch.hpp>
#include "tierlab/date.hpp"
TEST_CASE("smoke", "[smoke]") { REQUIRE(tierlab::days_from_civil(1970, 1, 1) == 0); }
