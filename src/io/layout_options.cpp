#include "io/layout_options.hpp"

#include "util/error.hpp"

namespace skr {

po::options_description layout_options(bool with_layout, bool with_split) {
  po::options_description desc("layout and storage options");
  if (with_layout)
    add_option(desc, "layout", "native", "native | pdebench | fno | neuralop | well");
  add_option(desc, "compression", "gzip:4", "gzip:N (N = 0..9) or none");
  add_option(desc, "shuffle", "true", "byte-shuffle filter before gzip: true | false");
  add_option(desc, "chunk", "sample",
             "sample (one chunk per sample) | auto (about 1 MiB chunks of whole samples)");
  add_option(desc, "stride", "1",
             "keep every s-th cell per axis and its coordinate (FNO: 421 -> 85 with 5)");
  if (with_split)
    desc.add_options()("split", po::value<std::string>()->default_value(""),
                       "write parts, e.g. train=0.8,valid=0.1,test=0.1 (OUT_train.ext, ...)");
  desc.add_options()("input-field", po::value<std::string>()->default_value(""),
                     "write this native input field alone as the input (default: the family's trainer "
                     "channels)")(
      "output-field", po::value<std::string>()->default_value(""),
      "output field of single-output layouts (default: solution)")("overwrite", po::bool_switch(),
                                                                   "replace existing outputs");
  return desc;
}

ConvertOptions layout_settings(const po::variables_map& vm) {
  ConvertOptions o;
  if (vm.count("layout")) o.layout = parse_layout(get_string(vm, "layout"));
  o.storage.gzip_level = parse_compression(get_string(vm, "compression"));
  o.storage.shuffle = get_bool(vm, "shuffle");
  const std::string chunk = get_string(vm, "chunk");
  if (chunk != "sample" && chunk != "auto") fail("--chunk: '{}' is not sample or auto", chunk);
  o.chunk_per_sample = chunk == "sample";
  o.stride = get_int_as<int>(vm, "stride", 1);
  if (vm.count("split") && !vm["split"].as<std::string>().empty())
    o.split = parse_split(vm["split"].as<std::string>());
  o.input_field = vm["input-field"].as<std::string>();
  o.output_field = vm["output-field"].as<std::string>();
  o.overwrite = vm["overwrite"].as<bool>();
  return o;
}

std::string human_bytes(std::uintmax_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = double(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, units[u]);
}

} // namespace skr
