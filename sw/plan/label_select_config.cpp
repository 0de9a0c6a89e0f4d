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

uint32_t LabelSelectConfig::level_base(uint32_t l) const {
  uint32_t n = 0;
  for (uint32_t k = 0; k < l; ++k) n += cands(k);
  return n;
}

}  // namespace rebnet
