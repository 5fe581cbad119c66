#pragma once
// Facts about a multi-task split worth recording with every run, whatever the source: how many
// rows each split has, and per task how many training rows it applies to and its mean label there
// (the positive share of a binary task). A task trained on few rows is where sharing can help
// (and where a per-task comparison is noisiest), so the run file says how few.
//
// Keys added to MultiTaskSplits::stats (recorded as data_<key>):
//   rows_train, rows_validation, rows_test
//   rows_train:<task>        training rows the task applies to (its mask; every row when unmasked)
//   label_mean_train:<task>  mean label over those rows

#include "datasets/multitask_builders.hpp"

namespace simrec::datasets {

void add_split_facts(MultiTaskSplits& splits);

}  // namespace simrec::datasets
