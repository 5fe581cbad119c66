// Metric direction by family name, "@K" parsing, and unknown names flagged.
#include <catch2/catch.hpp>

#include "results/metric_direction.hpp"

using namespace simrec::results;

TEST_CASE("metric direction: @K suffixes are parsed", "[results][direction]") {
  const auto r = parse_metric_name("recall@10");
  CHECK(r.family == "recall");
  REQUIRE(r.k.has_value());
  CHECK(*r.k == 10);
  CHECK_FALSE(parse_metric_name("auc").k.has_value());
  CHECK(parse_metric_name("ndcg@x").family == "ndcg@x");
  CHECK(parse_metric_name("map@").family == "map@");
}

TEST_CASE("metric direction: families, suffix rules and unknown names", "[results][direction]") {
  for (const char* m : {"auc", "gauc", "recall@10", "precision@5", "map@50", "ndcg@100", "hit_rate@10", "accuracy",
                        "adjusted_rand_index", "samples_per_second", "head_auc", "watch_seconds_per_user", "fluency_score",
                        "quality_score", "fluency_pass", "true_ctr", "true_fluency", "distinct_2", "data_auc_quality",
                        "ari_hidden_groups_rows_z", "true_fluent_share_ended", "fluency_score_ended", "fluency_pass_ended",
                        "online_completion", "online_ctr", "online_distinct_topics_per_page", "scenario_auc_mean:tail",
                        "oracle_scenario_auc_mean", "oracle_gauc:head"}) {
    INFO(m);
    CHECK(metric_direction(m).known);
    CHECK(metric_direction(m).higher_is_better());
  }
  for (const char* m : {"log_loss", "mse", "mae", "wmape", "smape", "weighted_per_user_loss", "loss", "fit_seconds",
                        "predict_seconds", "train_loss", "peak_rss_bytes", "wmape_holiday", "wmape_dims_2", "wmape_group_0",
                        "wmape_mean_cross", "ari_hidden_groups_perm_p", "truncated_share", "open_domain_share", "open_domain_mass", "open_text_nll", "online_clickbait_share", "oracle_log_loss",
                        "oracle_watch_weighted_per_user_loss"}) {
    INFO(m);
    CHECK(metric_direction(m).known);
    CHECK_FALSE(metric_direction(m).higher_is_better());
  }
  // Descriptive: facts of the data, chance levels, what an output looks like.
  for (const char* m : {"data_rows", "data_sft_nll", "data_preference_pairs", "mean_length", "popularity_rank@10",
                        "fresh_share@10", "num_groups", "affinity_edges", "ari_hidden_groups_chance", "stop_log_ratio_at_ends", "title_nll"}) {
    INFO(m);
    CHECK(metric_direction(m).known);
    CHECK(metric_direction(m).descriptive());
    CHECK_FALSE(metric_direction(m).higher_is_better());
    CHECK(metric_direction(m).worsening(-0.5) == 0.5);
    CHECK(metric_direction(m).worsening(0.5) == 0.5);
  }
  CHECK(describe(metric_direction("mean_length")) == "descriptive: no better direction");
  CHECK(metric_direction("data_auc_quality").higher_is_better());  // an evaluator's AUC, not a data fact
  CHECK(metric_direction("ari_hidden_groups").higher_is_better());
  CHECK(metric_direction("ari_hidden_groups_rows").higher_is_better());
  CHECK(metric_direction("auc").worsening(-0.5) == 0.5);
  CHECK(metric_direction("log_loss").worsening(-0.5) == -0.5);
  const auto u = metric_direction("frobnication");
  CHECK_FALSE(u.known);
  CHECK(u.higher_is_better());
  CHECK(describe(u).find("unknown direction") != std::string::npos);
  CHECK(describe(metric_direction("mse")) == "lower is better");
}
