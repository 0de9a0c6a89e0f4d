// VerilatedTwin<V>: RtlTwin (rtl_twin.h) over a `verilator --sc` model V of
// rebnet_network. Header-only: it is compiled where the Verilated model is, in
// a test executable or in the plugin rtl_twin_plugin.cpp, never in the
// rebnet_testbench library (which sees no Verilator header).
//
// The internal streams are found by name at run time through Verilator's scope
// table (every /*verilator public_flat_rd*/ signal of the top module is there),
// so one source serves every network; the views point straight at the model's
// storage, so reading them costs nothing per cycle.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "rtl_twin.h"
#include "verilated.h"
#include "verilated_fst_sc.h"
#include "verilated_sym_props.h"

namespace rebnet::tb {

template <class V>
class VerilatedTwin final : public RtlTwin {
  template <class P>
  using data_of = typename std::remove_reference_t<P>::data_type;
  using InT = data_of<decltype(std::declval<V&>().in_data_i)>;
  using OutT = data_of<decltype(std::declval<V&>().out_data_o)>;

 public:
  // `top`: the top module's name (its scope is <name>.<top>).
  VerilatedTwin(const char* name, const RtlInputs& in, std::string top = "rebnet_network")
      : in_data_("rtl_in_data_i"),
        in_ready_("rtl_in_ready_o", false),
        out_valid_("rtl_out_valid_o", false),
        out_data_("rtl_out_data_o"),
        top_(std::move(top)) {
    if (in.trace_ever_on) Verilated::traceEverOn(true);
    model_ = std::make_unique<V>(name);
    model_->clk_i(*in.clk);
    model_->rst_ni(*in.rst_n);
    model_->levels_i(*in.levels);
    model_->in_valid_i(*in.in_valid);
    model_->in_ready_o(in_ready_);
    model_->in_data_i(in_data_);
    model_->out_valid_o(out_valid_);
    model_->out_ready_i(*in.out_ready);
    model_->out_data_o(out_data_);
    out_words_.assign((capacity<OutT>() + 31) / 32, 0);
  }
  ~VerilatedTwin() override { close_trace(); }

  sc_core::sc_module& module() override { return *model_; }
  uint32_t in_bits() const override { return capacity<InT>(); }
  uint32_t out_bits() const override { return capacity<OutT>(); }

  void write_in_data(const uint64_t* words) override {
    if constexpr (std::is_same_v<InT, bool>) {
      in_data_.write(words[0] & 1);
    } else if constexpr (std::is_integral_v<InT>) {
      in_data_.write(static_cast<InT>(words[0]));
    } else {
      InT v;
      for (int i = 0; i < static_cast<int>((capacity<InT>() + 31) / 32); ++i)
        v.set_word(i, static_cast<sc_dt::sc_digit>(words[i / 2] >> (32 * (i % 2))));
      in_data_.write(v);
    }
  }

  void sample() override {
    in_ready_byte_ = in_ready_.read();
    out_valid_byte_ = out_valid_.read();
    const OutT& v = out_data_.read();
    if constexpr (std::is_integral_v<OutT>) {
      const uint64_t x = static_cast<uint64_t>(v);
      out_words_[0] = static_cast<uint32_t>(x);
      if (out_words_.size() > 1) out_words_[1] = static_cast<uint32_t>(x >> 32);
    } else {
      for (size_t i = 0; i < out_words_.size(); ++i) out_words_[i] = v.get_word(static_cast<int>(i));
    }
  }
  RawSignal in_ready() const override { return {&in_ready_byte_, RawKind::U8, 1}; }
  RawSignal out_valid() const override { return {&out_valid_byte_, RawKind::U8, 1}; }
  RawSignal out_data() const override {
    return {out_words_.data(), RawKind::Wide, capacity<OutT>()};
  }

  bool find(const std::string& name, RawSignal& out) const override {
    const std::string scope_name = std::string(model_->hierName()) + "." + top_;
    const VerilatedScope* scope = Verilated::threadContextp()->scopeFind(scope_name.c_str());
    if (!scope) return false;
    const VerilatedVar* var = scope->varFind(name.c_str());
    if (!var || var->udims() != 0) return false;
    out.data = var->datap();
    out.width = static_cast<uint32_t>(var->packed().elements());
    switch (var->vltype()) {
      case VLVT_UINT8: out.kind = RawKind::U8; break;
      case VLVT_UINT16: out.kind = RawKind::U16; break;
      case VLVT_UINT32: out.kind = RawKind::U32; break;
      case VLVT_UINT64: out.kind = RawKind::U64; break;
      case VLVT_WDATA: out.kind = RawKind::Wide; break;
      default: return false;
    }
    return true;
  }

  void open_trace(const std::string& path) override {
#if VM_TRACE
    close_trace();
    fst_ = new VerilatedFstSc;  // registered with the kernel, which keeps the pointer
    model_->trace(fst_, 99);
    fst_->open(path.c_str());
#else
    (void)path;
    throw std::runtime_error("the Verilated model was built without --trace-fst");
#endif
  }
  void close_trace() override {
#if VM_TRACE
    if (!fst_) return;
    fst_->close();
    // VerilatedFstSc registers itself with the kernel but never unregisters, and
    // its sc_trace_file base is private: a C-style cast reaches it.
    sc_core::sc_get_curr_simcontext()->remove_trace_file((sc_core::sc_trace_file*)fst_);
    delete fst_;
    fst_ = nullptr;
#endif
  }
  void final() override { model_->final(); }

 private:
  template <class T>
  struct bv_width;
  template <int W>
  struct bv_width<sc_dt::sc_bv<W>> {
    static constexpr uint32_t value = W;
  };
  template <class T>
  static constexpr uint32_t capacity() {
    if constexpr (std::is_same_v<T, bool>) return 1;
    else if constexpr (std::is_integral_v<T>) return 8 * sizeof(T);
    else return bv_width<T>::value;
  }

  sc_core::sc_signal<InT> in_data_;
  sc_core::sc_signal<bool> in_ready_;
  sc_core::sc_signal<bool> out_valid_;
  sc_core::sc_signal<OutT> out_data_;
  std::string top_;
  std::unique_ptr<V> model_;
  uint8_t in_ready_byte_ = 0, out_valid_byte_ = 0;
  std::vector<uint32_t> out_words_;
#if VM_TRACE
  VerilatedFstSc* fst_ = nullptr;
#endif
};

// Defines the plugin entry point rebnet_make_rtl_twin for model V (one per binary).
#define REBNET_RTL_TWIN_PLUGIN(V)                                                      \
  extern "C" rebnet::tb::RtlTwin* rebnet_make_rtl_twin(int abi, const char* name,      \
                                                       const rebnet::tb::RtlInputs& in) { \
    if (abi != rebnet::tb::kRtlTwinAbi) return nullptr;                                 \
    return new rebnet::tb::VerilatedTwin<V>(name, in);                                 \
  }

}  // namespace rebnet::tb
