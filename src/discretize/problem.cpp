#include "discretize/problem.hpp"

#include "util/error.hpp"

namespace skr {

std::vector<double> Problem::features(const Sample& sample) const {
  std::vector<double> f;
  for (const auto& [name, values] : sample.fields) f.insert(f.end(), values.begin(), values.end());
  for (const auto& [name, value] : sample.scalars) f.push_back(value);
  return f;
}

Fields single_field(std::string name, std::vector<double> values) {
  Fields fields;
  fields.emplace(std::move(name), std::move(values));
  return fields;
}

void Problem::assemble(const Sample& sample, Mat A, Vec b) const {
  const auto values = system_values(sample, owned_box_of(b), A != nullptr);
  if (!values)
    fail("{}: the family fills its system with neither assemble nor system_values", name());
  set_system_values(*values, A, b);
}

Fields Problem::outputs(const Sample&, std::vector<double> x) const {
  return single_field("solution", std::move(x));
}

bool pc_applies(const Problem& problem, const std::string& pc) {
  return problem.symmetric() || (pc != "icc" && pc != "cholesky");
}

void check_pc_applies(const Problem& problem, const std::string& pc) {
  if (!pc_applies(problem, pc))
    fail("--pc {}: needs symmetric systems, and {}'s are not (use ilu or lu)", pc, problem.name());
}

Fields broadcast_inputs(const Sample& sample, std::size_t points) {
  Fields channels = sample.fields;
  for (const auto& [name, value] : sample.scalars)
    channels[name] = std::vector<double>(points, value);
  return channels;
}

Fields Problem::trainer_inputs(const Sample& sample) const {
  return broadcast_inputs(sample, grid().points());
}

std::vector<double> Problem::solution(const Fields& outputs) const {
  return outputs.at("solution");
}

} // namespace skr
