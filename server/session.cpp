#include "server/session.h"

#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>

#include "analysis/options/builtin_files.h"
#include "analysis/options/module_syntax.h"
#include "analysis/options/option_features.h"
#include "analysis/flakes/flake_file.h"
#include "analysis/packages/project_features.h"
#include "server/external_process.h"
#include "analysis/options/discover.h"
#include "server/nixos_options.h"
#include "server/options_json.h"
#include "server/eval_files.h"
#include "server/framing.h"
#include "server/handlers_edit.h"
#include "server/uri.h"
#include "server/version.h"

namespace fw::server {

namespace asio = boost::asio;

// ---------------------------------------------------------------- Output

void Output::send(const json& message) {
  const std::string bytes = frame(dumpJson(message));
  std::lock_guard lock(mutex_);
  if (closed_) return;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      // The client went away (EPIPE) or the descriptor broke: stop writing;
      // the reader will see EOF and end the session.
      spdlog::warn("writing to the client failed: {}", std::strerror(errno));
      closed_ = true;
      if (auto fn = std::move(onFailure_)) fn();
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

// ---------------------------------------------------------------- Reply

Reply::~Reply() {
  if (!done_) error(errc::InternalError, "the server dropped this request without an answer");
}

void Reply::result(json value) {
  if (done_.exchange(true)) return;
  out_->send({{"jsonrpc", "2.0"}, {"id", id_}, {"result", std::move(value)}});
}

void Reply::error(int code, const std::string& message) {
  if (done_.exchange(true)) return;
  out_->send({{"jsonrpc", "2.0"}, {"id", id_}, {"error", {{"code", code}, {"message", message}}}});
}

// ---------------------------------------------------------------- Session

namespace {

struct BackgroundCount {
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
};

BackgroundCount& backgroundCount() {
  static BackgroundCount* c = new BackgroundCount;  // never destroyed: used by detached threads
  return *c;
}

}  // namespace

BackgroundThread::BackgroundThread() {
  std::lock_guard lock(backgroundCount().mutex);
  ++backgroundCount().running;
}

BackgroundThread::~BackgroundThread() {
  if (!counted_) return;
  std::lock_guard lock(backgroundCount().mutex);
  --backgroundCount().running;
  backgroundCount().changed.notify_all();
}

void BackgroundThread::waitAll() {
  std::unique_lock lock(backgroundCount().mutex);
  backgroundCount().changed.wait(lock, [] { return backgroundCount().running == 0; });
}

struct Session::WakePipe {
  int read = -1, write = -1;
  WakePipe() {
    int p[2];
    if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0) {
      read = p[0];
      write = p[1];
    }
  }
  ~WakePipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
  WakePipe(const WakePipe&) = delete;
  WakePipe& operator=(const WakePipe&) = delete;
};

Session::Session(asio::io_context& io, asio::thread_pool& pool, int inFd, int outFd,
                 ServerOptions options, std::function<void(int)> onEnd)
    : io_(io),
      pool_(pool),
      strand_(asio::make_strand(io)),
      inFd_(inFd),
      out_(std::make_shared<Output>(outFd)),
      options_(options),
      onEnd_(std::move(onEnd)),
      wake_(std::make_shared<WakePipe>()),
      files_(std::make_shared<WorkspaceFiles>(options.maxFileBytes)),
      semanticTokens_(std::make_shared<SemanticTokensCache>()) {
  files_->setIndex(index_);
  evaluator_ = std::make_shared<eval::Evaluator>(options::withBuiltinFiles(std::make_shared<DiskFileSystem>()));
}

std::string Session::optionsSettingPath(const std::optional<std::string> Settings::*field) const {
  // A project's .flakewise.json first (relative to it), then the editor's
  // (relative to the first workspace folder).
  for (const ProjectConfig& pc : projectConfigs_) {
    if (pc.settings.*field) return (std::filesystem::path(pc.root) / *(pc.settings.*field)).lexically_normal().string();
  }
  if (editorSettings_.*field) {
    const std::string base = roots_.empty() ? std::string(".") : roots_.front();
    return (std::filesystem::path(base) / *(editorSettings_.*field)).lexically_normal().string();
  }
  return {};
}

std::function<options::OptionTreePtr()> Session::optionTreeSource() const {
  // An options.json from the settings, else NixOS's option set once it
  // has been computed (startNixosOptions).
  const std::string external = optionsSettingPath(&Settings::optionsJson);
  return [cache = optionCache_, index = index_, ev = evaluator_, settings = evalSettings(), roots = roots_, external,
          nixpkgs = optionsSettingPath(&Settings::nixpkgs), nixos = external.empty() ? nixosOptions_ : nullptr] {
    return cache->get(*index, *ev, settings, roots, external, nixpkgs, nixos);
  };
}

void Session::startNixosOptions() {
  bool enabled = editorSettings_.nixosOptions.value_or(false);
  for (const ProjectConfig& pc : projectConfigs_) enabled = enabled || pc.settings.nixosOptions.value_or(false);
  if (!enabled || nixosOptionsStarted_ || !options_.externalProcesses) return;
  nixosOptionsStarted_ = true;
  const auto found = options::findNixpkgs(*evaluator_, evalSettings(), roots_, optionsSettingPath(&Settings::nixpkgs));
  if (!found) {
    showMessage(2, "flakewise: no nixpkgs found to compute the NixOS options (set options.nixpkgs, or lock a nixpkgs "
                   "input that is present locally)");
    return;
  }
  NixosOptionsRequest request;
  request.nixpkgs = found->nixpkgs;
  request.cacheDir = defaultCacheDir();
  if (const char* nix = std::getenv("FLAKEWISE_NIX_INSTANTIATE"); nix && *nix) request.nixInstantiate = nix;
  // A project's .flakewise.json first, then the editor's setting.
  std::optional<int> seconds = editorSettings_.nixosTimeoutSeconds;
  for (auto it = projectConfigs_.rbegin(); it != projectConfigs_.rend(); ++it)
    if (it->settings.nixosTimeoutSeconds) seconds = it->settings.nixosTimeoutSeconds;
  if (seconds) request.timeout = std::chrono::seconds(*seconds);
  const std::string token = "flakewise/nixos-options";
  auto run = [weak = weak_from_this(), strand = strand_, out = out_, request, token](bool progress) {
    auto report = [out, token](json value) {
      json params = {{"token", token}, {"value", std::move(value)}};
      out->send({{"jsonrpc", "2.0"}, {"method", "$/progress"}, {"params", std::move(params)}});
    };
    if (progress) {
      report({{"kind", "begin"}, {"title", "Computing NixOS options"}, {"message", request.nixpkgs}, {"cancellable", false}});
    }
    // A thread of its own: this can take minutes, and must not hold a pool
    // thread the editor's requests need. Counted, so that the server's exit
    // waits for it (after stopping its child) before the strand is gone.
    BackgroundThread job;
    std::thread([job = std::move(job), weak, strand, report, request, progress] {
      const NixosOptionsResult r = computeNixosOptions(request);
      if (progress) report({{"kind", "end"}, {"message", r.error.empty() ? "NixOS options ready" : r.error}});
      asio::post(strand, [weak, r] {
        auto self = weak.lock();
        if (!self || self->state_ == State::Exited) return;
        if (!r.warning.empty()) {
          spdlog::warn("NixOS options: {}", r.warning);
          self->showMessage(2, "flakewise: NixOS options: " + r.warning);
        }
        if (!r.error.empty()) {
          spdlog::warn("NixOS options: {}", r.error);
          self->showMessage(1, "flakewise: NixOS options: " + r.error);
          return;
        }
        spdlog::info("NixOS options: {} options{}{}", r.tree->options().size(),
                     r.jsonPath.empty() ? "" : " from " + r.jsonPath, r.fromCache ? " (cached)" : "");
        self->nixosOptions_ = r.tree;
        for (const auto& [uri, open] : self->documents_) self->scheduleDiagnostics(uri, std::chrono::milliseconds(0));
      });
    }).detach();
  };
  if (!clientProgress_) {
    run(false);
    return;
  }
  requestClient("window/workDoneProgress/create", {{"token", token}}, [run](const json& r) { run(!r.contains("error")); });
}

eval::EvalSettings Session::evalSettings() const {
  eval::EvalSettings s;
  s.allowedRoots = roots_;
  s.tolerant = true;
  s.maxFileBytes = options_.maxFileBytes;
  return s;
}

Session::~Session() { close(); }

void Session::close() {
  out_->close();
  if (wake_->write >= 0) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_->write, &byte, 1);
  }
  if (reader_.joinable()) {
    // The reader itself may drop the last reference to the session.
    if (reader_.get_id() == std::this_thread::get_id()) {
      reader_.detach();
    } else {
      reader_.join();
    }
  }
}

void Session::start() {
  // A new option tree: definitions elsewhere may now be right or wrong.
  std::weak_ptr<Session> weakSelf = weak_from_this();
  optionCache_->setOnChange([weakSelf, strand = strand_] {
    asio::post(strand, [weakSelf] {
      auto self = weakSelf.lock();
      if (!self || self->state_ == State::Exited) return;
      for (const auto& [uri, open] : self->documents_) self->scheduleDiagnostics(uri, self->options_.diagnosticsDelay);
    });
  });
  // Nobody reads what we write any more: end the session rather than
  // serve into the void.
  out_->onFailure([weak = weak_from_this(), strand = strand_] {
    asio::post(strand, [weak] {
      if (auto s = weak.lock()) {
        spdlog::info("the client stopped reading; ending the session");
        s->end(1);
      }
    });
  });
  // The reader holds only a weak reference while it waits: a finished
  // session is not kept alive by a thread blocked in poll().
  std::weak_ptr<Session> weak = weak_from_this();
  const int fd = inFd_;
  const std::size_t maxBody = options_.maxMessageBytes;
  const int stallMs = static_cast<int>(options_.incompleteMessageTimeout.count());
  reader_ = std::thread([weak, fd, maxBody, stallMs, wake = wake_] {
    FrameReader reader(maxBody);
    std::string buf(1 << 16, '\0');
    for (;;) {
      // Blocking reads, woken by close(); with a timeout only while a
      // message body is incomplete.
      pollfd fds[2] = {{fd, POLLIN, 0}, {wake->read, POLLIN, 0}};
      const int ready = ::poll(fds, 2, reader.incompleteBody() ? stallMs : -1);
      if (ready < 0 && errno == EINTR) continue;
      if (fds[1].revents != 0) return;  // closing
      auto s = weak.lock();
      if (!s) return;
      if (ready == 0) {
        s->onStalled(reader);
        continue;
      }
      ssize_t n = -1;
      if (ready > 0) {
        n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      }
      if (n <= 0) {
        if (n < 0) spdlog::warn("reading from the client failed: {}", std::strerror(errno));
        s->receiveEof(reader);
        return;
      }
      s->receive(reader, std::string_view(buf.data(), static_cast<std::size_t>(n)));
    }
  });
}

void Session::receive(FrameReader& reader, std::string_view bytes) {
  reader.feed(bytes);
  FrameEvent ev;
  while (reader.next(ev)) {
    if (ev.kind == FrameEvent::Kind::Message) {
      onBody(std::move(ev.body));
    } else {
      onFramingError(ev);
    }
  }
}

void Session::receiveEof(const FrameReader& reader) {
  if (reader.pending() > 0) spdlog::warn("input ended inside a message ({} bytes unread)", reader.pending());
  asio::post(strand_, [self = shared_from_this()] { self->onEof(); });
}

void Session::onStalled(FrameReader& reader) {
  const std::optional<FrameReader::Incomplete> inc = reader.incompleteBody();
  // Only a body that is already complete JSON is given up: anything else
  // may be a slow client still sending.
  if (!inc || !json::accept(inc->received)) return;
  reader.abandonIncomplete();
  receive(reader, {});
}

void Session::sendError(const json& id, int code, const std::string& message) {
  // Answered on the strand, so that it keeps its place among the replies.
  asio::post(strand_, [out = out_, id, code, message] {
    out->send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  });
}

// Called on the reader thread: JSON parsing happens here, off the strand.
void Session::onBody(std::string body) {
  bool repaired = false;
  json msg = parseJsonLenient(body, repaired);
  if (msg.is_discarded()) {
    spdlog::warn("ignoring a message that is not JSON ({} bytes)", body.size());
    // A request whose id can still be read gets its answer.
    sendError(findMessageId(body).value_or(nullptr), errc::ParseError, "message is not valid JSON");
    return;
  }
  if (repaired) {
    spdlog::warn("a message held invalid UTF-8 or lone surrogates; replaced them with U+FFFD");
  }
  asio::post(strand_, [self = shared_from_this(), m = std::move(msg)]() mutable {
    self->dispatch(std::move(m));
  });
}

void Session::onFramingError(const FrameEvent& event) {
  spdlog::warn("protocol: {}", event.body);
  // Tie the error to the request it is about when its id can be read, so
  // that a client waiting for that answer gets one.
  std::optional<json> id;
  if (!event.partial.empty()) {
    bool repaired = false;
    const json m = parseJsonLenient(event.partial, repaired);
    if (m.is_object() && m.contains("id") && (m["id"].is_string() || m["id"].is_number_integer())) {
      id = m["id"];
    } else if (m.is_discarded()) {
      id = findMessageId(event.partial);
    }
  }
  sendError(id.value_or(nullptr), event.oversized ? errc::InvalidRequest : errc::ParseError, event.body);
}

void Session::onEof() {
  if (state_ == State::Exited) return;
  spdlog::info("client closed the connection");
  end(state_ == State::ShutDown ? 0 : 1);
}

void Session::end(int code) {
  if (state_ == State::Exited) return;
  state_ = State::Exited;
  ending_ = true;
  // Requests still running are answered while the client may still read;
  // after `exit` (or the client's end) nothing more is written.
  cancelAllPending("the server is exiting");
  out_->close();
  for (auto& [uri, open] : documents_) {
    open.diagnosticsTimer->cancel();
    // Requests waiting for a reparse hold the session: drop them, or a
    // session that ends with one waiting is never freed (found by
    // fuzz_session under LeakSanitizer).
    (void)open.doc->takeAllWaiters();
  }
  if (onEnd_) onEnd_(code);
}

void Session::dispatch(json msg) {
  if (state_ == State::Exited) return;
  if (msg.is_array()) {
    // Each request of the batch gets its own error (a client waiting for
    // an id hears back); a batch without requests gets one.
    const std::string why = "JSON-RPC batches are not supported by the Language Server Protocol";
    bool answered = false;
    for (const json& m : msg) {
      if (m.is_object() && m.contains("method") && m.contains("id") &&
          (m["id"].is_string() || m["id"].is_number_integer())) {
        Reply(m["id"], out_).error(errc::InvalidRequest, why);
        answered = true;
      }
    }
    if (!answered) Reply(nullptr, out_).error(errc::InvalidRequest, why);
    return;
  }
  if (!msg.is_object()) {
    out_->send({{"jsonrpc", "2.0"},
                {"id", nullptr},
                {"error", {{"code", errc::InvalidRequest}, {"message", "message is not an object"}}}});
    return;
  }
  const bool hasId = msg.contains("id");
  const bool hasMethod = msg.contains("method") && msg["method"].is_string();
  if (!hasMethod) {
    if (hasId && (msg.contains("result") || msg.contains("error"))) {
      // A response to a request of ours.
      auto it = outgoing_.find(dumpJson(msg["id"]));
      if (it == outgoing_.end()) {
        spdlog::debug("ignoring a response to unknown request {}", dumpJson(msg["id"]));
        return;
      }
      auto callback = std::move(it->second);
      outgoing_.erase(it);
      if (callback) callback(msg);
      return;
    }
    // Its id is echoed only if it is one (an integer or a string).
    const bool validId = hasId && (msg["id"].is_string() || msg["id"].is_number_integer());
    out_->send({{"jsonrpc", "2.0"},
                {"id", validId ? msg["id"] : json(nullptr)},
                {"error", {{"code", errc::InvalidRequest}, {"message", "message has no method"}}}});
    return;
  }
  const std::string method = msg["method"].get<std::string>();
  const json params = msg.contains("params") ? msg["params"] : json::object();
  if (hasId) {
    const json& id = msg["id"];
    if (!id.is_string() && !id.is_number_integer()) {
      out_->send({{"jsonrpc", "2.0"},
                  {"id", nullptr},
                  {"error", {{"code", errc::InvalidRequest}, {"message", "request id must be an integer or a string"}}}});
      return;
    }
    handleRequest(id, method, params);
  } else {
    handleNotification(method, params);
  }
}

void Session::handleRequest(const json& id, const std::string& method, const json& params) {
  spdlog::debug("request {} {}", dumpJson(id), method);
  auto fail = [&](int code, const std::string& message) { Reply(id, out_).error(code, message); };
  if (state_ == State::Uninitialized && method != "initialize") {
    return fail(errc::ServerNotInitialized, "the server is not initialized yet");
  }
  if (state_ == State::ShutDown) {
    return fail(errc::InvalidRequest, "the server is shutting down");
  }
  try {
    if (method == "initialize") {
      if (state_ != State::Uninitialized) return fail(errc::InvalidRequest, "initialize was already called");
      json result = initialize(params);
      state_ = State::Running;
      Reply(id, out_).result(std::move(result));
      return;
    }
    if (method == "shutdown") {
      state_ = State::ShutDown;
      cancelAllPending("the server is shutting down");
      Reply(id, out_).result(nullptr);
      return;
    }
    const PositionEncoding enc = encoding_;
    if (method == "textDocument/formatting" || method == "textDocument/rangeFormatting" ||
        method == "textDocument/onTypeFormatting") {
      return handleFormatting(id, method, params);
    }
    if (method == "textDocument/documentSymbol") {
      return runOnDocument(id, params, [enc](const SyntaxTreePtr& tp, std::stop_token stop) {
        const SyntaxTree& t = *tp;
        json out = json::array();
        for (const DocumentSymbol& s : documentSymbols(t, stop)) out.push_back(toLsp(s, t.lines(), enc));
        return out;
      });
    }
    if (method == "textDocument/foldingRange") {
      return runOnDocument(id, params, [](const SyntaxTreePtr& t, std::stop_token stop) {
        json out = json::array();
        for (const FoldingRange& f : foldingRanges(*t, stop)) out.push_back(toLsp(f));
        return out;
      });
    }
    if (method == "textDocument/selectionRange") {
      if (!params.contains("positions") || !params["positions"].is_array())
        return fail(errc::InvalidParams, "selectionRange needs positions");
      std::vector<Position> positions;
      for (const json& p : params["positions"]) positions.push_back(positionFromLsp(p));
      return runOnView(id, params, [enc, positions](const DocumentView& v, std::stop_token) {
        json out = json::array();
        for (const Position& p : positions) {
          const ByteOffset o = v.lines().offset(p, enc);
          out.push_back(selectionToLsp(selectionRanges(v, o), v.lines(), enc));
        }
        return out;
      });
    }
    if (method == "flakewise/optionTree") {
      std::string prefix;
      if (params.is_object() && params.contains("prefix")) {
        if (!params["prefix"].is_string()) return fail(errc::InvalidParams, "prefix must be a string");
        prefix = params["prefix"].get<std::string>();
      }
      return runOnPool(id, [source = optionTreeSource(), prefix](std::stop_token) {
        const options::OptionTreePtr tree = source();
        const std::vector<std::string> want = options::parseOptionPath(prefix);
        json out = json::array();
        for (const options::Option& o : tree->options()) {
          if (o.loc.size() < want.size() || !std::equal(want.begin(), want.end(), o.loc.begin())) continue;
          out.push_back(optionToJson(o, [](const std::string& f) { return f; }));
        }
        return out;
      });
    }
    if (handleFeature(id, method, params)) return;
    if (handleEditFeature(id, method, params)) return;
    if (handleFlakeFeature(id, method, params)) return;
    if (options_.debugMethods && method == "flakewise/debug/sleep") {
      const int ms = params.value("ms", 1000);
      return runOnPool(id, [ms](std::stop_token stop) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < until) {
          if (stop.stop_requested()) return json("cancelled");
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return json("slept");
      });
    }
    fail(errc::MethodNotFound, "method not supported: " + method);
  } catch (const RpcError& e) {
    fail(e.code, e.what());
  } catch (const std::invalid_argument& e) {
    fail(errc::InvalidParams, e.what());
  } catch (const nlohmann::json::exception& e) {
    // A parameter of the wrong JSON type (e.g. a number where a string
    // belongs): the client's mistake, not ours.
    fail(errc::InvalidParams, e.what());
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", method, e.what());
    fail(errc::InternalError, e.what());
  }
}

void Session::handleNotification(const std::string& method, const json& params) {
  spdlog::debug("notification {}", method);
  if (method == "exit") {
    end(state_ == State::ShutDown ? 0 : 1);
    return;
  }
  if (state_ == State::Uninitialized) {
    // Notifications before initialize are dropped (LSP 3.17).
    return;
  }
  try {
    if (method == "initialized") {
      registerFileWatchers();
      startIndexing();
      startNixosOptions();
      return;
    }
    if (method == "workspace/didChangeWatchedFiles") return didChangeWatchedFiles(params);
    if (method == "textDocument/didOpen") return didOpen(params);
    if (method == "textDocument/didChange") return didChange(params);
    if (method == "textDocument/didClose") return didClose(params);
    if (method == "textDocument/didSave") {
      // Diagnostics follow edits already; a save re-checks at once.
      const std::string uri = documentUri(params);
      if (documents_.count(uri)) scheduleDiagnostics(uri, std::chrono::milliseconds(0));
      return;
    }
    if (method == "$/cancelRequest") {
      if (params.contains("id")) cancel(params["id"]);
      return;
    }
    if (method == "workspace/didChangeConfiguration") {
      if (params.contains("settings")) applyConfiguration(params["settings"]);
      return;
    }
    // Unknown notifications (including $/ ones) are ignored, as LSP asks.
  } catch (const std::exception& e) {
    spdlog::warn("notification {} ignored: {}", method, e.what());
  }
}

json Session::initialize(const json& params) {
  // Prefer UTF-8 positions when the client offers them: no conversion.
  encoding_ = PositionEncoding::Utf16;
  if (params.contains("capabilities")) {
    const json& caps = params["capabilities"];
    if (caps.contains("general") && caps["general"].contains("positionEncodings") &&
        caps["general"]["positionEncodings"].is_array()) {
      for (const json& e : caps["general"]["positionEncodings"]) {
        if (e == "utf-8") encoding_ = PositionEncoding::Utf8;
      }
      if (encoding_ != PositionEncoding::Utf8) {
        for (const json& e : caps["general"]["positionEncodings"]) {
          if (e == "utf-32") encoding_ = PositionEncoding::Utf32;
        }
      }
    }
  }
  if (params.contains("capabilities")) {
    const json& caps = params["capabilities"];
    clientProgress_ = caps.contains("window") && caps["window"].is_object() &&
                      caps["window"].value("workDoneProgress", false);
    clientInlayRefresh_ = caps.contains("workspace") && caps["workspace"].is_object() &&
                          caps["workspace"].contains("inlayHint") && caps["workspace"]["inlayHint"].is_object() &&
                          caps["workspace"]["inlayHint"].value("refreshSupport", false);
    clientWatchRegistration_ =
        caps.contains("workspace") && caps["workspace"].is_object() &&
        caps["workspace"].contains("didChangeWatchedFiles") &&
        caps["workspace"]["didChangeWatchedFiles"].is_object() &&
        caps["workspace"]["didChangeWatchedFiles"].value("dynamicRegistration", false);
  }
  // Workspace folders, else the root URI, else the root path.
  roots_.clear();
  if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
    for (const json& f : params["workspaceFolders"]) {
      if (f.is_object() && f.contains("uri") && f["uri"].is_string())
        if (auto p = uriToPath(f["uri"].get<std::string>())) roots_.push_back(*p);
    }
  }
  if (roots_.empty() && params.contains("rootUri") && params["rootUri"].is_string()) {
    if (auto p = uriToPath(params["rootUri"].get<std::string>())) roots_.push_back(*p);
  }
  if (roots_.empty() && params.contains("rootPath") && params["rootPath"].is_string()) {
    roots_.push_back(params["rootPath"].get<std::string>());
  }
  loadProjectConfigs();
  if (params.contains("initializationOptions") && params["initializationOptions"].is_object()) {
    applyConfiguration(params["initializationOptions"]);
  }
  json caps = {
      {"positionEncoding", encodingName(encoding_)},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"documentSymbolProvider", true},
      {"foldingRangeProvider", true},
      {"selectionRangeProvider", true},
      {"documentFormattingProvider", true},
      {"documentRangeFormattingProvider", true},
      {"documentOnTypeFormattingProvider",
       {{"firstTriggerCharacter", ";"}, {"moreTriggerCharacter", json::array({"}"})}}},
      {"definitionProvider", true},
      {"hoverProvider", true},
      {"referencesProvider", true},
      {"documentHighlightProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"completionProvider", {{"triggerCharacters", {".", "/"}}, {"resolveProvider", false}}},
      {"workspaceSymbolProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix", "refactor.rewrite"}}}},
      {"signatureHelpProvider", {{"triggerCharacters", {"{", " "}}, {"retriggerCharacters", {";"}}}},
      {"semanticTokensProvider", {{"legend", semanticTokensLegend()}, {"range", true}, {"full", {{"delta", true}}}}},
      {"documentLinkProvider", {{"resolveProvider", false}}},
      {"inlayHintProvider", {{"resolveProvider", false}}},
  };
  spdlog::info("initialized: position encoding {}", encodingName(encoding_));
  return {{"capabilities", caps},
          {"serverInfo", {{"name", "flakewise"}, {"version", kVersion}}}};
}

void Session::applyConfiguration(const json& settings) {
  std::vector<std::string> problems;
  const Settings parsed = parseSettings(settings, problems);
  for (const std::string& p : problems) spdlog::warn("settings: {}", p);
  // Keys that are present replace the old values; absent ones stay.
  const json& j = settings.is_object() && settings.contains("flakewise") ? settings["flakewise"] : settings;
  const json* d = j.is_object() && j.contains("diagnostics") && j["diagnostics"].is_object() ? &j["diagnostics"] : nullptr;
  if (d && d->contains("disabled")) editorSettings_.disabled = parsed.disabled;
  if (d && d->contains("exclude")) editorSettings_.exclude = parsed.exclude;
  if (j.is_object() && j.contains("options") && j["options"].is_object() && j["options"].contains("json"))
    editorSettings_.optionsJson = parsed.optionsJson;
  if (j.is_object() && j.contains("options") && j["options"].is_object()) {
    if (j["options"].contains("nixos")) editorSettings_.nixosOptions = parsed.nixosOptions;
    if (j["options"].contains("nixpkgs")) editorSettings_.nixpkgs = parsed.nixpkgs;
  }
  if (parsed.delayMs) {
    options_.diagnosticsDelay = std::chrono::milliseconds(std::clamp(*parsed.delayMs, 0, 10000));
  }
  if (j.is_object() && j.contains("formatter") && j["formatter"].is_object()) {
    const json& f = j["formatter"];
    if (f.contains("command")) {
      formatterConfig_.command.clear();
      if (f["command"].is_array()) {
        for (const json& a : f["command"])
          if (a.is_string()) formatterConfig_.command.push_back(a.get<std::string>());
      } else if (f["command"].is_string() && !f["command"].get<std::string>().empty()) {
        formatterConfig_.command.push_back(f["command"].get<std::string>());
      }
    }
    if (f.contains("timeoutMs") && f["timeoutMs"].is_number_integer()) {
      formatterConfig_.timeout = std::chrono::milliseconds(
          std::clamp<std::int64_t>(f["timeoutMs"].get<std::int64_t>(), 100, 600000));
    }
    if (f.contains("indentWidth") && f["indentWidth"].is_number_integer()) {
      formatterConfig_.options.indentWidth =
          static_cast<std::uint32_t>(std::clamp<std::int64_t>(f["indentWidth"].get<std::int64_t>(), 1, 16));
    }
    if (f.contains("lineWidth") && f["lineWidth"].is_number_integer()) {
      formatterConfig_.options.lineWidth =
          static_cast<std::uint32_t>(std::clamp<std::int64_t>(f["lineWidth"].get<std::int64_t>(), 20, 1000));
    }
  }
  if (j.is_object() && j.contains("inlayHints") && j["inlayHints"].is_object()) {
    const json& h = j["inlayHints"];
    if (h.contains("lockedRevisions") && h["lockedRevisions"].is_boolean()) {
      const bool before = lockedRevisionHints_;
      lockedRevisionHints_ = h["lockedRevisions"].get<bool>();
      // Clients ask again for hints when told they changed.
      if (before != lockedRevisionHints_ && state_ == State::Running && clientInlayRefresh_)
        requestClient("workspace/inlayHint/refresh", nullptr, [](const json&) {});
    }
  }
  if (j.is_object() && j.contains("packages") && j["packages"].is_object()) {
    const json& pk = j["packages"];
    if (pk.contains("sources") && pk["sources"].is_array()) {
      nixpkgsConfig_.source.clear();
      for (const json& src : pk["sources"])
        if (src.is_string() && !src.get<std::string>().empty()) {
          nixpkgsConfig_.source = src.get<std::string>();
          break;
        }
    }
    if (pk.contains("evalTimeoutMs") && pk["evalTimeoutMs"].is_number_integer())
      nixpkgsConfig_.timeout =
          std::chrono::milliseconds(std::clamp<std::int64_t>(pk["evalTimeoutMs"].get<std::int64_t>(), 100, 600000));
  }
  // Re-check open documents under the new settings.
  for (auto& [uri, doc] : documents_) scheduleDiagnostics(uri, options_.diagnosticsDelay);
}

void Session::loadProjectConfigs() {
  projectConfigs_.clear();
  for (const std::string& root : roots_) {
    std::vector<std::string> problems;
    if (auto cfg = loadProjectConfig(root, problems)) projectConfigs_.push_back(std::move(*cfg));
    for (const std::string& p : problems) {
      spdlog::warn("{}", p);
      out_->send({{"jsonrpc", "2.0"},
                  {"method", "window/showMessage"},
                  {"params", {{"type", 2}, {"message", "flakewise: " + p}}}});
    }
  }
}

std::optional<DiagnosticsConfig> Session::diagnosticsConfigFor(const std::string& uri) const {
  DiagnosticsConfig cfg;
  cfg.disabled = editorSettings_.disabled;
  const std::optional<std::string> path = uriToPath(uri);
  for (const std::string& root : roots_) {
    if (path && isExcluded(editorSettings_.exclude, root, *path)) return std::nullopt;
  }
  for (const ProjectConfig& pc : projectConfigs_) {
    if (path && isExcluded(pc.settings.exclude, pc.root, *path)) return std::nullopt;
    cfg.disabled.insert(cfg.disabled.end(), pc.settings.disabled.begin(), pc.settings.disabled.end());
  }
  return cfg;
}

Session::OpenDocument& Session::openDocument(const json& params) {
  const std::string uri = documentUri(params);
  auto it = documents_.find(uri);
  if (it == documents_.end()) throw RpcError(errc::InvalidParams, "document is not open: " + uri);
  return it->second;
}

void Session::didOpen(const json& params) {
  const std::string uri = documentUri(params);
  const json& td = params["textDocument"];
  if (!td.contains("text") || !td["text"].is_string())
    throw std::invalid_argument("didOpen without text");
  const std::int64_t version =
      td.contains("version") && td["version"].is_number_integer() ? td["version"].get<std::int64_t>() : 0;
  auto it = documents_.find(uri);
  if (it != documents_.end()) it->second.diagnosticsTimer->cancel();
  OpenDocument& open = documents_[uri];
  open.doc = std::make_unique<Document>(td["text"].get<std::string>(), version, options_.maxFileBytes);
  open.diagnosticsTimer = std::make_unique<asio::steady_timer>(strand_);
  open.generation = ++generations_;
  open.diagnosticsDue = false;
  if (auto path = uriToPath(uri)) {
    files_->setOpen(*path, open.doc->full());
    if (path->ends_with(".nix")) index_->putTree(*path, open.doc->full());
    evaluator_->setDocument(*path, open.doc->full());
  }
  scheduleDiagnostics(uri, std::chrono::milliseconds(0));
}

void Session::didChange(const json& params) {
  const std::string uri = documentUri(params);
  auto it = documents_.find(uri);
  if (it == documents_.end()) {
    spdlog::warn("didChange for a document that is not open: {}", uri);
    return;
  }
  OpenDocument& open = it->second;
  if (!params.contains("contentChanges") || !params["contentChanges"].is_array())
    throw std::invalid_argument("didChange without contentChanges");
  std::vector<TextChange> changes;
  for (const json& c : params["contentChanges"]) {
    if (!c.is_object() || !c.contains("text") || !c["text"].is_string())
      throw std::invalid_argument("a content change without text");
    TextChange ch;
    ch.text = c["text"].get<std::string>();
    if (c.contains("range") && c["range"].is_object()) {
      ch.range = rangeFromLsp(c["range"]);
    }
    changes.push_back(std::move(ch));
  }
  const json& td = params["textDocument"];
  const std::int64_t version = td.contains("version") && td["version"].is_number_integer()
                                   ? td["version"].get<std::int64_t>()
                                   : open.doc->version() + 1;
  open.doc->change(changes, encoding_, version);
  startReparse(uri);
  scheduleDiagnostics(uri, options_.diagnosticsDelay);
}

void Session::startReparse(const std::string& uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  std::optional<Document::Job> job = it->second.doc->takeJob();
  if (!job) return;
  const std::uint64_t generation = it->second.generation;
  const std::size_t maxFileBytes = options_.maxFileBytes;
  auto shared = std::make_shared<Document::Job>(std::move(*job));
  asio::post(pool_, [self = shared_from_this(), uri, generation, maxFileBytes, shared] {
    SyntaxTreePtr result = Document::run(*shared, maxFileBytes);
    asio::post(self->strand_, [self, uri, generation, shared, result = std::move(result)]() mutable {
      auto doc = self->documents_.find(uri);
      if (doc == self->documents_.end() || doc->second.generation != generation ||
          self->state_ == State::Exited)
        return;
      OpenDocument& open = doc->second;
      open.doc->finish(*shared, std::move(result));
      if (auto path = uriToPath(uri)) {
        self->files_->setOpen(*path, open.doc->full());
        if (path->ends_with(".nix")) self->index_->putTree(*path, open.doc->full());
        self->evaluator_->setDocument(*path, open.doc->full());
      }
      // Edits that came in meanwhile go into the next reparse.
      self->startReparse(uri);
      self->runReadyWaiters(open);
      if (open.diagnosticsDue && open.doc->current()) {
        open.diagnosticsDue = false;
        self->publishDiagnostics(uri);
      }
    });
  });
}

void Session::runReadyWaiters(OpenDocument& open) {
  for (auto& fn : open.doc->takeReadyWaiters()) fn(open.doc->analysis());
}

void Session::didClose(const json& params) {
  const std::string uri = documentUri(params);
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  it->second.diagnosticsTimer->cancel();
  // Requests still waiting for this document's reparse are answered from
  // its last complete tree.
  for (auto& fn : it->second.doc->takeAllWaiters()) fn(it->second.doc->analysis());
  documents_.erase(it);
  semanticTokens_->forget(uri);
  if (auto path = uriToPath(uri)) {
    files_->setClosed(*path);
    evaluator_->removeDocument(*path);
  }
  out_->send({{"jsonrpc", "2.0"},
              {"method", "textDocument/publishDiagnostics"},
              {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
}

void Session::scheduleDiagnostics(const std::string& uri, std::chrono::milliseconds delay) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  asio::steady_timer& timer = *it->second.diagnosticsTimer;
  timer.expires_after(delay);
  timer.async_wait(asio::bind_executor(
      strand_, [self = shared_from_this(), uri](const boost::system::error_code& ec) {
        if (!ec) self->publishDiagnostics(uri);
      }));
}

void Session::publishDiagnostics(const std::string& uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end() || state_ == State::Exited) return;
  OpenDocument& open = it->second;
  if (!open.doc->current()) {
    // Published when the reparse of the newest version lands.
    open.diagnosticsDue = true;
    return;
  }
  const std::shared_ptr<AnalysisSlot> slot = open.doc->analysis();
  const std::int64_t version = open.doc->version();
  const std::uint64_t generation = open.generation;
  const PositionEncoding enc = encoding_;
  const std::optional<DiagnosticsConfig> maybeCfg = diagnosticsConfigFor(uri);
  // Excluded files get no diagnostics (an empty list clears old ones).
  const bool excluded = !maybeCfg;
  const DiagnosticsConfig cfg = maybeCfg.value_or(DiagnosticsConfig{});
  const std::size_t maxFileBytes = options_.maxFileBytes;
  const FeatureContext ctx = contextFor(uri);
  if (!excluded && flakes::isFlakeNix(ctx.path)) publishLockDiagnostics(flakes::siblingLock(ctx.path));
  asio::post(pool_, [self = shared_from_this(), uri, slot, version, generation, enc, cfg, maxFileBytes, excluded, ctx,
                     ev = evaluator_, settings = evalSettings(), optionTree = optionTreeSource()] {
    const SyntaxTreePtr& tree = slot->tree();
    json list = json::array();
    if (excluded) {
      // nothing
    } else if (!tree->parsed()) {
      Diagnostic d{{0, 0}, Severity::Information, "file-too-large",
                   "flakewise does not analyse files over " + std::to_string(maxFileBytes >> 20) +
                       " MiB (this one has " + std::to_string(tree->text().size() >> 20) +
                       " MiB); raise --max-file-size to analyse it",
                   {}};
      list.push_back(toLsp(d, tree->lines(), enc, uri));
    } else if (flakes::isFlakeLock(ctx.path)) {
      // A lock opened in the editor: JSON, judged against its flake.nix.
      std::vector<Diagnostic> diags = flakeLockDiagnostics(tree->text(), ctx);
      std::erase_if(diags, [&](const Diagnostic& d) {
        return std::find(cfg.disabled.begin(), cfg.disabled.end(), d.code) != cfg.disabled.end();
      });
      for (const Diagnostic& d : diags) list.push_back(toLsp(d, tree->lines(), enc, uri));
    } else {
      std::vector<Diagnostic> diags = fileDiagnostics(*slot->get(), cfg);
      std::vector<Diagnostic> more = projectDiagnostics(*tree, ctx, {}, {ev.get(), &settings});
      // Option definitions, checked against the workspace's option tree
      // (computed only for files with modules).
      if (!options::findModules(tree->root(), tree->text()).empty()) {
        for (Diagnostic& d : options::optionDiagnostics(*tree, *optionTree())) more.push_back(std::move(d));
      }
      filterDiagnostics(*tree, cfg, more);
      diags.insert(diags.end(), more.begin(), more.end());
      std::stable_sort(diags.begin(), diags.end(),
                       [](const Diagnostic& x, const Diagnostic& y) { return x.range.start < y.range.start; });
      for (const Diagnostic& d : diags) list.push_back(toLsp(d, tree->lines(), enc, uri));
    }
    asio::post(self->strand_, [self, uri, version, generation, list = std::move(list)]() mutable {
      // Publish only if the document is still open at that version.
      auto doc = self->documents_.find(uri);
      if (doc == self->documents_.end() || doc->second.generation != generation ||
          doc->second.doc->version() != version || self->state_ == State::Exited)
        return;
      self->out_->send({{"jsonrpc", "2.0"},
                        {"method", "textDocument/publishDiagnostics"},
                        {"params", {{"uri", uri}, {"version", version}, {"diagnostics", std::move(list)}}}});
    });
  });
}

void Session::lockChanged(const std::string& lockPath) {
  const std::string flakePath = flakes::siblingFlake(lockPath);
  bool open = false;
  for (auto& [uri, doc] : documents_) {
    const std::optional<std::string> p = uriToPath(uri);
    if (p && (*p == flakePath || *p == lockPath)) {
      open = true;
      scheduleDiagnostics(uri, std::chrono::milliseconds(0));
    }
  }
  if (!open) publishLockDiagnostics(lockPath);
}

void Session::publishLockDiagnostics(const std::string& lockPath) {
  const std::string uri = pathToUri(lockPath);
  // An open lock publishes its own diagnostics, with its version.
  if (documents_.count(uri)) {
    scheduleDiagnostics(uri, std::chrono::milliseconds(0));
    return;
  }
  const std::optional<DiagnosticsConfig> cfg = diagnosticsConfigFor(uri);
  const PositionEncoding enc = encoding_;
  const FeatureContext ctx = contextFor(uri);
  asio::post(pool_, [self = shared_from_this(), uri, lockPath, cfg, enc, ctx] {
    json list = json::array();
    const std::optional<std::string> text = ctx.files ? ctx.files->readText(lockPath) : std::nullopt;
    if (text && cfg) {
      std::vector<Diagnostic> diags = flakeLockDiagnostics(*text, ctx);
      std::erase_if(diags, [&](const Diagnostic& d) {
        return std::find(cfg->disabled.begin(), cfg->disabled.end(), d.code) != cfg->disabled.end();
      });
      const LineIndex lines(*text);
      for (const Diagnostic& d : diags) list.push_back(toLsp(d, lines, enc, uri));
    }
    asio::post(self->strand_, [self, uri, list = std::move(list)]() mutable {
      if (self->state_ == State::Exited || self->documents_.count(uri)) return;
      // Nothing to say about a lock that had nothing before: stay quiet.
      const bool had = self->lockDiagnosticsSent_.count(uri) > 0;
      if (list.empty() && !had) return;
      if (list.empty()) self->lockDiagnosticsSent_.erase(uri);
      else self->lockDiagnosticsSent_.insert(uri);
      self->out_->send({{"jsonrpc", "2.0"},
                        {"method", "textDocument/publishDiagnostics"},
                        {"params", {{"uri", uri}, {"diagnostics", std::move(list)}}}});
    });
  });
}

void Session::showMessage(int type, const std::string& message) {
  out_->send({{"jsonrpc", "2.0"},
              {"method", "window/showMessage"},
              {"params", {{"type", type}, {"message", message}}}});
}

// textDocument/formatting, rangeFormatting and onTypeFormatting: the
// built-in formatter, or the configured external command (whole document
// only; for a range, its edits inside the range are kept). Answers are
// minimal TextEdits against the newest version of the document.
void Session::handleFormatting(const json& id, const std::string& method, const json& params) {
  const PositionEncoding enc = encoding_;
  const FormatterConfig cfg = formatterConfig_;
  const bool onType = method == "textDocument/onTypeFormatting";
  const bool whole = method == "textDocument/formatting";
  std::optional<TextChange::Span> range;
  Position pos;
  std::string ch;
  if (method == "textDocument/rangeFormatting") {
    if (!params.contains("range") || !params["range"].is_object())
      throw RpcError(errc::InvalidParams, "rangeFormatting needs a range");
    range = rangeFromLsp(params["range"]);
  }
  if (onType) {
    if (!params.contains("position") || !params.contains("ch") || !params["ch"].is_string())
      throw RpcError(errc::InvalidParams, "onTypeFormatting needs a position and ch");
    pos = positionFromLsp(params["position"]);
    ch = params["ch"].get<std::string>();
  }
  if (!cfg.command.empty() && !options_.externalProcesses)
    throw RpcError(errc::RequestFailed, "external formatters are disabled in this server");
  // On-type formatting with an external command would run it on every
  // keystroke: it does nothing then.
  if (onType && !cfg.command.empty()) {
    Reply(id, out_).result(json::array());
    return;
  }
  auto self = shared_from_this();
  runOnDocument(id, params, [self, enc, cfg, onType, whole, range, pos, ch](const SyntaxTreePtr& tp,
                                                                          std::stop_token stop) -> json {
    const SyntaxTree& t = *tp;
    ByteRange br{0, static_cast<ByteOffset>(t.text().size())};
    if (range) br = {t.lines().offset(range->start, enc), t.lines().offset(range->end, enc)};
    if (br.end < br.start) std::swap(br.start, br.end);
    if (!cfg.command.empty()) {
      const ExternalFormat f = runExternalFormatter(cfg.command, t.text(), cfg.timeout);
      if (!f.ok) {
        self->showMessage(1, "flakewise: " + f.error);
        throw RpcError(errc::RequestFailed, f.error);
      }
      std::vector<TextEdit> edits = diffEdits(t.text(), f.text);
      if (range) {
        std::erase_if(edits, [&](const TextEdit& e) { return e.range.start < br.start || e.range.end > br.end; });
      }
      return toLsp(edits, t.lines(), enc);
    }
    if (whole) {
      const FormatResult r = formatDocument(t, cfg.options, stop);
      if (r.error) {
        self->showMessage(2, "flakewise: " + *r.error);
        throw RpcError(errc::RequestFailed, *r.error);
      }
      return toLsp(diffEdits(t.text(), r.text), t.lines(), enc);
    }
    if (onType) {
      if (ch.size() != 1) return json::array();
      const ByteOffset at = t.lines().offset(pos, enc);
      return toLsp(formatOnType(t, at, ch[0], cfg.options).edits, t.lines(), enc);
    }
    const RangeFormatResult r = formatRange(t, br, cfg.options);
    if (r.edits.empty() && r.error) throw RpcError(errc::RequestFailed, *r.error);
    return toLsp(r.edits, t.lines(), enc);
  });
}

std::pair<std::shared_ptr<Reply>, std::stop_token> Session::track(const json& id) {
  auto reply = std::make_shared<Reply>(id, out_);
  Pending& p = pending_[dumpJson(id)];
  p.stop = std::stop_source();
  p.reply = reply;
  return {reply, p.stop.get_token()};
}

void Session::untrack(const std::string& key, const std::shared_ptr<Reply>& reply) {
  asio::post(strand_, [self = shared_from_this(), key, reply] {
    auto it = self->pending_.find(key);
    if (it != self->pending_.end() && it->second.reply == reply) self->pending_.erase(it);
  });
}

namespace {

// Runs a request's work and answers with its result, or with the error it
// raised; nothing when the request was cancelled meanwhile.
template <typename Work>
void answer(Reply& reply, const std::stop_token& token, Work&& work) {
  if (token.stop_requested()) return;
  try {
    json result = work();
    if (!token.stop_requested()) reply.result(std::move(result));
  } catch (const RpcError& e) {
    reply.error(e.code, e.what());
  } catch (const std::exception& e) {
    spdlog::error("request failed: {}", e.what());
    reply.error(errc::InternalError, e.what());
  }
}

}  // namespace

void Session::runOnPool(const json& id, std::function<json(std::stop_token)> fn) {
  auto [reply, token] = track(id);
  const std::string key = dumpJson(id);
  asio::post(pool_, [self = shared_from_this(), reply = reply, token = token, key, fn = std::move(fn)] {
    answer(*reply, token, [&] { return fn(token); });
    self->untrack(key, reply);
  });
}

void Session::runOnDocument(const json& id, const json& params, DocumentWork fn) {
  runOnAnalysis(id, params, [fn = std::move(fn)](const AnalysisSlot& slot, std::stop_token stop) {
    return fn(slot.tree(), stop);
  });
}

void Session::runOnAnalysis(const json& id, const json& params, AnalysisWork fn) {
  OpenDocument& open = openDocument(params);
  // Track at once, so that a request waiting for a reparse can be cancelled.
  auto [reply, token] = track(id);
  const std::string key = dumpJson(id);
  open.doc->whenCurrent([self = shared_from_this(), reply = reply, token = token, key,
                         fn = std::move(fn)](const std::shared_ptr<AnalysisSlot>& slot) {
    asio::post(self->pool_, [self, reply, token, key, fn, slot] {
      answer(*reply, token, [&] { return fn(*slot, token); });
      self->untrack(key, reply);
    });
  });
}

void Session::runOnView(const json& id, const json& params, ViewWork fn) {
  OpenDocument& open = openDocument(params);
  const DocumentViewPtr& view = open.doc->view();
  if (view->isExact() || view->hasRegion()) {
    runOnPool(id, [view, fn = std::move(fn)](std::stop_token stop) { return fn(*view, stop); });
    return;
  }
  runOnDocument(id, params, [fn = std::move(fn)](const SyntaxTreePtr& tree, std::stop_token stop) {
    return fn(*DocumentView::exact(tree), stop);
  });
}

void Session::cancelAllPending(const std::string& why) {
  for (auto& [key, p] : pending_) {
    p.stop.request_stop();
    p.reply->error(errc::RequestCancelled, why);
  }
  pending_.clear();
}

void Session::cancel(const json& id) {
  auto it = pending_.find(dumpJson(id));
  if (it == pending_.end()) return;
  it->second.stop.request_stop();
  it->second.reply->error(errc::RequestCancelled, "request cancelled");
  pending_.erase(it);
}

}  // namespace fw::server
