#include "app/commands/command.hpp"
namespace simrec::app {
int report_command(const Args&) { return 2; }
}
