// Stress through the real binary over pipes (docs/RELIABILITY.md): 200
// documents open, a storm of didChange notifications sent as fast as the
// pipe takes them, with requests interleaved and a third of them cancelled
// at once. Checked:
//  - every request is answered exactly once, with a result or with
//    -32800 (cancelled) / -32801 (content modified), nothing else;
//  - answers that are not cancelled are right: after each round, outline
//    and folding of sampled documents equal those of a fresh server given
//    the same text;
//  - the final diagnostics of every document equal those of a fresh open of
//    its final text in a fresh server;
//  - memory is flat: the server's VmRSS after the last of 10 identical
//    rounds is within a small margin of its RSS after the third.
// The figures (edits, requests, time, RSS per round) are printed for
// docs/RELIABILITY.md.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

constexpr int kDocuments = 200;
constexpr int kRounds = 10;
constexpr int kEditsPerRound = 3000;
constexpr int kRequestEvery = 3;  // one request per this many edits

std::string uriOf(int i) { return "file:///stress/m" + std::to_string(i) + ".nix"; }

std::string moduleText(int i) {
  const std::string n = std::to_string(i);
  return "{ config, lib, pkgs, ... }:\n"
         "let\n"
         "  cfg = config.services.svc" + n + ";\n"
         "  port = " + std::to_string(8000 + i) + ";\n"
         "  unused = 1;\n"
         "in {\n"
         "  options.services.svc" + n + ".enable = lib.mkEnableOption \"service " + n + "\";\n"
         "  config = lib.mkIf cfg.enable {\n"
         "    networking.firewall.allowedTCPPorts = [ port ];\n"
         "    systemd.services.svc" + n + ".script = \"${pkgs.hello}/bin/hello --port ${toString port}\";\n"
         "    environment.etc.\"svc" + n + "\".text = missing;\n"
         "  };\n"
         "}\n";
}

json position(const std::string& text, std::size_t offset) {
  int line = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {{"line", line}, {"character", offset - start}};
}

long rssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

json docId(const std::string& uri) { return {{"uri", uri}}; }

// Diagnostics without what may differ between two servers for the same
// text (nothing should; the version is the client's).
json diagnosticsOf(const json& publish) { return publish["params"]["diagnostics"]; }

// A fresh server that answers for a text as if it had just been opened.
class Oracle {
 public:
  Oracle() { c_.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}}); }
  json diagnostics(const std::string& text) {
    const std::string uri = next();
    c_.open(uri, text, 1);
    const json d = diagnosticsOf(c_.waitDiagnostics(uri, 1, 30s));
    c_.notify("textDocument/didClose", {{"textDocument", docId(uri)}});
    return d;
  }
  json answer(const std::string& method, const std::string& text) {
    const std::string uri = next();
    c_.open(uri, text, 1);
    const json r = c_.request(method, {{"textDocument", docId(uri)}}, 30s);
    c_.notify("textDocument/didClose", {{"textDocument", docId(uri)}});
    return r.value("result", json());
  }

 private:
  // Same file name as the stress documents' (messages may name the file).
  std::string next() { return "file:///oracle" + std::to_string(n_++) + "/m.nix"; }
  LspClient c_;
  int n_ = 0;
};

}  // namespace

TEST_CASE("stress: 200 documents, an edit storm with requests and cancellations, nothing lost") {
  const auto started = std::chrono::steady_clock::now();
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 20}}}});
  std::vector<std::string> texts(kDocuments);
  std::vector<int> versions(kDocuments, 1);
  for (int i = 0; i < kDocuments; ++i) {
    texts[i] = moduleText(i);
    c.open(uriOf(i), texts[i], 1);
  }
  std::mt19937 rng(20261126);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> tokens = {"x",  " ",  ";",   "{",  "}",   "=", "1", "let ", "in ", "\n",
                                           "(",  ")",  "\"",  "a.b", "[ ", "]", "#", "''",   "${", "rec "};
  const std::vector<std::string> methods = {"textDocument/hover",        "textDocument/documentSymbol",
                                            "textDocument/completion",   "textDocument/foldingRange",
                                            "textDocument/definition",   "textDocument/semanticTokens/full",
                                            "textDocument/selectionRange"};

  std::map<int, std::string> sentMethod;   // request id -> method
  std::map<int, int> answers;              // request id -> number of answers
  std::map<int, int> errorCodes;           // error code -> count
  std::map<std::string, json> lastDiagnostics;  // uri -> last publishDiagnostics
  int totalEdits = 0, cancelled = 0;
  auto take = [&](const json& m) {
    if (m.contains("id") && !m.contains("method")) {
      const int id = m["id"].get<int>();
      ++answers[id];
      if (m.contains("error")) ++errorCodes[m["error"]["code"].get<int>()];
    } else if (m.value("method", "") == "textDocument/publishDiagnostics") {
      lastDiagnostics[m["params"]["uri"].get<std::string>()] = m;
    }
  };
  auto drain = [&] {
    while (auto m = c.readMessage(0ms)) take(*m);
  };
  auto waitAllAnswered = [&] {
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (answers.size() < sentMethod.size() && std::chrono::steady_clock::now() < deadline) {
      if (auto m = c.readMessage(1000ms)) take(*m);
    }
    REQUIRE(answers.size() == sentMethod.size());
  };

  Oracle oracle;
  std::vector<long> rss;
  for (int round = 0; round < kRounds; ++round) {
    for (int e = 0; e < kEditsPerRound; ++e) {
      const int d = static_cast<int>(pick(kDocuments));
      std::string& t = texts[d];
      // Replace a short range with a token; documents that grew delete
      // instead, so that the workload of every round is alike.
      const std::size_t start = pick(t.size() + 1);
      const std::size_t len = std::min<std::size_t>(pick(6), t.size() - start);
      const std::string ins = t.size() > 2 * moduleText(d).size() ? "" : tokens[pick(tokens.size())];
      const json range = {{"start", position(t, start)}, {"end", position(t, start + len)}};
      t.replace(start, len, ins);
      c.change(uriOf(d), ++versions[d], {{{"range", range}, {"text", ins}}});
      ++totalEdits;
      if (e % kRequestEvery == 0) {
        const int q = static_cast<int>(pick(kDocuments));
        const std::string& method = methods[pick(methods.size())];
        json params = {{"textDocument", docId(uriOf(q))}};
        const json at = position(texts[q], pick(texts[q].size() + 1));
        if (method == "textDocument/selectionRange") {
          params["positions"] = json::array({at});
        } else if (method != "textDocument/documentSymbol" && method != "textDocument/foldingRange" &&
                   method != "textDocument/semanticTokens/full") {
          params["position"] = at;
        }
        const int id = c.sendRequest(method, params);
        sentMethod[id] = method;
        if (pick(3) == 0) {
          c.notify("$/cancelRequest", {{"id", id}});
          ++cancelled;
        }
      }
      drain();
    }
    waitAllAnswered();
    // Answers on the text as it is now are right.
    for (int k = 0; k < 3; ++k) {
      const int d = static_cast<int>(pick(kDocuments));
      for (const char* method : {"textDocument/documentSymbol", "textDocument/foldingRange"}) {
        const int id = c.sendRequest(method, {{"textDocument", docId(uriOf(d))}});
        sentMethod[id] = method;
        json got;
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!answers.count(id) && std::chrono::steady_clock::now() < deadline) {
          if (auto m = c.readMessage(1000ms)) {
            take(*m);
            if (m->value("id", json()) == id) got = *m;
          }
        }
        REQUIRE(answers.count(id));
        CHECK_MESSAGE(got.value("result", json()) == oracle.answer(method, texts[d]),
                      method << " of " << uriOf(d) << " differs from a fresh server's");
      }
    }
    rss.push_back(rssKb(c.pid()));
  }

  // Every request answered exactly once, with a result or a cancellation.
  for (const auto& entry : sentMethod) {
    const int id = entry.first;
    INFO("request " << id << " (" << entry.second << ")");
    CHECK(answers[id] == 1);
  }
  for (const auto& entry : errorCodes) {
    const int code = entry.first;
    INFO(entry.second << " answers with error code " << code);
    CHECK((code == -32800 || code == -32801));
  }

  // The final diagnostics of each document are those of a fresh open.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  auto settled = [&] {
    for (int i = 0; i < kDocuments; ++i) {
      auto it = lastDiagnostics.find(uriOf(i));
      if (it == lastDiagnostics.end() || it->second["params"].value("version", -1) != versions[i]) return false;
    }
    return true;
  };
  while (!settled() && std::chrono::steady_clock::now() < deadline) {
    if (auto m = c.readMessage(1000ms)) take(*m);
  }
  REQUIRE(settled());
  int withErrors = 0;
  for (int i = 0; i < kDocuments; ++i) {
    const json got = diagnosticsOf(lastDiagnostics[uriOf(i)]);
    withErrors += !got.empty();
    CHECK_MESSAGE(got == oracle.diagnostics(texts[i]), "diagnostics of " << uriOf(i) << " after the storm");
  }

  // Memory flat: no growth from round 3 to round 10 beyond allocator noise.
  std::string series;
  for (long r : rss) series += std::to_string(r / 1024) + " ";
  INFO("VmRSS per round (MiB): " << series);
  CHECK(rss.back() <= rss[2] + std::max(rss[2] / 10, 4096L));

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("stress: %d documents, %d edits, %zu requests (%d cancelled at once; errors:", kDocuments, totalEdits,
              sentMethod.size(), cancelled);
  for (const auto& [code, n] : errorCodes) std::printf(" %d x %d", n, code);
  std::printf("), %d documents with diagnostics, %.1f s; VmRSS per round (MiB): %s\n", withErrors, seconds,
              series.c_str());
  CHECK(c.closeAndWait() >= 0);
}
