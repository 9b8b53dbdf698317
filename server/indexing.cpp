// The workspace index in the session: building it in the background with
// progress reports, keeping it current from file-watcher events, and
// workspace/symbol.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "server/files.h"
#include "server/session.h"
#include "server/uri.h"

namespace fw::server {

namespace asio = boost::asio;

void Session::requestClient(const std::string& method, const json& params,
                            std::function<void(const json&)> onResponse) {
  const std::string id = "flakewise/" + std::to_string(nextOutgoing_++);
  outgoing_[dumpJson(json(id))] = std::move(onResponse);
  json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) message["params"] = params;
  out_->send(message);
}

void Session::registerFileWatchers() {
  if (!clientWatchRegistration_) return;
  const json params = {
      {"registrations",
       {{{"id", "flakewise/watch"},
         {"method", "workspace/didChangeWatchedFiles"},
         {"registerOptions", {{"watchers", {{{"globPattern", "**/*.nix"}}, {{"globPattern", "**/flake.lock"}}, {{"globPattern", "**/.flakewise.json"}}}}}}}}}};
  requestClient("client/registerCapability", params, [](const json& r) {
    if (r.contains("error")) spdlog::warn("the client refused file watching: {}", dumpJson(r["error"]));
  });
}

void Session::startIndexing() {
  if (roots_.empty() || !options_.indexWorkspace) return;
  const std::string token = "flakewise/indexing";
  auto run = [self = shared_from_this(), token](bool progress) {
    std::vector<std::string> roots = self->roots_;
    std::vector<ProjectConfig> configs = self->projectConfigs_;
    Settings editor = self->editorSettings_;
    const std::size_t maxFileBytes = self->options_.maxFileBytes;
    asio::post(self->pool_, [self, roots, configs, editor, maxFileBytes, progress, token] {
      auto send = [&](json value) {
        if (progress) {
          self->out_->send({{"jsonrpc", "2.0"}, {"method", "$/progress"}, {"params", {{"token", token}, {"value", value}}}});
        }
      };
      send({{"kind", "begin"}, {"title", "Indexing Nix files"}, {"percentage", 0}, {"cancellable", false}});
      FileListing listing = collectNixFiles(roots);
      std::vector<std::string> files;
      for (const auto& f : listing.files) {
        const std::string p = f.string();
        bool excluded = false;
        for (const std::string& root : roots) excluded = excluded || isExcluded(editor.exclude, root, p);
        for (const ProjectConfig& pc : configs) excluded = excluded || isExcluded(pc.settings.exclude, pc.root, p);
        if (!excluded) files.push_back(p);
      }
      const auto start = std::chrono::steady_clock::now();
      auto lastReport = start;
      for (std::size_t i = 0; i < files.size(); ++i) {
        if (self->ending_) return;
        std::string err;
        std::optional<std::string> text = readFile(files[i], err, maxFileBytes);
        if (text && text->size() <= maxFileBytes) {
          const SyntaxTreePtr tree = SyntaxTree::parse(std::move(*text));
          self->index_->put(files[i], WorkspaceIndex::summarise(files[i], *tree));
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - lastReport > std::chrono::milliseconds(200)) {
          lastReport = now;
          send({{"kind", "report"},
                {"message", std::to_string(i + 1) + "/" + std::to_string(files.size()) + " files"},
                {"percentage", static_cast<int>((i + 1) * 100 / files.size())}});
        }
      }
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      self->index_->setComplete();
      spdlog::info("indexed {} files in {} ms ({} KiB)", files.size(), ms, self->index_->memoryBytes() >> 10);
      send({{"kind", "end"}, {"message", "Indexed " + std::to_string(files.size()) + " files"}});
    });
  };
  if (!clientProgress_) {
    run(false);
    return;
  }
  // Progress needs a token the client created; index once it answers.
  requestClient("window/workDoneProgress/create", {{"token", token}},
                [run](const json& r) { run(!r.contains("error")); });
}

void Session::didChangeWatchedFiles(const json& params) {
  if (!params.contains("changes") || !params["changes"].is_array()) return;
  bool configChanged = false;
  std::vector<std::pair<std::string, int>> changes;
  for (const json& c : params["changes"]) {
    if (!c.is_object() || !c.contains("uri") || !c["uri"].is_string()) continue;
    const auto path = uriToPath(c["uri"].get<std::string>());
    if (!path) continue;
    if (path->ends_with("/.flakewise.json")) {
      configChanged = true;
      continue;
    }
    if (path->ends_with("/flake.lock")) {
      // The flake next to it is judged against the new lock.
      lockChanged(*path);
      continue;
    }
    if (path->ends_with("/flake.nix")) lockChanged(path->substr(0, path->size() - 9) + "flake.lock");
    changes.emplace_back(*path, c.value("type", 2));
  }
  if (configChanged) {
    loadProjectConfigs();
    for (auto& [uri, doc] : documents_) scheduleDiagnostics(uri, std::chrono::milliseconds(0));
  }
  if (changes.empty()) return;
  const std::size_t maxFileBytes = options_.maxFileBytes;
  asio::post(pool_, [self = shared_from_this(), changes, maxFileBytes] {
    for (const auto& [path, type] : changes) {
      if (type == 3) {  // deleted
        self->index_->remove(path);
        continue;
      }
      std::string err;
      std::optional<std::string> text = readFile(path, err, maxFileBytes);
      if (!text || text->size() > maxFileBytes) {
        self->index_->remove(path);
        continue;
      }
      const SyntaxTreePtr tree = SyntaxTree::parse(std::move(*text));
      self->index_->put(path, WorkspaceIndex::summarise(path, *tree));
    }
  });
}

}  // namespace fw::server
