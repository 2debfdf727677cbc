// Hands a family's trainer encoding to the exports (apps/command.hpp).
#include "command.hpp"

namespace skr::app {

TrainerInputs trainer_inputs_of(std::shared_ptr<const Problem> problem) {
  TrainerInputs t;
  t.family = std::string(problem->name());
  for (const auto& [name, values] : problem->trainer_inputs(problem->draw(0)))
    t.channels.push_back(name);
  t.encode = [problem](const Sample& sample) { return problem->trainer_inputs(sample); };
  return t;
}

} // namespace skr::app
