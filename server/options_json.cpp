#include "server/options_json.h"

#include "analysis/options/type_description.h"

namespace fw::server {

using nlohmann::json;

namespace {

json literalToJson(const options::Literal& l) {
  return {{"_type", l.kind == options::Literal::Kind::Markdown ? "literalMD" : "literalExpression"}, {"text", l.text}};
}

std::optional<options::Literal> literalFromJson(const json& j) {
  if (j.is_object() && j.contains("text") && j["text"].is_string()) {
    const std::string type = j.value("_type", "literalExpression");
    return options::Literal{type == "literalMD" ? options::Literal::Kind::Markdown : options::Literal::Kind::Expression,
                            j["text"].get<std::string>()};
  }
  // Older files hold plain JSON values.
  if (j.is_null()) return options::Literal{options::Literal::Kind::Expression, "null"};
  return options::Literal{options::Literal::Kind::Expression, j.dump()};
}

}  // namespace

json optionToJson(const options::Option& o, const std::function<std::string(const std::string&)>& file) {
  json out = {{"path", o.path()}, {"loc", o.loc}};
  out["type"] = o.type.known ? o.type.description : "unspecified";
  out["description"] = o.description ? json(*o.description) : json(nullptr);
  if (o.defaultValue) out["default"] = literalToJson(*o.defaultValue);
  if (o.example) out["example"] = literalToJson(*o.example);
  out["readOnly"] = o.readOnly;
  out["internal"] = o.internal;
  out["visible"] = o.visible == options::Visibility::Shallow ? json("shallow") : json(o.visible == options::Visibility::Visible);
  json decls = json::array();
  for (const options::SourcePos& d : o.declarations) {
    json dj = {{"file", file(d.file)}};
    dj["line"] = d.line ? json(d.line) : json(nullptr);
    dj["column"] = d.column ? json(d.column) : json(nullptr);
    decls.push_back(std::move(dj));
  }
  out["declarations"] = std::move(decls);
  if (o.aliasOf) out[o.renamed ? "renamedTo" : "aliasOf"] = options::showOption(*o.aliasOf);
  if (o.removedMessage) out["removed"] = *o.removedMessage;
  if (!o.type.known) out["typeExpression"] = o.type.name;
  return out;
}

std::string indentLines(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::optional<options::OptionTreePtr> loadOptionsJson(const std::string& text, std::string& error) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    error = "not valid JSON (at byte " + std::to_string(e.byte) + ")";
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = "not an options.json: the top level is not an object of options";
    return std::nullopt;
  }
  std::vector<options::Option> opts;
  for (const auto& [name, v] : j.items()) {
    if (!v.is_object()) continue;
    options::Option o;
    if (v.contains("loc") && v["loc"].is_array()) {
      for (const json& p : v["loc"])
        if (p.is_string()) o.loc.push_back(p.get<std::string>());
    }
    if (o.loc.empty()) o.loc = options::parseOptionPath(name);
    const std::string type = v.contains("type") && v["type"].is_string() ? v["type"].get<std::string>() : "unspecified";
    o.type = options::typeFromDescription(type);
    if (v.contains("description") && v["description"].is_string()) o.description = v["description"].get<std::string>();
    else if (v.contains("description") && v["description"].is_object() && v["description"].contains("text"))
      o.description = v["description"]["text"].get<std::string>();
    if (v.contains("default")) o.defaultValue = literalFromJson(v["default"]);
    if (v.contains("example")) o.example = literalFromJson(v["example"]);
    o.readOnly = v.value("readOnly", false);
    o.internal = v.contains("internal") && v["internal"].is_boolean() && v["internal"].get<bool>();
    if (v.contains("visible")) {
      if (v["visible"].is_boolean() && !v["visible"].get<bool>()) o.visible = options::Visibility::Hidden;
      if (v["visible"].is_string() && v["visible"] == "shallow") o.visible = options::Visibility::Shallow;
    }
    if (v.contains("declarations") && v["declarations"].is_array()) {
      for (const json& d : v["declarations"]) {
        std::string f;
        if (d.is_string()) f = d.get<std::string>();
        else if (d.is_object()) f = d.value("name", d.value("url", ""));
        if (f.empty()) continue;
        o.declaringFiles.push_back(f);
        o.declarations.push_back({f, {0, 0}, 0, 0});
      }
    }
    if (o.description && o.description->starts_with("Alias of {option}`") && o.description->ends_with("`.")) {
      o.aliasOf = options::parseOptionPath(o.description->substr(18, o.description->size() - 20));
      o.renamed = o.visible == options::Visibility::Hidden;
    }
    o.source = options::OptionSource::External;
    opts.push_back(std::move(o));
  }
  return std::make_shared<const options::OptionTree>(std::move(opts));
}

}  // namespace fw::server
