#pragma once
// MovieLens rating files as implicit-feedback retrieval data (issue 5, "real data"): every rating
// is a watch of the movie at its timestamp, whatever its value, so the retrieval algorithms run on
// a real dataset unchanged. The files are not shipped; point a scenario at them with
//   [data] source = movielens:/path/to/u.data      (or .../ratings.dat)
//          protocol = leave_last_out | random_80_10_10
//
// Formats (detected per file from the first data line):
//   u.data       user \t item \t rating \t timestamp          (MovieLens 100K)
//   ratings.dat  user::item::rating::timestamp                (MovieLens 1M / 10M)
// Blank lines are skipped; anything else that does not parse is an error naming file and line.
//
// Protocols, per user, interactions in time order (ties by file order):
//   leave_last_out   the last interaction is the test item, the one before it the validation
//                    item (when data.validation_days > 0), the rest train;
//   random_80_10_10  each interaction independently: train with probability 0.8, validation 0.1,
//                    test 0.1 (stream "datasets/movielens_split" indexed by user, under the seed).
// Users with fewer than data.min_user_interactions training interactions are dropped when
// data.filter_min_user_interactions is on. Tables (datasets/retrieval_samples.hpp):
//   train        up to data.retrieval_samples_per_user training interactions per user as labels
//                (stream "datasets/retrieval_train"), history = the earlier training interactions
//                (label_mode 0) or every other one (label_mode 1), at most data.max_history;
//   validation / test   one row per user: the first held-out item of the split as label, history =
//                the user's training interactions (random protocol) or every earlier
//                interaction (leave-last-out), so the query ranks the whole catalogue minus what
//                the user has already seen (the harness's exclude_history).
// Item vocabulary: training items by count (data.video_vocab_size caps it); no search tokens; the
// demographic columns are 0; example age = (newest training timestamp - t) in days.

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset_config.hpp"
#include "datasets/video_datasets.hpp"

namespace simrec::datasets {

struct Rating {
  std::uint32_t user = 0, item = 0;
  float rating = 0;
  std::int64_t timestamp = 0;  // seconds
};

enum class MovieLensProtocol { LeaveLastOut, Random80_10_10 };

// Throws std::invalid_argument naming the allowed values.
MovieLensProtocol parse_movielens_protocol(const std::string& name);
const char* movielens_protocol_name(MovieLensProtocol p);

// Throws std::runtime_error "<path>:<line>: ..." on an unreadable file or a malformed line.
std::vector<Rating> read_movielens(const std::string& path);

VideoDatasets build_movielens_datasets(const std::vector<Rating>& ratings, const DatasetConfig& config,
                                       MovieLensProtocol protocol, std::uint64_t seed);

}  // namespace simrec::datasets
