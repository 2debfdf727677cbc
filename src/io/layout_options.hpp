#pragma once
// The command-line options of the layout exports, shared by convert, merge
// (and generate --layout): declared once, parsed into ConvertOptions with
// one-line errors naming the option.
#include "io/layouts.hpp"
#include "util/options.hpp"

namespace skr {

// --layout --compression --shuffle --chunk --stride --split --input-field
// --output-field --overwrite (with_layout / with_split: include those two).
po::options_description layout_options(bool with_layout = true, bool with_split = true);
ConvertOptions layout_settings(const po::variables_map& vm);

// "1.2 MB" style sizes for reports.
std::string human_bytes(std::uintmax_t bytes);

} // namespace skr
