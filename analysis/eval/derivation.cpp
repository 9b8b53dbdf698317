// derivationStrict: the store paths Nix would give a derivation, computed
// without a store (ATerm serialisation, hashes and base-32 as Nix does), and
// nothing is built or written. String contexts are not tracked, so a
// derivation that depends on another gets no inputDrvs and its paths differ
// from Nix's (see docs/EVALUATOR.md). Also hashString and placeholder.

#include <algorithm>
#include <map>

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/hash.h"

namespace fw::eval {

namespace {

std::string atermString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + '"';
}

struct Output {
  std::string path, hashAlgo, hash;
};

std::string aterm(const std::map<std::string, Output>& outputs, const std::string& platform,
                  const std::string& builder, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env) {
  std::string s = "Derive([";
  bool first = true;
  for (const auto& [name, o] : outputs) {
    if (!first) s += ',';
    first = false;
    s += "(" + atermString(name) + "," + atermString(o.path) + "," + atermString(o.hashAlgo) + "," +
         atermString(o.hash) + ")";
  }
  s += "],[],[]," + atermString(platform) + "," + atermString(builder) + ",[";
  for (std::size_t i = 0; i < args.size(); ++i) s += (i ? "," : "") + atermString(args[i]);
  s += "],[";
  first = true;
  for (const auto& [k, v] : env) {
    if (!first) s += ',';
    first = false;
    s += "(" + atermString(k) + "," + atermString(v) + ")";
  }
  return s + "])";
}

FW_PRIM(derivationStrict) {
  Attrs* a = st.forceAttrs(args[0], site);
  Attr* nameAttr = a->find(st.sym.name);
  if (!nameAttr) st.fail(ErrorKind::MissingAttribute, "attribute 'name' missing for call to 'derivationStrict'", site);
  const std::string drvName(st.forceString(nameAttr->value, site));
  bool ignoreNulls = false;
  if (Attr* in = a->find(st.sym.ignoreNulls)) ignoreNulls = st.forceBool(in->value, site);

  std::map<std::string, std::string> env;
  std::vector<std::string> drvArgs;
  std::vector<std::string> outputNames = {"out"};
  std::string builder, platform, outputHash, outputHashAlgo, outputHashMode = "flat";
  bool hasBuilder = false, hasSystem = false;
  for (Attr& e : *a) {
    const std::string key(st.rt.symbols.name(e.name));
    if (e.name == st.sym.ignoreNulls) continue;
    st.force(e.value);
    if (ignoreNulls && e.value.type == Type::Null) continue;
    if (key == "args") {
      for (Value& x : *st.forceList(e.value, site)) drvArgs.push_back(st.coerceToString(x, site, true, true));
      continue;
    }
    const std::string s = st.coerceToString(e.value, site, true, true);
    env[key] = s;
    if (key == "builder") {
      builder = s;
      hasBuilder = true;
    } else if (key == "system") {
      platform = s;
      hasSystem = true;
    } else if (key == "outputHash") {
      outputHash = s;
    } else if (key == "outputHashAlgo") {
      outputHashAlgo = s;
    } else if (key == "outputHashMode") {
      outputHashMode = s;
    } else if (key == "outputs") {
      outputNames.clear();
      for (Value& x : *st.forceList(e.value, site)) outputNames.emplace_back(st.forceString(x, site));
      if (outputNames.empty()) st.fail(ErrorKind::Other, "derivation cannot have an empty set of outputs", site);
    }
  }
  if (!hasBuilder) st.fail(ErrorKind::MissingAttribute, "required attribute 'builder' missing", site);
  if (!hasSystem) st.fail(ErrorKind::MissingAttribute, "required attribute 'system' missing", site);

  std::map<std::string, Output> outputs;
  if (!outputHash.empty()) {
    // Nix accepts the hash in hex, base-32, base-64 or SRI form and uses hex.
    std::string algoName = outputHashAlgo;
    std::string text = outputHash;
    if (const std::size_t dash = text.find('-'); dash != std::string::npos && algoName.empty()) {
      algoName = text.substr(0, dash);
      text = text.substr(dash + 1);
    } else if (dash != std::string::npos && text.compare(0, dash, algoName) == 0) {
      text = text.substr(dash + 1);
    }
    const std::size_t size = algoName == "md5" ? 16 : algoName == "sha1" ? 20 : algoName == "sha512" ? 64 : 32;
    std::optional<std::string> raw;
    if (text.size() == size * 2) {
      raw = fromHex(text);
    } else if (text.size() == (size * 8 - 1) / 5 + 1) {
      raw = fromNixBase32(text);
    } else {
      raw = fromBase64(text);
    }
    if (!raw || raw->size() != size) {
      st.fail(ErrorKind::Other,
              "hash '" + outputHash + "' has wrong length for hash type '" + algoName + "'", site);
    }
    outputHash = toHex(*raw);
    outputHashAlgo = algoName;
    // Fixed-output: the path depends only on the declared hash.
    const bool recursive = outputHashMode == "recursive";
    const std::string algo = (recursive ? "r:" : "") + outputHashAlgo;
    const std::string path =
        recursive && outputHashAlgo == "sha256"
            ? makeStorePath("source", outputHash, drvName)
            : makeStorePath("output:out",
                            toHex(sha256("fixed:out:" + algo + ":" + outputHash + ":")), drvName);
    outputs["out"] = {path, algo, outputHash};
    env["out"] = path;
  } else {
    for (const std::string& o : outputNames) {
      outputs[o] = {"", "", ""};
      env[o] = "";
    }
    const std::string masked = toHex(sha256(aterm(outputs, platform, builder, drvArgs, env)));
    for (const std::string& o : outputNames) {
      const std::string path = makeStorePath("output:" + o, masked, o == "out" ? drvName : drvName + "-" + o);
      outputs[o].path = path;
      env[o] = path;
    }
  }
  const std::string final = aterm(outputs, platform, builder, drvArgs, env);
  const std::string drvPath = makeStorePath("text", toHex(sha256(final)), drvName + ".drv");
  std::vector<std::pair<Symbol, Value>> result = {{st.sym.drvPath, st.newString(drvPath)}};
  for (const auto& [name, o] : outputs) result.push_back({st.rt.symbols.intern(name), st.newString(o.path)});
  out = st.makeAttrs(std::move(result));
}

FW_PRIM(hashString) {
  const std::string algo(st.forceString(args[0], site));
  const std::string s(st.forceString(args[1], site));
  std::string raw;
  if (algo == "md5") raw = md5(s);
  else if (algo == "sha1") raw = sha1(s);
  else if (algo == "sha256") raw = sha256(s);
  else if (algo == "sha512") raw = sha512(s);
  else st.fail(ErrorKind::Other, "unknown hash algorithm '" + algo + "'", site);
  out = st.newString(toHex(raw));
}

FW_PRIM(hashFile) {
  const std::string algo(st.forceString(args[0], site));
  const std::string data = st.readFile(st.coerceToPath(args[1], site), site);
  std::string raw;
  if (algo == "md5") raw = md5(data);
  else if (algo == "sha1") raw = sha1(data);
  else if (algo == "sha256") raw = sha256(data);
  else if (algo == "sha512") raw = sha512(data);
  else st.fail(ErrorKind::Other, "unknown hash algorithm '" + algo + "'", site);
  out = st.newString(toHex(raw));
}

// toFile name text: the store path of a text file (nothing is written;
// without string contexts there are no references).
FW_PRIM(toFile) {
  const std::string name(st.forceString(args[0], site));
  const std::string text = st.coerceToString(args[1], site, false, true);
  out = st.newString(makeStorePath("text", toHex(sha256(text)), name));
}

FW_PRIM(placeholder) {
  const std::string output(st.forceString(args[0], site));
  out = st.newString("/" + toNixBase32(sha256("nix-output:" + output)));
}

}  // namespace

void addDerivationBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"derivationStrict", 1, derivationStrict});
  v.push_back({"hashString", 2, hashString});
  v.push_back({"placeholder", 1, placeholder});
  v.push_back({"hashFile", 2, hashFile});
  v.push_back({"toFile", 2, toFile});
}

}  // namespace fw::eval
