#pragma once
// One LSP client connection: reads framed JSON-RPC from a file descriptor,
// keeps the client's documents, answers requests and publishes diagnostics.
//
// Threads: a reader thread does blocking reads (works the same for pipes,
// files, ttys and sockets, which epoll-based Asio descriptors do not) and
// posts each message to the session's strand. All document state lives on
// that strand. Requests that read documents run on a shared thread pool
// against an immutable snapshot; their replies are written by whichever
// thread finishes, under the output's mutex.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "analysis/features.h"
#include "analysis/completion.h"
#include "analysis/eval/evaluator.h"
#include "server/nixpkgs_facts.h"
#include "server/document.h"
#include "server/protocol.h"
#include "server/config.h"
#include "server/framing.h"
#include "server/workspace_files.h"
#include "server/workspace_index.h"
#include "server/option_cache.h"

namespace fw::server {

class SemanticTokensCache;

// Formatting settings: `initializationOptions.formatter` or the same
// under workspace/didChangeConfiguration.
struct FormatterConfig {
  // Non-empty: run this program (stdin to stdout) instead of the built-in
  // formatter, e.g. ["nixfmt"].
  std::vector<std::string> command;
  std::chrono::milliseconds timeout{10000};
  FormatOptions options;
};

struct ServerOptions {
  std::size_t maxMessageBytes = 64u << 20;
  // A message whose body stops short of its Content-Length, and whose
  // bytes so far are complete JSON, is given up after this long without
  // input (the client waits for an answer that would never come).
  std::chrono::milliseconds incompleteMessageTimeout{1000};
  // Documents larger than this are kept (edits still apply) but not parsed.
  std::size_t maxFileBytes = 16u << 20;
  std::chrono::milliseconds diagnosticsDelay{150};
  bool debugMethods = false;  // enables flakewise/debug/* requests (tests)
  // Off only in in-process harnesses (the fuzzers), which must not walk
  // the file system or start programs whatever the input asks for: no
  // workspace indexing; formatter.command is refused, options.nixos and
  // nixpkgs package facts are not computed.
  bool indexWorkspace = true;
  bool externalProcesses = true;
};

// Writes framed messages to a file descriptor; thread-safe. Once closed
// (the session ended, or a write failed because the client went away) it
// drops what it is given.
class Output {
 public:
  explicit Output(int fd) : fd_(fd) {}
  void send(const json& message);
  void close() { closed_ = true; }
  [[nodiscard]] bool closed() const { return closed_; }
  // Called once, on the writing thread, when a write fails.
  void onFailure(std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    onFailure_ = std::move(fn);
  }

 private:
  std::mutex mutex_;
  int fd_;
  std::atomic<bool> closed_{false};
  std::function<void()> onFailure_;
};

// Answers one request exactly once (clangd's ReplyOnce). The first of
// result()/error() wins; later calls are ignored. A request whose last
// handle goes away unanswered gets an internal error.
class Reply {
 public:
  Reply(json id, std::shared_ptr<Output> out) : id_(std::move(id)), out_(std::move(out)) {}
  ~Reply();
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;

  void result(json value);
  void error(int code, const std::string& message);
  [[nodiscard]] bool done() const { return done_; }

 private:
  json id_;
  std::shared_ptr<Output> out_;
  std::atomic<bool> done_{false};
};

// Counts a thread that a session runs on its own (detached), from its
// creation until the thread drops it: the server's exit waits for these
// (after stopAllProcesses() ended their children) so that none posts to
// a strand whose io_context is gone.
class BackgroundThread {
 public:
  BackgroundThread();
  ~BackgroundThread();
  BackgroundThread(BackgroundThread&& other) noexcept : counted_(other.counted_) { other.counted_ = false; }
  BackgroundThread& operator=(BackgroundThread&&) = delete;
  // Blocks until no BackgroundThread is alive.
  static void waitAll();

 private:
  bool counted_ = true;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::io_context& io, boost::asio::thread_pool& pool, int inFd, int outFd,
          ServerOptions options, std::function<void(int exitCode)> onEnd);
  ~Session();

  // Starts the reader thread.
  void start();
  // Stops the reader thread and waits for it (unless called on it); the
  // session writes nothing more. For the server's shutdown, after the
  // session ended.
  void close();

  // What the reader thread does with the bytes it reads: framing and JSON
  // parsing on the calling thread, then dispatch on the strand. Public for
  // in-process harnesses (the fuzzers) that feed bytes without a descriptor.
  void receive(FrameReader& reader, std::string_view bytes);
  // The input ended (the client closed its end).
  void receiveEof(const FrameReader& reader);

 private:
  struct OpenDocument {
    std::unique_ptr<Document> doc;
    std::unique_ptr<boost::asio::steady_timer> diagnosticsTimer;
    // Distinguishes reopenings of one URI, so that late results of an
    // earlier opening are dropped.
    std::uint64_t generation = 0;
    bool diagnosticsDue = false;
  };
  struct Pending {
    std::stop_source stop;
    std::shared_ptr<Reply> reply;
  };
  enum class State { Uninitialized, Running, ShutDown, Exited };

  void readLoop();
  void onBody(std::string body);
  void onFramingError(const FrameEvent& event);
  // The reader saw no input for a while inside a message body.
  void onStalled(FrameReader& reader);
  void sendError(const json& id, int code, const std::string& message);
  void onEof();
  void end(int code);

  void dispatch(json message);
  void handleRequest(const json& id, const std::string& method, const json& params);
  void handleNotification(const std::string& method, const json& params);
  void handleFormatting(const json& id, const std::string& method, const json& params);
  void showMessage(int type, const std::string& message);

  json initialize(const json& params);
  // Feature requests (server/handlers.cpp); false if `method` is not one.
  bool handleFeature(const json& id, const std::string& method, const json& params);
  // Semantic tokens, signature help, code actions (server/handlers_edit.cpp).
  bool handleEditFeature(const json& id, const std::string& method, const json& params);
  [[nodiscard]] FeatureContext contextFor(const std::string& uri) const;
  void applyConfiguration(const json& settings);
  void loadProjectConfigs();
  // The diagnostics settings for a document; nullopt if it is excluded.
  [[nodiscard]] std::optional<DiagnosticsConfig> diagnosticsConfigFor(const std::string& uri) const;
  // Requests to the client; the callback runs on the strand with the
  // response (or an error object).
  void requestClient(const std::string& method, const json& params, std::function<void(const json&)> onResponse);
  void startIndexing();
  void registerFileWatchers();
  void didChangeWatchedFiles(const json& params);
  // flake.lock changed on disk (or its flake.nix did): re-check the open
  // flake.nix next to it and publish the lock's own diagnostics.
  void lockChanged(const std::string& lockPath);
  // Publishes the diagnostics of a flake.lock (open or not) from the pool.
  void publishLockDiagnostics(const std::string& lockPath);
  // documentLink and inlayHint (server/handlers_flakes.cpp).
  bool handleFlakeFeature(const json& id, const std::string& method, const json& params);

  void didOpen(const json& params);
  void didChange(const json& params);
  void didClose(const json& params);
  void startReparse(const std::string& uri);
  void runReadyWaiters(OpenDocument& open);
  void scheduleDiagnostics(const std::string& uri, std::chrono::milliseconds delay);
  void publishDiagnostics(const std::string& uri);

  // Runs fn(tree, stop) on the pool with the complete tree of the
  // document's newest version (waiting for its reparse if needed).
  using DocumentWork = std::function<json(const SyntaxTreePtr&, std::stop_token)>;
  void runOnDocument(const json& id, const json& params, DocumentWork fn);
  // Runs fn(analysis, stop) on the pool with the analysis of the complete
  // tree of the newest version.
  using AnalysisWork = std::function<json(const AnalysisSlot&, std::stop_token)>;
  void runOnAnalysis(const json& id, const json& params, AnalysisWork fn);
  // Runs fn(view, stop) on the pool with the newest view, at once when it
  // can answer position requests (exact, or a provisional region).
  using ViewWork = std::function<json(const DocumentView&, std::stop_token)>;
  void runOnView(const json& id, const json& params, ViewWork fn);
  void runOnPool(const json& id, std::function<json(std::stop_token)> fn);
  // Registers a request so that $/cancelRequest can reach it.
  std::pair<std::shared_ptr<Reply>, std::stop_token> track(const json& id);
  void untrack(const std::string& key, const std::shared_ptr<Reply>& reply);
  void cancel(const json& id);
  // Answers every request still running or waiting with -32800 and stops
  // its work: at `shutdown` (before its own answer) and at the session's
  // end, so that no request goes unanswered.
  void cancelAllPending(const std::string& why);
  OpenDocument& openDocument(const json& params);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& pool_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  int inFd_;
  std::shared_ptr<Output> out_;
  ServerOptions options_;
  std::function<void(int)> onEnd_;
  std::thread reader_;
  // Wakes the reader thread out of poll() (close()); shared with it, so
  // that its descriptors outlive a session destroyed first.
  struct WakePipe;
  std::shared_ptr<WakePipe> wake_;

  // Set when the session ends; read by background jobs.
  std::atomic<bool> ending_{false};

  // Strand-only state.
  State state_ = State::Uninitialized;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  FormatterConfig formatterConfig_;
  Settings editorSettings_;
  // Inlay hints of locked revisions after flake inputs (off by default).
  bool lockedRevisionHints_ = false;
  // nixpkgs package facts for hovers, from child nix-instantiate processes
  // (settings `packages.sources`, `packages.evalTimeoutMs`).
  std::shared_ptr<NixpkgsFacts> nixpkgs_ = std::make_shared<NixpkgsFacts>();
  NixpkgsConfig nixpkgsConfig_;
  // flake.lock files (not open) that have diagnostics published.
  std::set<std::string> lockDiagnosticsSent_;
  std::vector<ProjectConfig> projectConfigs_;
  std::vector<std::string> roots_;  // workspace folders, absolute paths
  bool clientProgress_ = false;      // window.workDoneProgress
  bool clientWatchRegistration_ = false;
  bool clientInlayRefresh_ = false;  // workspace.inlayHint.refreshSupport
  std::map<std::string, std::function<void(const json&)>> outgoing_;  // by id
  int nextOutgoing_ = 1;
  std::shared_ptr<WorkspaceIndex> index_ = std::make_shared<WorkspaceIndex>();
  // The evaluator features share (option schemas, flakes, packages): its
  // compiled-file cache and symbols live as long as the session; open
  // documents are registered as overlays, so evaluations see unsaved text.
  std::shared_ptr<eval::Evaluator> evaluator_;
  // The workspace's option tree (option_cache.h).
  std::shared_ptr<OptionCache> optionCache_ = std::make_shared<OptionCache>();
  // A function that gives the option tree now; call on the strand, run the
  // result anywhere (it computes the tree when the modules changed).
  [[nodiscard]] std::function<options::OptionTreePtr()> optionTreeSource() const;
  // A path setting under "options" (json, nixpkgs), resolved; "" if unset.
  [[nodiscard]] std::string optionsSettingPath(const std::optional<std::string> Settings::*field) const;
  // With options.nixos: computes NixOS's option set in a child process
  // (once per session), then uses it like an options.json.
  void startNixosOptions();
  bool nixosOptionsStarted_ = false;
  options::OptionTreePtr nixosOptions_;  // strand-only; null until computed

 public:
  // Settings for an evaluation on behalf of the editor: reads confined to
  // the workspace folders, tolerant of broken files, a bounded budget.
  [[nodiscard]] eval::EvalSettings evalSettings() const;
  [[nodiscard]] const std::shared_ptr<eval::Evaluator>& evaluator() const { return evaluator_; }

 private:
  std::map<std::string, OpenDocument> documents_;
  std::uint64_t generations_ = 0;
  std::map<std::string, Pending> pending_;  // by id.dump()
  std::shared_ptr<WorkspaceFiles> files_;
  // Last semantic tokens sent per document, for delta requests.
  std::shared_ptr<SemanticTokensCache> semanticTokens_;
};

}  // namespace fw::server
