#include "support/torch_crosscheck.hpp"

#include <filesystem>
#include <fstream>

#include "support/npy.hpp"
#include "support/python_runner.hpp"

namespace simrec::testing {

namespace fs = std::filesystem;

namespace {
// The upstream gradient for a case: fixed random values in [0.5, 1.5), float32.
Tensor upstream_for(const Tensor& out) { return random_tensor(out.shape(), 4242, 0.5, 1.5, nn::DType::F32); }
}  // namespace

std::map<std::string, TorchResult> run_torch_cases(const std::vector<TorchCase>& cases,
                                                   std::string& why) {
  std::map<std::string, TorchResult> results;
  if (!python_module_available("torch")) {
    why = "PyTorch is not available under /usr/bin/python3 (install python3-torch via scripts/setup)";
    return results;
  }
  const std::string root = make_temp_dir("simrec_torch_");
  std::ofstream manifest(root + "/manifest.json");
  manifest << "{\"cases\": [\n";
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const TorchCase& c = cases[k];
    const std::string dir = root + "/case" + std::to_string(k);
    fs::create_directories(dir);
    std::string grad_flags;
    bool any_grad = false;
    for (std::size_t i = 0; i < c.inputs.size(); ++i) {
      write_npy(dir + "/in" + std::to_string(i) + ".npy", c.inputs[i]);
      grad_flags += (i ? ", " : "") + std::string(c.inputs[i].requires_grad() ? "true" : "false");
      any_grad = any_grad || c.inputs[i].requires_grad();
    }
    if (any_grad) {
      nn::NoGradGuard no_grad;
      std::vector<Tensor> xs;
      for (const Tensor& t : c.inputs) xs.push_back(t.detach());
      write_npy(dir + "/dout.npy", upstream_for(c.simrec(xs)));
    }
    manifest << "  {\"name\": \"" << c.name << "\", \"op\": \"" << c.op << "\", \"dir\": \"" << dir
             << "\", \"attrs\": " << c.attrs_json << ", \"grad\": [" << grad_flags << "]}"
             << (k + 1 < cases.size() ? ",\n" : "\n");
  }
  manifest << "]}\n";
  manifest.close();

  std::string output;
  const int rc = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_ops.py", root, output);
  if (rc != 0) throw std::runtime_error("torch_ops.py failed (exit " + std::to_string(rc) + "):\n" + output);
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const std::string dir = root + "/case" + std::to_string(k);
    TorchResult r;
    r.out = read_npy(dir + "/out.npy");
    for (std::size_t i = 0; i < cases[k].inputs.size(); ++i) {
      const std::string g = dir + "/grad" + std::to_string(i) + ".npy";
      r.grads.push_back(fs::exists(g) ? read_npy(g) : Tensor());
    }
    results[cases[k].name] = r;
  }
  fs::remove_all(root);
  return results;
}

std::string compare_with_torch(const TorchCase& c, const TorchResult& torch, double rtol,
                               double atol) {
  std::vector<Tensor> xs;
  for (const Tensor& t : c.inputs) {
    Tensor x = t.clone();
    if (t.requires_grad()) x.set_requires_grad(true);
    xs.push_back(x);
  }
  const Tensor out = c.simrec(xs);
  std::string err = compare_tensors(c.name + " output", out, torch.out, rtol, atol);
  if (out.requires_grad()) {
    nn::sum_all(nn::mul(out, upstream_for(out))).backward();
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (xs[i].requires_grad())
        err += compare_tensors(c.name + " grad of input " + std::to_string(i), xs[i].grad(),
                               torch.grads[i], rtol, atol);
  }
  return err;
}

}  // namespace simrec::testing
