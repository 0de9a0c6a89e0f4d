#include "plan/label_select_config.h"

#include <string>

#include "contract/error.h"

namespace rebnet {

void LabelSelectConfig::check() const {
  if (Classes < 1 || Classes > (1u << kLabelBits))
    throw Error("label select: Classes = " + std::to_string(Classes) +
                ", expected 1..65536 (the label is 16 bits)");
  if (Pe < 1 || Classes % Pe != 0)
    throw Error("label select: Pe = " + std::to_string(Pe) +
                ", expected a divisor of Classes = " + std::to_string(Classes));
}

}  // namespace rebnet
