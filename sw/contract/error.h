// One error type for every user-facing failure: its message is a single line
// that names the offending field or file and value, ready to print as is.
#pragma once

#include <stdexcept>
#include <string>

namespace rebnet {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rebnet
