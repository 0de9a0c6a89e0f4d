// libFuzzer target for the IDX reader (sw/data/idx.cpp).
//
// One input holds an image file and a label file (layout in fuzz_inputs.h);
// the target may gzip either, and cut the gzip stream short, before handing
// both to load_idx through in-memory files (memfd, opened by path as
// /proc/self/fd/N). A rebnet::Error is the expected outcome for a bad pair; any
// other exception, crash or sanitizer report is a bug. For an accepted pair the
// target checks the result against the bytes it wrote.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "contract/error.h"
#include "data/idx.h"
#include "fuzz_inputs.h"

namespace {

using namespace rebnet;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_idx: %s\n", what);
  std::abort();
}

// An anonymous in-memory file holding `bytes`, closed on destruction.
class MemFile {
 public:
  MemFile(const char* name, const std::vector<uint8_t>& bytes) {
    fd_ = memfd_create(name, MFD_CLOEXEC);
    if (fd_ < 0) fail("memfd_create failed");
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) fail("write to memfd failed");
      done += static_cast<size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemFile() { close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

std::vector<uint8_t> file_bytes(const std::vector<uint8_t>& plain, bool gz, uint8_t flags) {
  if (!gz) return plain;
  std::vector<uint8_t> packed = fuzz::gzip(plain);
  packed.resize(packed.size() - std::min(packed.size(), fuzz::gzip_cut(flags)));
  return packed;
}

uint32_t big_endian32(const std::vector<uint8_t>& b, size_t at) {
  return uint32_t{b[at]} << 24 | uint32_t{b[at + 1]} << 16 | uint32_t{b[at + 2]} << 8 | b[at + 3];
}

// An accepted pair: what load_idx returned must be what the files say.
void check_result(const fuzz::IdxInput& in, const Dataset& d) {
  // Compared with the plain bytes even when the target gzipped and cut them:
  // a cut inside the 8-byte gzip trailer may be accepted (zlib does not notice
  // it), but only when every data byte arrived.
  const bool plain_images = in.images.size() >= 16 && big_endian32(in.images, 0) == 0x803;
  const bool plain_labels = in.labels.size() >= 8 && big_endian32(in.labels, 0) == 0x801;
  if (!plain_images || !plain_labels) return;  // a gzip file inside the input: not decoded here
  const uint64_t count = big_endian32(in.images, 4);
  const uint64_t rows = big_endian32(in.images, 8), cols = big_endian32(in.images, 12);
  const uint64_t keep = in.limit > 0 ? std::min<uint64_t>(in.limit, count) : count;
  if (d.rows != rows || d.cols != cols) fail("rows/cols differ from the header");
  if (d.count() != keep || d.images.size() != keep * rows * cols) fail("wrong image count");
  if (in.images.size() != 16 + count * rows * cols) fail("accepted an image file of wrong size");
  if (in.labels.size() != 8 + count) fail("accepted a label file of wrong size");
  if (!std::equal(d.images.begin(), d.images.end(), in.images.begin() + 16))
    fail("pixels differ from the file");
  if (!std::equal(d.labels.begin(), d.labels.end(), in.labels.begin() + 8))
    fail("labels differ from the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < fuzz::kIdxPrefixBytes) return 0;
  const fuzz::IdxInput in = fuzz::split_idx_input(data, size);
  const MemFile images("images", file_bytes(in.images, in.flags & fuzz::kGzipImages, in.flags));
  const MemFile labels("labels", file_bytes(in.labels, in.flags & fuzz::kGzipLabels, in.flags));
  Dataset d;
  try {
    d = load_idx(images.path(), labels.path(), in.limit);
  } catch (const Error&) {
    return 0;
  }
  check_result(in, d);
  try {
    check_labels(d, 10);
  } catch (const Error&) {
  }
  return 0;
}
