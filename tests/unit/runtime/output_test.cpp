// Text and JSON Output implementations: streams, record shapes and buffering
// (spec/output.md §1, §7, §9).
#include "runtime/output/output.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "runtime/output/hist_buckets.h"
#include "test_values.h"

namespace sonde {
namespace {

using testing::bytes_of;
using testing::TV;

// Captures what an Output writes to its two streams. Real temporary files rather than memory
// streams: glibc memory streams do not support setvbuf, which the outputs apply.
class Capture {
 public:
  Capture() : out_(std::tmpfile()), err_(std::tmpfile()) {}
  ~Capture() {
    std::fclose(out_);
    std::fclose(err_);
  }
  OutputOptions options(BufferMode mode = BufferMode::Line, bool quiet = false) {
    OutputOptions o;
    o.out = out_;
    o.err = err_;
    o.quiet = quiet;
    o.buffering = mode;
    return o;
  }
  std::string out() { return contents(out_); }
  std::string err() { return contents(err_); }
  // Bytes that reached the file without an explicit flush.
  size_t out_unflushed_visible() const {
    struct stat st {};
    fstat(fileno(out_), &st);
    return static_cast<size_t>(st.st_size);
  }

 private:
  static std::string contents(FILE* f) {
    std::fflush(f);
    std::string text;
    char buf[4096];
    ssize_t n = 0;
    off_t off = 0;
    while ((n = pread(fileno(f), buf, sizeof buf, off)) > 0) {
      text.append(buf, static_cast<size_t>(n));
      off += n;
    }
    return text;
  }

  FILE* out_;
  FILE* err_;
};

MapSpec scalar_spec(std::string name, Type value) {
  MapSpec s;
  s.name = std::move(name);
  s.value = std::move(value);
  s.storage = MapStorage::ScalarArray;
  return s;
}

TEST(TextOutput, SpecLifeOfARun) {
  Capture cap;
  auto out = make_text_output(cap.options());
  out->attached_probes(1);
  out->printf_text("hello\n");
  out->end_of_run();
  MapSpec spec = scalar_spec("@n", Type::integer(1, true));
  MapSnapshot snap{&spec, {}};
  snap.entries.push_back(MapEntry{{}, bytes_of(spec.value, 3)});
  out->map(snap, 0, 0);
  out->flush();
  EXPECT_EQ(cap.err(), "Attached 1 probe\n");
  EXPECT_EQ(cap.out(), "hello\n\n\n@n: 3\n");
}

TEST(TextOutput, AttachedPluralAndQuiet) {
  Capture cap;
  make_text_output(cap.options())->attached_probes(9);
  EXPECT_EQ(cap.err(), "Attached 9 probes\n");
  Capture quiet;
  make_text_output(quiet.options(BufferMode::Line, true))->attached_probes(9);
  EXPECT_EQ(quiet.err(), "");
}

TEST(TextOutput, ValuesEventsAndMessages) {
  Capture cap;
  auto out = make_text_output(cap.options());
  Type t = Type::tuple({Type::integer(1, true), Type::string(4), Type::tuple({Type::integer(1, true), Type::integer(1, true)})});
  auto b = bytes_of(t, {1, "two", {3, 4}});
  out->value(t, b.data());
  out->text_event("time", "12:00:01\n");
  out->text_event("syscall", "abc");
  out->text_event("join", "a b c");
  out->text_event("cat", "file");
  out->lost_events(5);
  out->program_message(true, "stdin:1:52-71", "bad 5", "stdin", 1, 52);
  out->program_message(false, "stdin:1:3-9", "careful", "stdin", 1, 3);
  out->flush();
  EXPECT_EQ(cap.out(), "(1, two, (3, 4))\n12:00:01\nabc\na b c\nfile");
  EXPECT_EQ(cap.err(),
            "Lost 5 events\n"
            "stdin:1:52-71: ERROR: bad 5\n"
            "stdin:1:3-9: WARNING: careful\n");
}

TEST(JsonOutput, SpecExample) {
  Capture cap;
  auto out = make_json_output(cap.options());
  out->attached_probes(1);
  out->printf_text("start 1\n");
  out->end_of_run();

  MapSpec calls;
  calls.name = "@calls";
  calls.key = Type::tuple({Type::string(5), Type::integer(1, true)});
  calls.value = Type::aggregation(TypeKind::Count);
  MapSnapshot calls_snap{&calls, {}};
  MapEntry c;
  c.key = bytes_of(calls.key, {"read", 3});
  c.number = 1;
  calls_snap.entries.push_back(c);
  out->map(calls_snap, 0, 0);

  MapSpec lat = scalar_spec("@lat", Type::aggregation(TypeKind::Avg));
  MapEntry l;
  l.count = 2;
  l.total = 17;
  out->map(MapSnapshot{&lat, {l}}, 0, 0);

  MapSpec q = scalar_spec("@q", Type::lhist(0, 30, 10));
  MapEntry h;
  h.buckets.assign(q.value.bucket_count(), 0);
  h.buckets[lhist_bucket_index(-3, 0, 30, 10)]++;
  h.buckets[lhist_bucket_index(31, 0, 30, 10)]++;
  out->map(MapSnapshot{&q, {h}}, 0, 0);

  MapSpec st;
  st.name = "@st";
  st.key = Type::integer(1, true);
  st.value = Type::aggregation(TypeKind::Stats);
  MapEntry s;
  s.key = bytes_of(st.key, 1);
  s.count = 1;
  s.total = 3;
  out->map(MapSnapshot{&st, {s}}, 0, 0);
  out->flush();

  EXPECT_EQ(cap.out(),
            "{\"type\": \"attached_probes\", \"count\": 1, \"data\": {\"probes\": 1}}\n"
            "{\"type\": \"printf\", \"data\": \"start 1\\n\"}\n"
            "{\"type\": \"map\", \"data\": {\"@calls\": {\"read,3\": 1}}}\n"
            "{\"type\": \"stats\", \"data\": {\"@lat\": 8}}\n"
            "{\"type\": \"hist\", \"data\": {\"@q\": [{\"max\": -1, \"count\": 1},{\"min\": 0, "
            "\"max\": 9, \"count\": 0},{\"min\": 10, \"max\": 19, \"count\": 0},{\"min\": 20, "
            "\"max\": 29, \"count\": 0},{\"min\": 30, \"count\": 1}]}}\n"
            "{\"type\": \"stats\", \"data\": {\"@st\": {\"1\": {\"count\": 1, \"average\": 3, "
            "\"total\": 3}}}}\n");
  EXPECT_EQ(cap.err(), "");
}

TEST(JsonOutput, OtherRecords) {
  Capture cap;
  auto out = make_json_output(cap.options());
  out->text_event("syscall", "sys\n");
  out->text_event("cat", "filecontent\n");
  out->text_event("time", "12:00:01\n");
  auto five = bytes_of(Type::integer(1, true), 5);
  out->value(Type::integer(1, true), five.data());
  out->lost_events(3);
  out->program_message(true, "stdin:1:52-71", "bad 5", "stdin", 1, 52);
  out->program_message(false, "stdin:2:1-4", "hm \"q\"", "stdin", 2, 1);
  MapSpec empty;
  empty.name = "@e";
  empty.key = Type::int64();
  empty.value = Type::aggregation(TypeKind::Count);
  out->map(MapSnapshot{&empty, {}}, 0, 0);
  out->flush();
  EXPECT_EQ(cap.out(),
            "{\"type\": \"syscall\", \"data\": \"sys\\n\"}\n"
            "{\"type\": \"cat\", \"data\": \"filecontent\\n\"}\n"
            "{\"type\": \"time\", \"data\": \"12:00:01\\n\"}\n"
            "{\"type\": \"value\", \"data\": 5}\n"
            "{\"type\": \"lost_events\", \"count\": 3, \"data\": {\"events\": 3}}\n"
            "{\"type\": \"errorf\", \"msg\": \"bad 5\", \"filename\": \"stdin\", \"line\": 1, "
            "\"col\": 52}\n"
            "{\"type\": \"warnf\", \"msg\": \"hm \\\"q\\\"\", \"filename\": \"stdin\", \"line\": 2, "
            "\"col\": 1}\n");
  EXPECT_EQ(cap.err(), "");
}

// Line mode: everything written in a batch of events is out when the batch ends, in one write.
TEST(Buffering, LineFlushesAtEndOfBatch) {
  Capture cap;
  auto out = make_text_output(cap.options(BufferMode::Line));
  out->printf_text("abc\n");
  out->printf_text("def\n");
  EXPECT_EQ(cap.out_unflushed_visible(), 0u);
  out->batch_done();
  EXPECT_EQ(cap.out_unflushed_visible(), 8u);
}

TEST(Buffering, HeldOutputFollowsTheAttachedRecord) {
  Capture cap;
  auto out = make_json_output(cap.options(BufferMode::Line));
  out->hold();
  out->printf_text("begin\n");
  out->batch_done();
  EXPECT_EQ(cap.out_unflushed_visible(), 0u);
  out->attached_probes(2);
  out->release();
  EXPECT_EQ(cap.out(),
            "{\"type\": \"attached_probes\", \"count\": 2, \"data\": {\"probes\": 2}}\n"
            "{\"type\": \"printf\", \"data\": \"begin\\n\"}\n");
}

TEST(Buffering, FullWaitsForFlush) {
  Capture cap;
  auto out = make_text_output(cap.options(BufferMode::Full));
  out->printf_text("abc\n");
  EXPECT_EQ(cap.out_unflushed_visible(), 0u);
  out->flush();
  EXPECT_EQ(cap.out_unflushed_visible(), 4u);
}

TEST(Buffering, NoneWritesThrough) {
  Capture cap;
  auto out = make_text_output(cap.options(BufferMode::None));
  out->printf_text("abc");
  EXPECT_EQ(cap.out_unflushed_visible(), 3u);
}

}  // namespace
}  // namespace sonde
