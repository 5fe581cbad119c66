// wals: implicit-feedback weighted ALS (als_solver.hpp) on the training watch matrix
// (interactions.hpp). Item factors start N(0, init_std^2) (stream "wals/item_init"); each
// iteration solves every user row, then every item row, and logs the objective per user
// ("wals_objective"). Serving scores s(q, j) = x_q . y_j over all videos, exact top-k
// (common/dot_product_top_k.hpp); x_q is folded in from the query's own history by the exact
// user solve against the final Y (fold_in = true: the query's recent watches count, as they do for
// the neural models), or is the trained row of the query's user (zero for unseen users).
#include "algorithms/common/dot_product_top_k.hpp"
#include "algorithms/factorization/als_solver.hpp"
#include "algorithms/factorization/factor_init.hpp"
#include "algorithms/factorization/factorization.hpp"
#include "algorithms/factorization/interactions.hpp"

namespace simrec::algorithms::factorization {

namespace {

class Wals : public RetrievalAlgorithm {
 public:
  explicit Wals(const OptionValues& o)
      : factors_(std::size_t(o.get_int("factors"))),
        iterations_(o.get_int("iterations")),
        init_std_(o.get_real("init_std")),
        fold_in_(o.get_bool("fold_in")) {
    options_.alpha = o.get_real("alpha");
    options_.reg = o.get_real("reg");
    options_.solver = o.get_text("solver") == "cg" ? AlsSolver::ConjugateGradient : AlsSolver::Cholesky;
    options_.cg_steps = int(o.get_int("cg_steps"));
    options_.frequency_scaled_reg = o.get_text("reg_scaling") == "frequency";
  }

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    data_ = build_interactions(train.retrieval_train, train.video_buckets - 1);
    items_ = random_factors(data_.num_items, factors_, init_std_, train.seed, "wals/item_init");
    users_ = Factors(data_.user_ids.size(), factors_);
    for (std::int64_t it = 1; it <= iterations_; ++it) {
      als_sweep(data_.by_user, items_, users_, options_);
      als_sweep(data_.by_item, users_, items_, options_);
      const double objective = als_objective(data_.by_user, users_, items_, options_);
      log.log(it, "wals_objective", objective / double(std::max<std::size_t>(1, users_.rows)));
      log.progress(double(it) / double(iterations_));
    }
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    const nn::Tensor items = to_tensor(items_, 0, items_.rows);
    const Factors query_vectors = fold_in_ ? fold_in(q) : lookup(q);
    dot_product_top_k([&](std::size_t first, std::size_t count) { return to_tensor(query_vectors, first, count); }, q.size(),
                      items, nn::Tensor(), k, history_exclusion(q, exclude_history), out);
  }

 private:
  Factors fold_in(const datasets::RetrievalSamples& q) const {
    Factors x(q.size(), factors_);
    const std::vector<double> G = gram(items_);
    AlsOptions exact = options_;
    exact.solver = AlsSolver::Cholesky;
    const std::int64_t n = std::int64_t(q.size());
#pragma omp parallel for schedule(dynamic, 16)
    for (std::int64_t r = 0; r < n; ++r) {
      std::vector<std::uint32_t> cols;
      std::vector<float> counts;
      count_items(q.history_of(std::size_t(r)), items_.rows, cols, counts);
      solve_row(G, items_, cols, counts, exact, x.row(std::size_t(r)));
    }
    return x;
  }

  Factors lookup(const datasets::RetrievalSamples& q) const {
    Factors x(q.size(), factors_);
    for (std::size_t r = 0; r < q.size(); ++r)
      if (const std::int64_t u = data_.user_index(q.user_id[r]); u >= 0)
        std::copy(users_.row(std::size_t(u)), users_.row(std::size_t(u)) + factors_, x.row(r));
    return x;
  }

  static nn::Tensor to_tensor(const Factors& f, std::size_t first, std::size_t count) {
    nn::Tensor t = nn::Tensor::empty({std::int64_t(count), std::int64_t(f.k)});
    float* out = t.data<float>();
    for (std::size_t i = 0; i < count * f.k; ++i) out[i] = float(f.values[first * f.k + i]);
    return t;
  }

  std::size_t factors_;
  std::int64_t iterations_;
  double init_std_;
  bool fold_in_;
  AlsOptions options_;
  Interactions data_;
  Factors users_, items_;
};

}  // namespace

AlgorithmInfo wals_info() {
  return {"wals", Task::Retrieval, "implicit-feedback weighted ALS (confidence 1 + alpha x count), dot-product retrieval",
          {int_option("factors", 32, 1, 1024, "latent dimension k"),
           int_option("iterations", 10, 1, 1000, "alternating sweeps (users then items)"),
           real_option("alpha", 10, 0, 1e6, "confidence weight: c = 1 + alpha x watch count"),
           real_option("reg", 0.1, 1e-9, 1e6, "L2 regularisation of user and item factors"),
           choice_option("reg_scaling", "constant", {"constant", "frequency"},
                         "constant: reg for every row; frequency: reg x the row's number of distinct watched videos (users) or "
                         "watchers (videos), the weighted-lambda rule of ALS-WR"),
           choice_option("solver", "cholesky", {"cholesky", "cg"}, "per-row solve: exact Cholesky or warm-started conjugate gradient"),
           int_option("cg_steps", 3, 1, 1000, "conjugate-gradient steps per row and sweep (solver = cg)"),
           real_option("init_std", 0.01, 1e-9, 10, "standard deviation of the initial item factors (> 0: all-zero factors stay zero)"),
           bool_option("fold_in", true, "query vectors solved from the query's own history (else the trained user row)")},
          [](const OptionValues& o) { return std::make_unique<Wals>(o); }};
}

}  // namespace simrec::algorithms::factorization
