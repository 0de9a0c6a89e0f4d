#include "data/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "contract/error.h"
#include "contract/model.h"

namespace rebnet {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr size_t kChunk = size_t{1} << 16;     // read granularity, also the largest header

std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

uint32_t big_endian32(const uint8_t* bytes) {
  return uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 |
         uint32_t{bytes[3]};
}

// Owns a gzFile. gzread passes plain files through unchanged, so one reader
// serves both the .gz and the uncompressed spelling of every file.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) throw Error(path + ": no such file");
    if (fs::is_directory(status)) throw Error(path + ": is a directory, expected an IDX file");
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (!file_)
      throw Error(path + ": cannot open: " + (errno ? std::strerror(errno) : "out of memory"));
  }
  ~Reader() {
    if (file_) gzclose(file_);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::string& path() const { return path_; }

  // Reads up to n <= kChunk bytes; fewer arrive only at the end of the data
  // (gzread loops internally), so a short count means end of file.
  size_t read(uint8_t* data, size_t n) {
    const int got = gzread(file_, data, static_cast<unsigned>(n));
    if (got < 0) throw Error(path_ + ": read error: " + zlib_message());
    return static_cast<size_t>(got);
  }

  // Why the data ended early, if zlib knows (e.g. a truncated .gz), for
  // appending to a message; empty for a clean end of file.
  std::string end_reason() {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code == Z_OK || !message) return "";
    return std::string(" (gzip: ") + message + ")";
  }

 private:
  std::string zlib_message() {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    return message && *message ? message : "zlib error " + std::to_string(code);
  }

  std::string path_;
  gzFile file_ = nullptr;
};

void check_field(const Reader& in, const char* name, uint64_t value, uint64_t lo, uint64_t hi) {
  if (value < lo || value > hi)
    throw Error(in.path() + ": " + name + " = " + std::to_string(value) + ", expected " +
                std::to_string(lo) + ".." + std::to_string(hi));
}

// Reads the big-endian header (magic, then one uint32 per dimension) and
// returns the dimensions. The magic is checked as soon as its 4 bytes are
// there, since a wrong magic explains a short header better than its length.
std::vector<uint32_t> read_header(Reader& in, uint32_t magic, const char* kind) {
  const size_t dims = magic & 0xff;
  const size_t size = 4 + 4 * dims;
  uint8_t bytes[16];
  const size_t got = in.read(bytes, size);
  if (got == 0)
    throw Error(in.path() + ": empty file, expected a " + std::to_string(size) +
                "-byte IDX header" + in.end_reason());
  if (got >= 4 && big_endian32(bytes) != magic)
    throw Error(in.path() + ": magic = " + hex32(big_endian32(bytes)) + ", expected " +
                hex32(magic) + " (unsigned byte " + kind + ", " + std::to_string(dims) +
                (dims == 1 ? " dimension)" : " dimensions)"));
  if (got < size)
    throw Error(in.path() + ": truncated header: holds " + std::to_string(got) + " of its " +
                std::to_string(size) + " bytes" + in.end_reason());
  std::vector<uint32_t> values(dims);
  for (size_t i = 0; i < dims; ++i) values[i] = big_endian32(bytes + 4 + 4 * i);
  return values;
}

// Reads exactly `declared` bytes in chunks and keeps the first `keep` of them.
// Memory grows only as data actually arrives, so a header that lies about its
// size fails on the missing data instead of forcing a huge allocation first.
std::vector<uint8_t> read_body(Reader& in, uint64_t declared, uint64_t keep, const char* what) {
  std::vector<uint8_t> kept;
  std::vector<uint8_t> chunk(kChunk);
  uint64_t done = 0;
  while (done < declared) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, declared - done));
    const size_t got = in.read(chunk.data(), want);
    if (done < keep) {
      const size_t take = static_cast<size_t>(std::min<uint64_t>(got, keep - done));
      kept.insert(kept.end(), chunk.begin(), chunk.begin() + take);
    }
    done += got;
    if (got < want)
      throw Error(in.path() + ": holds " + std::to_string(done) + " of the " +
                  std::to_string(declared) + " " + what + " bytes its header declares" +
                  in.end_reason());
  }
  uint64_t extra = 0;
  for (size_t got; (got = in.read(chunk.data(), kChunk)) > 0;) extra += got;
  if (extra > 0)
    throw Error(in.path() + ": " + std::to_string(extra) + " trailing bytes after the " +
                std::to_string(declared) + " " + what + " bytes its header declares");
  // A .gz cut off just after the last data byte (inside the end of its
  // deflate stream) leaves zlib's error set. A missing 8-byte trailer does
  // not: zlib accepts it silently, but by then every byte has arrived.
  const std::string reason = in.end_reason();
  if (!reason.empty()) throw Error(in.path() + ": corrupt after the data" + reason);
  return kept;
}

// File names a split may have, in order of preference: Fashion-MNIST and
// Debian spell `t10k-images-idx3-ubyte`, the MNIST site `t10k-images.idx3-ubyte`.
std::vector<std::string> spellings(const std::string& prefix, const char* kind, const char* idx) {
  const std::string dash = prefix + "-" + kind + "-" + idx + "-ubyte";
  const std::string dot = prefix + "-" + kind + "." + idx + "-ubyte";
  return {dash, dash + ".gz", dot, dot + ".gz"};
}

std::string find_file(const std::string& dir, const std::string& prefix, const char* kind,
                      const char* idx) {
  const std::vector<std::string> names = spellings(prefix, kind, idx);
  std::string tried;
  for (const std::string& name : names) {
    const fs::path path = fs::path(dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path.string();
    tried += (tried.empty() ? "" : ", ") + name;
  }
  throw Error(dir + ": no " + prefix + " " + kind + " file (looked for " + tried + ")");
}

}  // namespace

Dataset load_idx(const std::string& images_path, const std::string& labels_path,
                 uint64_t limit) {
  Reader images(images_path);
  const std::vector<uint32_t> dims = read_header(images, kImagesMagic, "images");
  check_field(images, "count", dims[0], 1, kIdxMaxCount);
  check_field(images, "rows", dims[1], 1, kMaxDimension);
  check_field(images, "cols", dims[2], 1, kMaxDimension);
  const uint64_t count = dims[0];
  const uint64_t pixels = uint64_t{dims[1]} * dims[2];
  if (count * pixels > kIdxMaxImageBytes)
    throw Error(images_path + ": count * rows * cols = " + std::to_string(count * pixels) +
                " pixel bytes, more than the limit of " + std::to_string(kIdxMaxImageBytes));

  // Check the label header before reading any pixels: a mismatched pair fails fast.
  Reader labels(labels_path);
  const uint32_t label_count = read_header(labels, kLabelsMagic, "labels")[0];
  if (label_count != count)
    throw Error(labels_path + ": count = " + std::to_string(label_count) + " labels, but " +
                images_path + " declares " + std::to_string(count) + " images");

  const uint64_t keep = limit > 0 ? std::min(limit, count) : count;
  Dataset data;
  data.rows = dims[1];
  data.cols = dims[2];
  data.images = read_body(images, count * pixels, keep * pixels, "pixel");
  data.labels = read_body(labels, count, keep, "label");
  return data;
}

Dataset load_split(const std::string& dir, Split split, uint64_t limit) {
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  const std::string wanted = "(looking for the " + prefix + " images and labels in IDX format)";
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found)
    throw Error(dir + ": data directory does not exist " + wanted);
  if (status.type() == fs::file_type::none)
    throw Error(dir + ": cannot access data directory: " + ec.message() + " " + wanted);
  if (!fs::is_directory(status)) throw Error(dir + ": is not a directory " + wanted);
  const std::string images = find_file(dir, prefix, "images", "idx3");
  const std::string labels = find_file(dir, prefix, "labels", "idx1");
  return load_idx(images, labels, limit);
}

void check_labels(const Dataset& data, uint32_t classes) {
  for (size_t i = 0; i < data.labels.size(); ++i)
    if (data.labels[i] >= classes)
      throw Error("label " + std::to_string(i) + " = " + std::to_string(data.labels[i]) +
                  ", expected < " + std::to_string(classes) + " (the number of classes)");
}

}  // namespace rebnet
