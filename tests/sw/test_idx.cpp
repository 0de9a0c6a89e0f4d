// Tests of the IDX reader: exact round trips of plain and .gz files, the split
// name lookup, and a one-line rebnet::Error for every malformed input.
#include "data/idx.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "contract/error.h"

// Records the largest single allocation, so the tests can prove that a lying
// header does not make the reader allocate what it declares.
namespace {
std::atomic<size_t> g_largest_allocation{0};
}  // namespace

void* operator new(size_t size) {
  size_t seen = g_largest_allocation.load();
  while (size > seen && !g_largest_allocation.compare_exchange_weak(seen, size)) {
  }
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
// GCC pairs the inlined free() with the builtin meaning of `new`; here new is malloc.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace rebnet {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kImages = 0x00000803;
constexpr uint32_t kLabels = 0x00000801;
const char kFashionMnist[] = "/usr/share/datasets/fashion-mnist";

using Bytes = std::vector<uint8_t>;

void append32(Bytes& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

// An IDX file: big-endian magic, dimensions, then the body as given.
Bytes idx(uint32_t magic, const std::vector<uint32_t>& dims, const Bytes& body) {
  Bytes out;
  append32(out, magic);
  for (uint32_t dim : dims) append32(out, dim);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

void write_plain(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

void write_gz(const std::string& path, const Bytes& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr) << path;
  if (!bytes.empty()) {
    EXPECT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), int(bytes.size()));
  }
  ASSERT_EQ(gzclose(file), Z_OK) << path;
}

void write(const std::string& path, const Bytes& bytes) {
  if (path.ends_with(".gz"))
    write_gz(path, bytes);
  else
    write_plain(path, bytes);
}

Bytes read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// A small dataset whose every pixel and label differs from its neighbours.
Dataset sample(uint32_t count, uint32_t rows, uint32_t cols) {
  Dataset data;
  data.rows = rows;
  data.cols = cols;
  for (uint32_t i = 0; i < count * rows * cols; ++i) data.images.push_back(uint8_t(i * 7 + 3));
  for (uint32_t i = 0; i < count; ++i) data.labels.push_back(uint8_t(i % 10));
  return data;
}

Bytes image_file(const Dataset& data) {
  return idx(kImages, {uint32_t(data.count()), data.rows, data.cols}, data.images);
}
Bytes label_file(const Dataset& data) {
  return idx(kLabels, {uint32_t(data.count())}, data.labels);
}

// Passes when `run` throws a rebnet::Error whose message is one line holding every part.
testing::AssertionResult fails_with(const std::function<void()>& run,
                                    const std::vector<std::string>& parts) {
  try {
    run();
  } catch (const Error& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos)
      return testing::AssertionFailure() << "message has several lines: " << message;
    for (const std::string& part : parts)
      if (message.find(part) == std::string::npos)
        return testing::AssertionFailure() << "message \"" << message << "\" lacks \"" << part
                                           << "\"";
    return testing::AssertionSuccess() << message;
  }
  return testing::AssertionFailure() << "no rebnet::Error thrown";
}

void expect_equal(const Dataset& actual, const Dataset& expected) {
  EXPECT_EQ(actual.rows, expected.rows);
  EXPECT_EQ(actual.cols, expected.cols);
  EXPECT_EQ(actual.count(), expected.count());
  EXPECT_EQ(actual.images, expected.images);
  EXPECT_EQ(actual.labels, expected.labels);
}

class IdxTest : public testing::Test {
 protected:
  void SetUp() override {
    const std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::path(testing::TempDir()) /
           ("rebnet_test_idx_" + std::to_string(getpid()) + "_" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Writes an image file and a label file into the test's directory.
  void write_pair(const Bytes& images, const Bytes& labels, const std::string& images_name = "img",
                  const std::string& labels_name = "lbl") {
    write(path(images_name), images);
    write(path(labels_name), labels);
  }

  // Expects load_idx on the img/lbl pair to fail naming `file` and the reason.
  testing::AssertionResult load_fails(const std::string& file, const std::string& reason,
                                      uint64_t limit = 0) {
    return fails_with([&] { load_idx(path("img"), path("lbl"), limit); }, {path(file), reason});
  }

  fs::path dir_;
};

TEST_F(IdxTest, PlainPairRoundTrips) {
  const Dataset expected = sample(3, 4, 5);
  write_pair(image_file(expected), label_file(expected));
  const Dataset data = load_idx(path("img"), path("lbl"));
  expect_equal(data, expected);
  EXPECT_EQ(data.image(2)[0], expected.images[2 * 4 * 5]);
}

TEST_F(IdxTest, GzPairRoundTrips) {
  const Dataset expected = sample(7, 28, 28);
  write_pair(image_file(expected), label_file(expected), "img.gz", "lbl.gz");
  ASSERT_NE(read_raw(path("img.gz")).at(0), image_file(expected)[0]);  // really compressed
  expect_equal(load_idx(path("img.gz"), path("lbl.gz")), expected);
}

TEST_F(IdxTest, LargerThanOneChunkRoundTrips) {
  const Dataset expected = sample(300, 28, 28);  // 235200 pixel bytes, several read chunks
  write_pair(image_file(expected), label_file(expected), "img.gz", "lbl");
  expect_equal(load_idx(path("img.gz"), path("lbl")), expected);
}

TEST_F(IdxTest, LimitKeepsFirstImages) {
  const Dataset all = sample(5, 3, 2);
  write_pair(image_file(all), label_file(all));
  const Dataset two = load_idx(path("img"), path("lbl"), 2);
  EXPECT_EQ(two.count(), 2u);
  EXPECT_EQ(two.images, Bytes(all.images.begin(), all.images.begin() + 2 * 3 * 2));
  EXPECT_EQ(two.labels, Bytes(all.labels.begin(), all.labels.begin() + 2));
  expect_equal(load_idx(path("img"), path("lbl"), 100), all);  // a limit above count keeps all
}

TEST_F(IdxTest, LimitStillChecksTheWholeFile) {
  const Dataset data = sample(5, 3, 2);
  Bytes images = image_file(data);
  images.push_back(0);
  write_pair(images, label_file(data));
  EXPECT_TRUE(load_fails("img", "1 trailing bytes", 1));
}

TEST_F(IdxTest, LoadSplitFindsEverySpelling) {
  const Dataset train = sample(4, 6, 6), test = sample(3, 6, 6);
  write_pair(image_file(train), label_file(train), "train-images-idx3-ubyte",
             "train-labels-idx1-ubyte");
  write_pair(image_file(test), label_file(test), "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz");
  expect_equal(load_split(dir_.string(), Split::Train), train);
  expect_equal(load_split(dir_.string(), Split::Test), test);
  EXPECT_EQ(load_split(dir_.string(), Split::Test, 1).count(), 1u);

  // The MNIST site's spelling, plain and compressed.
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  write_pair(image_file(test), label_file(test), "t10k-images.idx3-ubyte",
             "t10k-labels.idx1-ubyte.gz");
  expect_equal(load_split(dir_.string(), Split::Test), test);
}

TEST_F(IdxTest, LoadSplitMissingDirectory) {
  const std::string missing = path("no-such-dir");
  EXPECT_TRUE(fails_with([&] { load_split(missing, Split::Test); },
                         {missing, "does not exist", "t10k"}));
}

TEST_F(IdxTest, LoadSplitPathIsAFile) {
  write_plain(path("file"), {1, 2, 3});
  EXPECT_TRUE(fails_with([&] { load_split(path("file"), Split::Train); },
                         {path("file"), "not a directory"}));
}

TEST_F(IdxTest, LoadSplitMissingFile) {
  const Dataset data = sample(2, 2, 2);
  write_plain(path("t10k-images-idx3-ubyte.gz"), image_file(data));
  EXPECT_TRUE(fails_with([&] { load_split(dir_.string(), Split::Test); },
                         {dir_.string(), "no t10k labels file", "looked for",
                          "t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte"}));
  EXPECT_TRUE(fails_with([&] { load_split(dir_.string(), Split::Train); },
                         {"no train images file", "train-images-idx3-ubyte"}));
}

TEST_F(IdxTest, WrongMagic) {
  const Dataset data = sample(2, 2, 2);
  write_pair(label_file(data), label_file(data));
  EXPECT_TRUE(load_fails("img", "magic = 0x00000801, expected 0x00000803 (unsigned byte images"));
  write_pair(image_file(data), image_file(data));
  EXPECT_TRUE(load_fails("lbl", "magic = 0x00000803, expected 0x00000801 (unsigned byte labels"));
  write_pair(idx(0x12345678, {2, 2, 2}, data.images), label_file(data));
  EXPECT_TRUE(load_fails("img", "magic = 0x12345678"));
}

TEST_F(IdxTest, TruncatedHeader) {
  const Dataset data = sample(2, 2, 2);
  const Bytes images = image_file(data), labels = label_file(data);
  write_pair(Bytes(images.begin(), images.begin() + 10), labels);
  EXPECT_TRUE(load_fails("img", "truncated header: holds 10 of its 16 bytes"));
  write_pair(Bytes{0, 0}, labels);
  EXPECT_TRUE(load_fails("img", "truncated header: holds 2 of its 16 bytes"));
  write_pair(images, Bytes(labels.begin(), labels.begin() + 6));
  EXPECT_TRUE(load_fails("lbl", "truncated header: holds 6 of its 8 bytes"));
}

TEST_F(IdxTest, ShortData) {
  const Dataset data = sample(3, 4, 5);
  Bytes images = image_file(data);
  images.erase(images.end() - 10, images.end());
  write_pair(images, label_file(data));
  EXPECT_TRUE(load_fails("img", "holds 50 of the 60 pixel bytes its header declares"));
  Bytes labels = label_file(data);
  labels.pop_back();
  write_pair(image_file(data), labels);
  EXPECT_TRUE(load_fails("lbl", "holds 2 of the 3 label bytes its header declares"));
}

TEST_F(IdxTest, TrailingBytes) {
  const Dataset data = sample(3, 4, 5);
  Bytes images = image_file(data);
  images.insert(images.end(), {9, 9, 9});
  write_pair(images, label_file(data), "img.gz", "lbl");
  EXPECT_TRUE(fails_with([&] { load_idx(path("img.gz"), path("lbl")); },
                         {path("img.gz"), "3 trailing bytes after the 60 pixel bytes"}));
  Bytes labels = label_file(data);
  labels.push_back(1);
  write_pair(image_file(data), labels);
  EXPECT_TRUE(load_fails("lbl", "1 trailing bytes after the 3 label bytes"));
}

TEST_F(IdxTest, CountMismatch) {
  write_pair(image_file(sample(3, 2, 2)), label_file(sample(2, 2, 2)));
  EXPECT_TRUE(load_fails("lbl", "count = 2 labels, but " + path("img") + " declares 3 images"));
}

TEST_F(IdxTest, ZeroOrAbsurdDimensions) {
  const Bytes labels = idx(kLabels, {2}, {0, 1});
  write_pair(idx(kImages, {2, 0, 4}, {}), labels);
  EXPECT_TRUE(load_fails("img", "rows = 0, expected 1..1024"));
  write_pair(idx(kImages, {2, 4, 5000}, {}), labels);
  EXPECT_TRUE(load_fails("img", "cols = 5000, expected 1..1024"));
  write_pair(idx(kImages, {0, 4, 4}, {}), idx(kLabels, {0}, {}));
  EXPECT_TRUE(load_fails("img", "count = 0, expected 1..10000000"));
  write_pair(idx(kImages, {1000000000, 28, 28}, {1, 2, 3}), labels);
  EXPECT_TRUE(load_fails("img", "count = 1000000000, expected 1..10000000"));
  write_pair(idx(kImages, {10000000, 1024, 1024}, {1, 2, 3}), labels);
  EXPECT_TRUE(load_fails("img", "more than the limit of 1073741824"));
}

TEST_F(IdxTest, LyingHeaderDoesNotAllocateWhatItDeclares) {
  // 784 MB declared, within every limit, but the files hold almost nothing.
  write_pair(idx(kImages, {1000000, 28, 28}, {1, 2, 3}), idx(kLabels, {1000000}, {4}));
  g_largest_allocation = 0;
  EXPECT_TRUE(load_fails("img", "holds 3 of the 784000000 pixel bytes"));
  EXPECT_LT(g_largest_allocation.load(), size_t{1} << 20);
}

TEST_F(IdxTest, EmptyFile) {
  const Dataset data = sample(2, 2, 2);
  write_pair({}, label_file(data));
  EXPECT_TRUE(load_fails("img", "empty file"));
  write_pair(image_file(data), {}, "img", "lbl.gz");  // a valid .gz of nothing
  EXPECT_TRUE(fails_with([&] { load_idx(path("img"), path("lbl.gz")); },
                         {path("lbl.gz"), "empty file, expected a 8-byte IDX header"}));
}

TEST_F(IdxTest, MissingFileOrDirectoryAsFile) {
  const Dataset data = sample(2, 2, 2);
  write_plain(path("lbl"), label_file(data));
  EXPECT_TRUE(load_fails("img", "no such file"));
  fs::create_directory(path("img"));
  EXPECT_TRUE(load_fails("img", "is a directory"));
}

TEST_F(IdxTest, CorruptGz) {
  const Dataset data = sample(50, 28, 28);
  write_pair(image_file(data), label_file(data), "img.gz", "lbl");
  const Bytes whole = read_raw(path("img.gz"));

  write_plain(path("img.gz"), Bytes(whole.begin(), whole.begin() + whole.size() / 2));
  EXPECT_TRUE(fails_with([&] { load_idx(path("img.gz"), path("lbl")); },
                         {path("img.gz"), "pixel bytes its header declares (gzip: "}));

  // (A .gz missing only its 8-byte trailer still yields every byte: zlib accepts it silently.)
  Bytes flipped = whole;
  flipped[flipped.size() - 6] ^= 0xff;  // inside the CRC of the gzip trailer
  write_plain(path("img.gz"), flipped);
  EXPECT_TRUE(fails_with([&] { load_idx(path("img.gz"), path("lbl")); },
                         {path("img.gz"), "read error"}));
}

TEST_F(IdxTest, CheckLabels) {
  Dataset data = sample(12, 1, 1);
  EXPECT_NO_THROW(check_labels(data, 10));
  data.labels[4] = 10;
  data.labels[7] = 200;
  EXPECT_TRUE(fails_with([&] { check_labels(data, 10); }, {"label 4 = 10, expected < 10"}));
  EXPECT_TRUE(fails_with([&] { check_labels(data, 3); }, {"label 3 = 3, expected < 3"}));
}

TEST(IdxRealData, FashionMnistTestSplit) {
  if (!fs::is_directory(kFashionMnist)) GTEST_SKIP() << kFashionMnist << " is not installed";
  const Dataset data = load_split(kFashionMnist, Split::Test);
  EXPECT_EQ(data.count(), 10000u);
  EXPECT_EQ(data.rows, 28u);
  EXPECT_EQ(data.cols, 28u);
  EXPECT_EQ(data.images.size(), 10000u * 28 * 28);
  EXPECT_EQ(data.labels[0], 9);  // ankle boot, per `zcat t10k-labels-idx1-ubyte.gz | xxd`
  EXPECT_NO_THROW(check_labels(data, 10));
  std::vector<int> per_class(10);
  for (uint8_t label : data.labels) ++per_class.at(label);
  EXPECT_EQ(per_class, std::vector<int>(10, 1000));  // Fashion-MNIST's test split is balanced
}

}  // namespace
}  // namespace rebnet
