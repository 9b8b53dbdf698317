#include <doctest/doctest.h>

#include <vector>

#include "server/framing.h"

using namespace fw::server;

namespace {
std::vector<FrameEvent> drain(FrameReader& r) {
  std::vector<FrameEvent> out;
  FrameEvent e;
  while (r.next(e)) out.push_back(e);
  return out;
}
}  // namespace

TEST_CASE("frames round-trip, split at every byte") {
  const std::string a = frame(R"({"id":1})");
  const std::string b = frame(R"({"method":"x","params":"é😀"})");
  const std::string all = a + b;
  for (std::size_t cut = 0; cut <= all.size(); ++cut) {
    FrameReader r;
    r.feed(all.substr(0, cut));
    r.feed(all.substr(cut));
    const auto ev = drain(r);
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].body == R"({"id":1})");
    CHECK(ev[1].body == R"({"method":"x","params":"é😀"})");
    CHECK(r.pending() == 0);
  }
}

TEST_CASE("headers are case-insensitive and Content-Type is ignored") {
  FrameReader r;
  r.feed("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  const auto ev = drain(r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == FrameEvent::Kind::Message);
  CHECK(ev[0].body == "{}");
}

TEST_CASE("malformed headers are reported and skipped") {
  FrameReader r;
  r.feed("Content-Length: abc\r\n\r\n" + frame("{}"));
  r.feed("X-Nothing: 1\r\n\r\n" + frame("[]"));
  r.feed("garbage line\r\n\r\n" + frame("1"));
  const auto ev = drain(r);
  REQUIRE(ev.size() == 6);
  CHECK(ev[0].kind == FrameEvent::Kind::Error);
  CHECK(ev[1].body == "{}");
  CHECK(ev[2].kind == FrameEvent::Kind::Error);
  CHECK(ev[3].body == "[]");
  CHECK(ev[4].kind == FrameEvent::Kind::Error);
  CHECK(ev[5].body == "1");
}

TEST_CASE("an oversized body is skipped without being stored") {
  FrameReader r(10);
  r.feed("Content-Length: 25\r\n\r\n0123456789");
  r.feed("0123456789");
  r.feed("01234" + frame("{}"));
  const auto ev = drain(r);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == FrameEvent::Kind::Error);
  CHECK(ev[0].oversized);
  CHECK(ev[1].body == "{}");
}

TEST_CASE("a Content-Length larger than the body resynchronises at the next header") {
  FrameReader r;
  r.feed("Content-Length: 100\r\n\r\n{\"id\":1}" + frame("{\"id\":2}"));
  const auto ev = drain(r);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == FrameEvent::Kind::Error);
  CHECK(ev[1].body == "{\"id\":2}");
}

TEST_CASE("a partial message waits for more bytes") {
  FrameReader r;
  r.feed("Content-Length: 8\r\n\r\n{\"id\"");
  CHECK(drain(r).empty());
  CHECK(r.pending() > 0);
  r.feed(":1}");
  const auto ev = drain(r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].body == "{\"id\":1}");
}

TEST_CASE("an endless header without a blank line is dropped") {
  FrameReader r;
  r.feed(std::string(20000, 'x'));
  const auto ev = drain(r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == FrameEvent::Kind::Error);
  r.feed(frame("{}"));
  const auto ev2 = drain(r);
  REQUIRE(ev2.size() == 1);
  CHECK(ev2[0].body == "{}");
}

TEST_CASE("header text inside a JSON string does not cut the message") {
  const std::string body = R"({"text":"Content-Length: 5\r\n\r\nabc"})";
  FrameReader r;
  r.feed(frame(body));
  const auto ev = drain(r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == FrameEvent::Kind::Message);
  CHECK(ev[0].body == body);
}
