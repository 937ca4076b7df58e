// The Catch2 main of tierlab_tests. Test cases live in the other test_*.cpp files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
