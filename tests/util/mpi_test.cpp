#include <doctest/doctest.h>

#include "util/mpi.hpp"

#include <cstdlib>
#include <optional>
#include <string>

namespace {

// Sets (or unsets) an environment variable for one test, restoring it after.
class ScopedVariable {
public:
  ScopedVariable(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedVariable() { old_ ? setenv(name_, old_->c_str(), 1) : unsetenv(name_); }

private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "(unset)";
}

} // namespace

TEST_CASE("a process started without a launcher asks Open MPI for a quick singleton") {
  ScopedVariable isolated("OMPI_MCA_ess_singleton_isolated", nullptr), pml("OMPI_MCA_pml", nullptr);
  ScopedVariable session_dirs("OMPI_MCA_orte_create_session_dirs", nullptr);
  ScopedVariable mpirun("OMPI_COMM_WORLD_SIZE", nullptr), pmix("PMIX_RANK", nullptr);
  ScopedVariable pmi("PMI_RANK", nullptr), pmi_size("PMI_SIZE", nullptr);
  SUBCASE("not launched: all three parameters set") {
    skr::prepare_singleton_start();
    CHECK(variable("OMPI_MCA_ess_singleton_isolated") == "1");
    CHECK(variable("OMPI_MCA_pml") == "ob1");
    CHECK(variable("OMPI_MCA_orte_create_session_dirs") == "0");
  }
  SUBCASE("the user's setting wins") {
    ScopedVariable users("OMPI_MCA_pml", "ucx");
    skr::prepare_singleton_start();
    CHECK(variable("OMPI_MCA_pml") == "ucx");
    CHECK(variable("OMPI_MCA_ess_singleton_isolated") == "1");
  }
  SUBCASE("a singleton the user made not isolated keeps its session directory") {
    ScopedVariable users("OMPI_MCA_ess_singleton_isolated", "0");
    skr::prepare_singleton_start();
    CHECK(variable("OMPI_MCA_ess_singleton_isolated") == "0");
    CHECK(variable("OMPI_MCA_orte_create_session_dirs") == "(unset)");
  }
  for (const char* launcher : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    SUBCASE(launcher) { // started by mpirun, srun or mpiexec: left as configured
      ScopedVariable launched(launcher, "2");
      skr::prepare_singleton_start();
      CHECK(variable("OMPI_MCA_ess_singleton_isolated") == "(unset)");
      CHECK(variable("OMPI_MCA_pml") == "(unset)");
      CHECK(variable("OMPI_MCA_orte_create_session_dirs") == "(unset)");
    }
  }
}
