#pragma once
// The interface every PDE family implements. A family draws the random
// parameters of one instance from a seed, turns them into the features used
// for sorting, assembles the discretized system A x = b, and names the
// fields that go into the dataset. Families live in problems/<name>.cpp and
// are listed in problems/registry.cpp (one line each); the rest of skr-gen
// finds them through discretize/problem_registry.hpp.
#include "discretize/grid.hpp"
#include "discretize/system_values.hpp"
#include "util/option_table.hpp"
#include "util/options.hpp"

#include <petscmat.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace skr {

class Problem;
// Throws a one-line error when preconditioner `pc` cannot work on `problem`'s
// systems (ICC and Cholesky on a non-symmetric family: PETSc's ICC then
// shifts its pivots without end).
void check_pc_applies(const Problem& problem, const std::string& pc);
// The same as a test: false where check_pc_applies would throw.
bool pc_applies(const Problem& problem, const std::string& pc);

// The random parameters of one instance, which is everything needed to
// rebuild its system: fields on the grid and scalars.
struct Sample {
  Sample() = default;
  explicit Sample(std::uint64_t seed) : seed(seed) {}

  std::uint64_t seed = 0;
  std::map<std::string, std::vector<double>> fields;
  std::map<std::string, double> scalars;
};

using Fields = std::map<std::string, std::vector<double>>;
// Fields holding `values` alone under `name`, moved in (a braced list would
// copy them: a trajectory's are megabytes).
Fields single_field(std::string name, std::vector<double> values);

class Problem {
public:
  virtual ~Problem() = default;

  virtual std::string_view name() const = 0;
  virtual const Grid& grid() const = 0;
  // True when every system of the family is symmetric positive definite.
  virtual bool spd() const { return false; }
  // True when every system is symmetric (SPD or not): ICC and Cholesky need it.
  virtual bool symmetric() const { return spd(); }
  // True for families whose samples are trajectories (discretize/time_problem.hpp).
  virtual bool is_time_dependent() const { return false; }

  virtual Sample draw(std::uint64_t seed) const = 0;

  // The vector that sorting compares: by default every input field, then
  // every scalar, concatenated.
  virtual std::vector<double> features(const Sample& sample) const;

  // Creates A with the nonzero pattern shared by all samples, and b, on comm.
  virtual void create_system(MPI_Comm comm, Mat* A, Vec* b) const = 0;
  // Fills A and b for one sample (same pattern every time); a null A fills b
  // alone, for a sample whose operator_is_fixed. By default sets
  // system_values' (a family overrides one of the two).
  virtual void assemble(const Sample& sample, Mat A, Vec b) const;
  // A family whose assembly is values set into create_dmda_system's A and b
  // returns them here for the cells of `box` (the operator's entries only
  // `with_operator`), computed without PETSc and thread-safe, so that the
  // pipeline computes the next sample's while this one solves. nullopt (the
  // default): assemble() alone fills the system.
  virtual std::optional<SystemValues>
  system_values(const Sample& /*sample*/, const OwnedBox& /*box*/, bool /*with_operator*/) const {
    return std::nullopt;
  }
  // True when the sample's operator is the family's fixed one, the same for
  // every such sample: only b needs filling, and whatever a solver built
  // for the operator stays valid.
  virtual bool operator_is_fixed(const Sample& /*sample*/) const { return false; }

  // What the dataset stores under /outputs for solution x (storage order);
  // x by value, so that a family storing x as it is moves it, not copies it.
  virtual Fields outputs(const Sample& sample, std::vector<double> x) const;
  // The solution x (storage order) back from stored outputs that hold one,
  // for checking its residual.
  virtual std::vector<double> solution(const Fields& outputs) const;

  // The input tensor trainers see, one channel per entry (stacked in name
  // order): it must determine the solution and hold finite numbers only.
  // The exports of single- and multi-channel layouts write these channels.
  // Default: broadcast_inputs (every input field, every scalar as a constant
  // channel); boundary data and masks need their own encoding.
  virtual Fields trainer_inputs(const Sample& sample) const;
};

// Every input field as it is, then every input scalar as a constant channel
// over `points` cells (name order, the generic trainer encoding).
Fields broadcast_inputs(const Sample& sample, std::size_t points);

// One registry entry: how to list, configure and build a family.
struct ProblemFamily {
  std::string name;
  std::string summary;
  std::function<po::options_description()> options;
  std::function<std::unique_ptr<Problem>(const po::variables_map&)> make;
  // --grid when the user gives none (the family's natural size).
  std::string default_grid = "64";
  // What Problem::trainer_inputs stacks, for `skr-gen problems NAME`.
  std::string trainer_inputs = "every input field, then every input scalar as a constant channel";
};

// A family that holds its parameters P (read by its option table) as p_ and
// answers grid() from them, so that a family writes only what is its own.
template <class P, class Interface = Problem> class FamilyWith : public Interface {
public:
  explicit FamilyWith(P p) : p_(std::move(p)) {}
  const Grid& grid() const override { return p_.grid; }

protected:
  P p_;
};

// The family whose options are one table of rows (util/option_table.hpp,
// titled "<name> options") and whose problem is a Family made from the
// parameters P the rows read.
template <class Family, class P>
ProblemFamily table_family(std::vector<OptionRow<P>> rows, std::string name, std::string summary,
                           std::string default_grid, std::string trainer_inputs) {
  auto shared = std::make_shared<const OptionTable<P>>(name + " options", std::move(rows));
  return {std::move(name),
          std::move(summary),
          [shared] { return shared->options(); },
          [shared](const po::variables_map& vm) -> std::unique_ptr<Problem> {
            return std::make_unique<Family>(shared->read(vm));
          },
          std::move(default_grid),
          std::move(trainer_inputs)};
}

} // namespace skr
