#include "server/document.h"

namespace fw::server {

SyntaxTreePtr Document::makeTree(std::string text, std::size_t maxFileBytes) {
  if (text.size() > maxFileBytes) return SyntaxTree::unparsed(std::move(text));
  return SyntaxTree::parse(std::move(text));
}

Document::Document(std::string text, std::int64_t version, std::size_t maxFileBytes)
    : maxFileBytes_(maxFileBytes),
      version_(version),
      full_(makeTree(std::move(text), maxFileBytes)),
      fullVersion_(version) {
  view_ = DocumentView::exact(full_);
  analysis_ = std::make_shared<AnalysisSlot>(full_);
}

void Document::change(std::span<const TextChange> changes, PositionEncoding enc,
                      std::int64_t version) {
  // Positions refer to the newest text, which the newest view holds.
  std::vector<ByteEdit> edits = toByteEdits(view_->text(), view_->lines(), changes, enc);
  view_ = view_->provisional(edits);
  for (ByteEdit& e : edits) queued_.push_back(std::move(e));
  version_ = version;
}

std::optional<Document::Job> Document::takeJob() {
  if (running_ || queued_.empty()) return std::nullopt;
  running_ = true;
  Job job{full_, std::move(queued_), version_};
  queued_.clear();
  return job;
}

SyntaxTreePtr Document::run(const Job& job, std::size_t maxFileBytes) {
  SyntaxTreePtr next = job.base->edit(job.edits);
  // Crossing the size limit either way switches between parsed and not.
  if (next->parsed() != (next->text().size() <= maxFileBytes)) {
    next = makeTree(next->text(), maxFileBytes);
  }
  return next;
}

void Document::finish(const Job& job, SyntaxTreePtr result) {
  running_ = false;
  full_ = std::move(result);
  fullVersion_ = job.version;
  analysis_ = std::make_shared<AnalysisSlot>(full_);
  if (queued_.empty()) {
    // Nothing came in meanwhile: the newest version is exact again.
    view_ = DocumentView::exact(full_);
  }
}

void Document::whenCurrent(Waiter fn) {
  if (current()) {
    fn(analysis_);
    return;
  }
  waiters_.push_back(std::move(fn));
}

std::vector<Document::Waiter> Document::takeReadyWaiters() {
  if (!current()) return {};
  return std::move(waiters_);
}

}  // namespace fw::server
