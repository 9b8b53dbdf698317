#include "analysis/flakes/lock_file.h"

#include <cstdio>

namespace fw::flakes {

const LockInputEdge* LockNode::input(std::string_view name) const {
  for (const LockInputEdge& e : inputs)
    if (e.name == name) return &e;
  return nullptr;
}

namespace {

std::optional<std::string> find(const std::vector<std::pair<std::string, std::string>>& kv, std::string_view k) {
  for (const auto& [name, v] : kv)
    if (name == k) return v;
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> scalars(const JsonValue& obj) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const JsonValue::Member& m : obj.members) {
    if (m.value.kind == JsonValue::Kind::String || m.value.kind == JsonValue::Kind::Number ||
        m.value.kind == JsonValue::Kind::Bool)
      out.emplace_back(m.key, m.value.text);
  }
  return out;
}

}  // namespace

std::optional<std::string> LockNode::lockedAttr(std::string_view k) const { return find(locked, k); }
std::optional<std::string> LockNode::originalAttr(std::string_view k) const { return find(original, k); }

const LockNode* LockFile::node(std::string_view key) const {
  auto it = nodes.find(std::string(key));
  return it == nodes.end() ? nullptr : &it->second;
}

const LockNode* LockFile::rootNode() const { return node(root); }

const LockNode* LockFile::resolve(const std::vector<std::string>& path) const {
  // Follows can chain; a bound on the steps guards against cycles.
  std::vector<std::string> todo = path;
  const LockNode* at = rootNode();
  std::size_t steps = 0;
  for (std::size_t i = 0; i < todo.size() && at; ++i) {
    if (++steps > 256) return nullptr;
    const LockInputEdge* e = at->input(todo[i]);
    if (!e) return nullptr;
    if (e->follows) {
      std::vector<std::string> next = *e->follows;
      next.insert(next.end(), todo.begin() + static_cast<std::ptrdiff_t>(i) + 1, todo.end());
      todo = std::move(next);
      i = static_cast<std::size_t>(-1);
      at = rootNode();
      continue;
    }
    at = node(e->node);
  }
  return at;
}

std::vector<std::string> splitInputPath(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    const std::size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

LockFile parseLockFile(std::string_view text) {
  LockFile lock;
  JsonParse json = parseJson(text);
  if (!json.value) {
    lock.syntaxError = true;
    const ByteOffset at = json.error->offset;
    const ByteOffset end = at < text.size() ? at + 1 : at;
    lock.problems.push_back({{at, end}, "flake.lock is not valid JSON: " + json.error->message});
    return lock;
  }
  const JsonValue& doc = *json.value;
  auto problem = [&](ByteRange r, std::string m) { lock.problems.push_back({r, std::move(m)}); };
  if (!doc.isObject()) {
    problem(doc.range, "flake.lock must hold a JSON object with \"nodes\", \"root\" and \"version\"");
    return lock;
  }
  if (const JsonValue* v = doc.get("version")) {
    if (v->kind != JsonValue::Kind::Number) {
      problem(v->range, "\"version\" must be a number");
    } else {
      lock.version = std::atoi(v->text.c_str());
      if (lock.version < 5 || lock.version > 7) {
        problem(v->range, "lock file version " + v->text + " is not one Nix 2.8 reads (5 to 7)");
      }
    }
  } else {
    problem({doc.range.start, doc.range.start + 1}, "flake.lock has no \"version\"");
  }
  if (const JsonValue* r = doc.get("root")) {
    if (r->isString()) lock.root = r->text;
    else problem(r->range, "\"root\" must be the name of a node");
  }
  const JsonValue* nodes = doc.get("nodes");
  if (!nodes || !nodes->isObject()) {
    problem(nodes ? nodes->range : ByteRange{doc.range.start, doc.range.start + 1},
            "flake.lock needs an object \"nodes\"");
    return lock;
  }
  for (const JsonValue::Member& m : nodes->members) {
    LockNode n;
    n.key = m.key;
    n.keyRange = m.keyRange;
    n.range = m.value.range;
    if (!m.value.isObject()) {
      problem(m.value.range, "node \"" + m.key + "\" must be an object");
      continue;
    }
    if (const JsonValue* inputs = m.value.get("inputs")) {
      if (!inputs->isObject()) problem(inputs->range, "\"inputs\" must be an object");
      else {
        for (const JsonValue::Member& in : inputs->members) {
          LockInputEdge e;
          e.name = in.key;
          e.nameRange = in.keyRange;
          e.range = in.value.range;
          if (in.value.isString()) {
            e.node = in.value.text;
          } else if (in.value.kind == JsonValue::Kind::Array) {
            std::vector<std::string> path;
            bool ok = true;
            for (const JsonValue& seg : in.value.items) {
              if (seg.isString()) path.push_back(seg.text);
              else ok = false;
            }
            if (!ok) problem(in.value.range, "a follows path is a list of input names");
            e.follows = std::move(path);
          } else {
            problem(in.value.range, "an input is a node name or a follows path (a list of input names)");
            continue;
          }
          n.inputs.push_back(std::move(e));
        }
      }
    }
    if (const JsonValue* locked = m.value.get("locked"); locked && locked->isObject()) n.locked = scalars(*locked);
    if (const JsonValue* original = m.value.get("original"); original && original->isObject())
      n.original = scalars(*original);
    if (const JsonValue* flake = m.value.get("flake"); flake && flake->kind == JsonValue::Kind::Bool)
      n.flake = flake->text == "true";
    if (m.key != lock.root && !m.value.get("locked")) {
      problem(m.keyRange, "node \"" + m.key + "\" has no \"locked\" reference");
    }
    lock.nodes.emplace(n.key, std::move(n));
  }
  if (!lock.node(lock.root)) {
    const JsonValue::Member* r = doc.member("root");
    problem(r ? r->value.range : nodes->range, "the root node \"" + lock.root + "\" is not among the nodes");
  }
  // Every edge must lead somewhere.
  for (const auto& [key, n] : lock.nodes) {
    for (const LockInputEdge& e : n.inputs) {
      if (e.follows) {
        if (!lock.resolve(*e.follows) && !e.follows->empty()) {
          std::string path;
          for (const std::string& s : *e.follows) path += (path.empty() ? "" : "/") + s;
          problem(e.range, "input \"" + e.name + "\" follows \"" + path + "\", which leads to no node");
        }
      } else if (!lock.node(e.node)) {
        problem(e.range, "input \"" + e.name + "\" refers to node \"" + e.node + "\", which does not exist");
      }
    }
  }
  return lock;
}

std::string formatTimestamp(std::int64_t t) {
  // Days since 1970-01-01 to a civil date (proleptic Gregorian calendar).
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld UTC", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs % 3600 / 60));
  return buf;
}

}  // namespace fw::flakes
