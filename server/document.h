#pragma once
// One open document's versions. Owned by the session and touched only on
// its strand; what it hands out (views, trees) is immutable and may be read
// from any thread.
//
// Every edit makes a new view at once (text, line index and, inside long
// repetitions, a provisional parse of the edited member). The complete
// incremental reparse runs as a job on the thread pool; edits that arrive
// meanwhile queue up and go into the next job. Requests that need the
// complete tree of the newest version wait for it (whenCurrent).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "parser/document_view.h"

namespace fw::server {

class Document {
 public:
  Document(std::string text, std::int64_t version, std::size_t maxFileBytes);

  // Applies an editor's changes as version `version`.
  void change(std::span<const TextChange> changes, PositionEncoding enc, std::int64_t version);

  struct Job {
    SyntaxTreePtr base;
    std::vector<ByteEdit> edits;
    std::int64_t version = 0;
  };
  // The reparse to start now, if any (none while one runs).
  [[nodiscard]] std::optional<Job> takeJob();
  // Runs on the pool: the complete tree after the job's edits.
  [[nodiscard]] static SyntaxTreePtr run(const Job& job, std::size_t maxFileBytes);
  // Back on the strand: a job finished.
  void finish(const Job& job, SyntaxTreePtr result);

  // The complete tree includes every edit so far.
  [[nodiscard]] bool current() const { return !running_ && queued_.empty(); }
  [[nodiscard]] std::int64_t version() const { return version_; }
  [[nodiscard]] const DocumentViewPtr& view() const { return view_; }
  [[nodiscard]] const SyntaxTreePtr& full() const { return full_; }

  // Calls fn with the complete tree of the newest version: now if current,
  // else when the reparse lands. A later edit defers it again.
  void whenCurrent(std::function<void(const SyntaxTreePtr&)> fn);
  // Waiters that can run now (the caller runs them).
  [[nodiscard]] std::vector<std::function<void(const SyntaxTreePtr&)>> takeReadyWaiters();
  // All waiters, ready or not (when the document closes).
  [[nodiscard]] std::vector<std::function<void(const SyntaxTreePtr&)>> takeAllWaiters() {
    return std::move(waiters_);
  }

 private:
  [[nodiscard]] static SyntaxTreePtr makeTree(std::string text, std::size_t maxFileBytes);

  std::size_t maxFileBytes_;
  std::int64_t version_ = 0;
  DocumentViewPtr view_;         // newest version
  SyntaxTreePtr full_;           // newest complete parse
  std::int64_t fullVersion_ = 0;
  std::vector<ByteEdit> queued_;  // edits after full_ not yet in a job
  bool running_ = false;
  std::vector<std::function<void(const SyntaxTreePtr&)>> waiters_;
};

}  // namespace fw::server
