#pragma once
// Expected failures (bad program, bad events, bad arguments) are InputError.
// The message is already located: "FILE:LINE: column NAME: reason" for events,
// "/json/pointer: reason" for programs. Faces turn it into exit status 2, a JS
// Error, or a message on screen; anything else is a bug (exit status 1).
#include <stdexcept>
#include <string>

namespace tierlab {

class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace tierlab
