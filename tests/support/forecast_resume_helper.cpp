// Helper program for the forecaster's checkpoint round trip (tests/forecast/forecaster_test.cpp):
//   forecast_resume_helper offline  DIR EPOCHS      fit on days [0, 150) and save into DIR
//   forecast_resume_helper online   DIR DAYS        a fresh process: DAYS online days from DIR only
//   forecast_resume_helper straight DIR EPOCHS DAYS fit + DAYS online days in memory, then save
// Exit code 0 on success; errors go to stderr with exit code 1.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "algorithms/forecast/lstm_forecaster.hpp"
#include "datasets/inventory_series.hpp"
#include "sim/inventory/generator.hpp"

using namespace simrec;

int main(int argc, char** argv) {
  try {
    if (argc < 4) {
      std::fprintf(stderr, "usage: %s offline|online|straight DIR N [M]\n", argv[0]);
      return 1;
    }
    const std::string mode = argv[1], dir = argv[2];
    const int n = std::atoi(argv[3]), m = argc > 4 ? std::atoi(argv[4]) : 0;
    sim::InventoryConfig c;
    c.num_days = 200;
    c.num_regions = 3;
    c.num_age_buckets = 2;
    c.num_genders = 2;
    c.num_member_levels = 2;
    c.max_cross_dims = 2;
    const sim::InventoryWorld world = sim::generate_inventory_world(c, 5);
    const datasets::InventorySeries full = datasets::inventory_series_from_world(world, 200, 30);
    const std::size_t t0 = 150;
    algorithms::forecast::LstmForecastOptions o;
    o.hidden_size = 8;
    o.embedding_dim = 2;
    o.max_epochs = mode == "online" ? 1 : n;
    o.patience = 0;
    o.epoch_windows = 64;
    o.batch_size = 16;
    o.checkpoint_dir = dir;
    o.online_checkpoint = mode != "straight";
    algorithms::forecast::LstmForecaster f(o);
    algorithms::NullLogger log;
    const datasets::InventorySeries history = datasets::history_until(full, t0);
    if (mode == "offline" || mode == "straight") f.fit({history, 42}, log);
    const int days = mode == "online" ? n : m;
    if (mode != "offline")
      for (int d = 1; d <= days; ++d) f.observe_day(datasets::history_until(full, t0 + std::size_t(d)), log);
    if (mode == "straight") f.save_checkpoint();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forecast_resume_helper: %s\n", e.what());
    return 1;
  }
}
