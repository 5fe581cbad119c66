#pragma once
// Multi-task ranking (SPEC §6; article 001): single_task (the reference: one network per task),
// shared_bottom, mmoe, cgc, ple and mfh — all MultiTaskAlgorithms over a MultiTaskTable. The
// networks are described in networks.hpp, the objective in multitask_loss.hpp, the task weights in
// task_weights.hpp, training in trainer.hpp, score fusion in fusion.hpp.
#include "algorithms/registry.hpp"

namespace simrec::algorithms::multitask {

AlgorithmInfo single_task_info();
AlgorithmInfo shared_bottom_info();
AlgorithmInfo mmoe_info();
AlgorithmInfo cgc_info();
AlgorithmInfo ple_info();
AlgorithmInfo mfh_info();

}  // namespace simrec::algorithms::multitask
