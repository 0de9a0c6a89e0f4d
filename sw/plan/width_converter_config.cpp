#include "plan/width_converter_config.h"

#include <string>

#include "contract/error.h"

namespace rebnet {

void WidthConverterConfig::check() const {
  if (InElems < 1 || OutElems < 1 || ElemBits < 1 || VectorElems < 1)
    throw Error("width converter: InElems, OutElems, VectorElems and ElemBits must be at least 1");
  if (VectorElems % InElems != 0)
    throw Error("width converter: VectorElems = " + std::to_string(VectorElems) +
                " is not a multiple of InElems = " + std::to_string(InElems));
}

}  // namespace rebnet
