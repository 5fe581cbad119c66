#include "nn/losses/reduction.hpp"

#include "nn/ops/reduce.hpp"

namespace simrec::nn {

const char* reduction_name(Reduction r) {
  switch (r) {
    case Reduction::Mean: return "mean";
    case Reduction::Sum: return "sum";
    case Reduction::None: return "none";
  }
  return "?";
}

Tensor reduce_loss(const Tensor& per_element, Reduction r) {
  switch (r) {
    case Reduction::Mean: return mean_all(per_element);
    case Reduction::Sum: return sum_all(per_element);
    case Reduction::None: return per_element;
  }
  return per_element;
}

}  // namespace simrec::nn
