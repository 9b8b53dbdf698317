#include "server/cli.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <iostream>
#include <set>

#include "parser/tree_dump.h"
#include "server/check.h"
#include "server/eval_command.h"
#include "server/options_command.h"
#include "server/files.h"
#include "server/external_process.h"
#include "server/session.h"
#include "server/version.h"

namespace fw::server {

namespace asio = boost::asio;

namespace {

const char* kHelp =
    "flakewise: a language server and checker for Nix\n"
    "\n"
    "usage:\n"
    "  flakewise [--stdio] [options]        serve LSP over stdin/stdout (the default)\n"
    "  flakewise --listen HOST:PORT [opts]  serve LSP over TCP, one session per connection\n"
    "  flakewise check [--format text|json|sarif|github] PATH...\n"
    "                                       report problems in files and directories\n"
    "  flakewise fmt [--check] [--diff] PATH...\n"
    "                                       format files in place, or check them (CI)\n"
    "  flakewise eval [--strict] [--json] [-I NAME=PATH] (FILE | --expr EXPR)\n"
    "                                       evaluate Nix like nix-instantiate --eval\n"
    "  flakewise options [--format text|json] PATH...\n"
    "                                       print the NixOS options the modules declare\n"
    "  flakewise parse FILE                 print the syntax tree (for debugging)\n"
    "  flakewise --version | --help\n"
    "\n"
    "server options:\n"
    "  --log-level LEVEL        trace, debug, info (default), warn, error, off\n"
    "  --log-file PATH          log there instead of stderr (never to stdout)\n"
    "  --max-message-size BYTES largest JSON-RPC message accepted (default 64 MiB)\n"
    "  --max-file-size BYTES    larger documents are not analysed (default 16 MiB)\n"
    "  --debug-methods          enable flakewise/debug/* requests (for tests)\n"
    "\n"
    "Run `flakewise check --help` and `flakewise fmt --help` for their options.\n";

struct ServeOptions {
  std::string listen;  // empty: stdio
  ServerOptions server;
};

// After io.run() returned: stops the sessions' readers, lets running pool
// jobs finish and starts no more, and runs what is left on the strands
// (which sees the sessions ended). The pool's destructor then drops the
// jobs it never ran. Sessions are thus destroyed while the io_context and
// its services still exist (timers and strands must not outlive them).
void shutDown(asio::io_context& io, asio::thread_pool& pool, const std::vector<std::shared_ptr<Session>>& sessions) {
  // Child processes (nix-instantiate, a formatter) are stopped rather than
  // waited for: their time limits run to minutes, and once the server is
  // gone they would run on as orphans. The threads waiting for them then
  // return at once.
  stopAllProcesses();
  BackgroundThread::waitAll();
  for (const auto& s : sessions) s->close();
  pool.stop();
  pool.join();
  stopOrphanedDescendants();
  io.restart();
  io.poll();
}

int serveStdio(const ServerOptions& opts) {
  asio::io_context io;
  int exitCode = 1;
  {
    asio::thread_pool pool(std::max(2u, std::thread::hardware_concurrency()));
    auto guard = asio::make_work_guard(io);
    auto session = std::make_shared<Session>(io, pool, STDIN_FILENO, STDOUT_FILENO, opts,
                                             [&](int code) {
                                               exitCode = code;
                                               guard.reset();
                                               io.stop();
                                             });
    session->start();
    io.run();
    shutDown(io, pool, {session});
  }
  spdlog::info("exiting with code {}", exitCode);
  return exitCode;
}

int serveTcp(const std::string& where, const ServerOptions& opts) {
  const std::size_t colon = where.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "flakewise: --listen needs HOST:PORT, e.g. 127.0.0.1:9257\n";
    return 2;
  }
  const std::string host = where.substr(0, colon);
  const std::string port = where.substr(colon + 1);
  asio::io_context io;
  asio::thread_pool pool(std::max(2u, std::thread::hardware_concurrency()));
  asio::ip::tcp::acceptor acceptor(io);
  try {
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(host, port);
    const asio::ip::tcp::endpoint ep = *endpoints.begin();
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen();
  } catch (const std::exception& e) {
    std::cerr << "flakewise: cannot listen on " << where << ": " << e.what() << '\n';
    return 2;
  }
  const auto local = acceptor.local_endpoint();
  // Tests and scripts read the port from this line when they pass port 0.
  std::cerr << "flakewise: listening on " << local.address().to_string() << ':' << local.port()
            << std::endl;
  spdlog::info("listening on {}:{}", local.address().to_string(), local.port());

  std::set<std::shared_ptr<Session>> sessions;
  std::function<void()> acceptNext = [&] {
    acceptor.async_accept([&](const boost::system::error_code& ec, asio::ip::tcp::socket sock) {
      if (ec) {
        if (ec != asio::error::operation_aborted) spdlog::warn("accept failed: {}", ec.message());
        if (acceptor.is_open()) acceptNext();
        return;
      }
      // The session does blocking I/O on its own descriptor.
      const int fd = ::dup(sock.native_handle());
      sock.close();
      spdlog::info("client connected");
      // A weak reference: the session owns this callback, and a strong one
      // would keep every ended session (and its documents) alive forever.
      auto holder = std::make_shared<std::weak_ptr<Session>>();
      auto s = std::make_shared<Session>(io, pool, fd, fd, opts, [&io, &sessions, holder, fd](int code) {
        spdlog::info("client session ended ({})", code);
        ::shutdown(fd, SHUT_RDWR);
        std::shared_ptr<Session> done = holder->lock();
        asio::post(io, [&sessions, done, fd] {
          // Wait for the reader thread before the descriptor is closed.
          if (done) done->close();
          sessions.erase(done);
          ::close(fd);
        });
      });
      *holder = s;
      sessions.insert(s);
      s->start();
      acceptNext();
    });
  };
  acceptNext();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    acceptor.close();
    io.stop();
  });
  io.run();
  shutDown(io, pool, {sessions.begin(), sessions.end()});
  sessions.clear();
  return 0;
}

bool setUpLogging(const std::string& level, const std::string& file) {
  std::shared_ptr<spdlog::logger> logger;
  try {
    if (file.empty()) {
      logger = spdlog::stderr_logger_mt("flakewise");
    } else {
      logger = spdlog::basic_logger_mt("flakewise", file);
    }
  } catch (const std::exception& e) {
    std::cerr << "flakewise: cannot open log file " << file << ": " << e.what() << '\n';
    return false;
  }
  const spdlog::level::level_enum lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") {
    std::cerr << "flakewise: unknown log level '" << level << "'\n";
    return false;
  }
  logger->set_level(lvl);
  logger->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return true;
}

int runParse(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "usage: flakewise parse FILE\n";
    return 2;
  }
  std::string err;
  auto text = readFile(args[0], err);
  if (!text) {
    std::cerr << "flakewise parse: " << err << '\n';
    return 2;
  }
  auto tree = SyntaxTree::parse(std::move(*text));
  std::cout << dumpTree(*tree);
  return tree->root().hasError() ? 1 : 0;
}

}  // namespace

int runMain(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  // Past a file-size limit (ulimit -f) a write fails with EFBIG, reported
  // like a full disk, instead of killing the server (SIGXFSZ's default).
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "check") {
    return runCheck({args.begin() + 1, args.end()});
  }
  if (!args.empty() && args[0] == "fmt") {
    return runFmt({args.begin() + 1, args.end()});
  }
  if (!args.empty() && args[0] == "eval") {
    return runEval({args.begin() + 1, args.end()});
  }
  if (!args.empty() && args[0] == "options") {
    return runOptions({args.begin() + 1, args.end()});
  }
  if (!args.empty() && args[0] == "parse") {
    return runParse({args.begin() + 1, args.end()});
  }
  ServeOptions opts;
  std::string logLevel = "info", logFile;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        std::cerr << "flakewise: " << a << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    auto number = [&](std::size_t& out) {
      const std::string* v = value();
      if (!v) return false;
      try {
        out = std::stoull(*v);
        return true;
      } catch (const std::exception&) {
        std::cerr << "flakewise: " << a << " needs a number\n";
        return false;
      }
    };
    if (a == "--version" || a == "-V") {
      std::cout << "flakewise " << kVersion << '\n';
      return 0;
    } else if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return 0;
    } else if (a == "--stdio") {
      opts.listen.clear();
    } else if (a == "--listen") {
      const std::string* v = value();
      if (!v) return 2;
      opts.listen = *v;
    } else if (a == "--log-level") {
      const std::string* v = value();
      if (!v) return 2;
      logLevel = *v;
    } else if (a == "--log-file") {
      const std::string* v = value();
      if (!v) return 2;
      logFile = *v;
    } else if (a == "--max-message-size") {
      if (!number(opts.server.maxMessageBytes)) return 2;
    } else if (a == "--max-file-size") {
      if (!number(opts.server.maxFileBytes)) return 2;
    } else if (a == "--debug-methods") {
      opts.server.debugMethods = true;
    } else if (a.starts_with("--clientProcessId")) {
      // Passed by vscode-languageclient; nothing to do with it yet.
      if (a == "--clientProcessId") ++i;
    } else {
      std::cerr << "flakewise: unknown argument '" << a << "'\n\n" << kHelp;
      return 2;
    }
  }
  if (!setUpLogging(logLevel, logFile)) return 2;
  spdlog::info("flakewise {} starting ({})", kVersion, opts.listen.empty() ? "stdio" : "tcp " + opts.listen);
  if (!opts.listen.empty()) return serveTcp(opts.listen, opts.server);
  return serveStdio(opts.server);
}

}  // namespace fw::server
