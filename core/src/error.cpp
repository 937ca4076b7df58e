#include "tierlab/error.hpp"

namespace tierlab {

void throw_input_error(const std::string& message) { throw InputError(message); }

} // namespace tierlab
