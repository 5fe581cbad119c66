// simrec gate: the CI regression gate (results/gate.hpp). Exit 0 pass, 1 regression, 2 bad input.
#include <boost/program_options.hpp>
#include <iostream>

#include "app/commands/command.hpp"
#include "app/commands/run_loading.hpp"
#include "results/gate.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int gate_command(const Args& args) {
  std::string baseline, candidate, tolerance;
  double default_tolerance = 0, speed_tolerance = 0;
  po::options_description desc(
      "usage: simrec gate --baseline B.h5 --candidate C.h5 [--tolerance auc=0.002,recall@10=0.005]\n"
      "                   [--default-tolerance X] [--speed-tolerance R]\n\n"
      "Fails (exit 1) when, for any variant and metric of the baseline, the candidate's mean over the\n"
      "common seeds is worse than the baseline's by more than the tolerance (absolute; the direction\n"
      "comes from the metric's name), or a variant, metric or unit is missing or failed in the\n"
      "candidate. Exit 0 when every check passes, 2 on bad input.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")
      ("baseline", po::value(&baseline), "reference run file (required)")
      ("candidate", po::value(&candidate), "run file under test (required)")
      ("tolerance", po::value(&tolerance), "METRIC=VALUE[,METRIC=VALUE...]: allowed worsening per metric; a key "
                                           "may be a family (recall covers recall@10, recall@50)")
      ("default-tolerance", po::value(&default_tolerance)->default_value(0),
       "allowed worsening for metrics without a --tolerance key (0: exact reproductions pass, up to 1e-9 "
       "relative float noise; any real drop fails)")
      ("speed-tolerance", po::value(&speed_tolerance),
       "max ratio of median candidate/baseline fit_seconds per variant (not checked unless given)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec gate: " << e.what() << "\n\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (baseline.empty() || candidate.empty()) {
    std::cerr << "simrec gate: --baseline and --candidate are required\n\n" << desc;
    return 2;
  }
  return with_input_errors("gate", [&] {
    results::GateOptions o;
    if (vm.count("tolerance")) o.tolerances = results::parse_tolerances(tolerance);
    o.default_tolerance = default_tolerance;
    if (vm.count("speed-tolerance")) o.speed_tolerance = speed_tolerance;
    const results::Run base = results::read_run(baseline);
    const results::Run cand = results::read_run(candidate);
    const results::GateResult r = results::run_gate(base, cand, o);
    std::cout << results::format_gate(r);
    return r.passed() ? 0 : 1;
  });
}

}  // namespace simrec::app
