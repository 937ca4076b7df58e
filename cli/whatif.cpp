// simulate, sweep, replay: filled in with the simulation session.
#include <cstdio>

#include "commands.hpp"
#include "tierlab/error.hpp"

namespace tierlab::cli {

int cmd_simulate(int, char**) { throw InputError("simulate: not built yet"); }
int cmd_sweep(int, char**) { throw InputError("sweep: not built yet"); }
int cmd_replay(int, char**) { throw InputError("replay: not built yet"); }

} // namespace tierlab::cli
