#pragma once
// Multi-scenario ads (SPEC §6 "AdaScene multi-scenario"; article 004): ada_base, aktn (with the
// sparse gating methods kl_topk and dselect as options of both), and the references
// scenario_blind and per_scenario -- all MultiScenarioAlgorithms over datasets::AdSampleTable.
// The network is scenario_net.hpp, the gates scenario_gate.hpp / kl_topk_gate.hpp /
// dselect_gate.hpp, training and the per-scenario loss weights scene_model.hpp, the per-scenario
// reference per_scenario.hpp.
#include "algorithms/registry.hpp"

namespace simrec::algorithms::adascene {

AlgorithmInfo ada_base_info();
AlgorithmInfo aktn_info();
AlgorithmInfo scenario_blind_info();
AlgorithmInfo per_scenario_info();
// Scene aggregation (aggregation/aggregated_model.hpp): rules or gradient affinity + partition, then
// ada_base / aktn on the group keys.
AlgorithmInfo ada_aggregated_info();

}  // namespace simrec::algorithms::adascene
