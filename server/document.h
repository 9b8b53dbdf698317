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

#include <mutex>

#include "analysis/features.h"
#include "parser/document_view.h"

namespace fw::server {

// The analysis of one complete tree, computed once, on first use, by
// whichever pool thread asks first.
class AnalysisSlot {
 public:
  explicit AnalysisSlot(SyntaxTreePtr tree) : tree_(std::move(tree)) {}
  [[nodiscard]] const std::shared_ptr<const FileAnalysis>& get() const {
    std::call_once(once_, [&] { value_ = analyzeFile(tree_); });
    return value_;
  }
  [[nodiscard]] const SyntaxTreePtr& tree() const { return tree_; }

 private:
  SyntaxTreePtr tree_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<const FileAnalysis> value_;
};

class Document {
 public:
  // Runs with the analysis slot (and so the complete tree) of the newest
  // version.
  using Waiter = std::function<void(const std::shared_ptr<AnalysisSlot>&)>;

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
  [[nodiscard]] const std::shared_ptr<AnalysisSlot>& analysis() const { return analysis_; }

  // Calls fn with the analysis slot of the newest version: now if current,
  // else when the reparse lands. A later edit defers it again.
  void whenCurrent(Waiter fn);
  // Waiters that can run now (the caller runs them).
  [[nodiscard]] std::vector<Waiter> takeReadyWaiters();
  // All waiters, ready or not (when the document closes).
  [[nodiscard]] std::vector<Waiter> takeAllWaiters() {
    return std::move(waiters_);
  }

 private:
  [[nodiscard]] static SyntaxTreePtr makeTree(std::string text, std::size_t maxFileBytes);

  std::size_t maxFileBytes_;
  std::int64_t version_ = 0;
  DocumentViewPtr view_;         // newest version
  SyntaxTreePtr full_;           // newest complete parse
  std::shared_ptr<AnalysisSlot> analysis_;  // of full_
  std::int64_t fullVersion_ = 0;
  std::vector<ByteEdit> queued_;  // edits after full_ not yet in a job
  bool running_ = false;
  std::vector<Waiter> waiters_;
};

}  // namespace fw::server
