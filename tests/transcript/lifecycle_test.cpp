#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

TEST_CASE("initialize, shutdown and exit end with code 0") {
  LspClient c;
  const json init = c.initialize();
  REQUIRE(init.contains("result"));
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["textDocumentSync"]["change"] == 2);
  CHECK(caps["positionEncoding"] == "utf-16");
  CHECK(init["result"]["serverInfo"]["name"] == "flakewise");
  const json down = c.request("shutdown", nullptr);
  CHECK(down.contains("result"));
  CHECK(down["result"].is_null());
  c.notify("exit", nullptr);
  CHECK(c.waitExit() == 0);
}
