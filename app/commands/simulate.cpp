// simrec simulate SCENARIO --seed S --out FILE: generates the scenario's world and datasets for one
// seed and writes them to HDF5 (the dataset cache format; readable by h5py) for use outside simrec.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "app/commands/command.hpp"
#include "datasets/hdf5_cache.hpp"
#include "scenarios/scenario.hpp"
#include "sim/world/world.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int simulate_command(const Args& args) {
  std::string scenario_path, out, scale = "default";
  std::int64_t seed = 1;
  std::vector<std::string> sets;
  po::options_description desc("simrec simulate SCENARIO.ini --out FILE [options]");
  desc.add_options()("help,h", "show this help")
      ("out,o", po::value(&out), "HDF5 file to write")
      ("seed", po::value(&seed)->default_value(seed), "world seed (>= 0)")
      ("scale", po::value(&scale)->default_value(scale), "smoke, default or paper")
      ("set", po::value(&sets)->composing(), "override a scenario key (repeatable)")
      ("force", "overwrite an existing file");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec simulate: " << e.what() << "\n\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (scenario_path.empty() || out.empty() || seed < 0) {
    std::cerr << "simrec simulate: need SCENARIO.ini, --out FILE and a seed >= 0\n\n" << desc;
    return 2;
  }
  if (std::filesystem::exists(out) && !vm.count("force")) {
    std::cerr << "simrec simulate: '" << out << "' exists; pass --force to overwrite it\n";
    return 2;
  }
  scenarios::Scenario sc;
  try {
    sc = scenarios::load_scenario(scenario_path, sets, scale);
  } catch (const scenarios::ScenarioError& e) {
    std::cerr << "simrec simulate: " << e.what() << "\n";
    return 2;
  }
  const sim::World world(sc.world, std::uint64_t(seed));
  const auto data = datasets::build_video_datasets(world, sc.data);
  datasets::save_video_datasets(data, out);
  std::cout << "wrote " << out << ": " << data.retrieval_train.size() << " retrieval and " << data.ranking_train.size()
            << " ranking training rows; event stream hash " << std::hex << data.event_stream_hash << std::dec << "\n";
  return 0;
}

}  // namespace simrec::app
