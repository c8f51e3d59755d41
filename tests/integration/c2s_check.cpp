// Drives xmpp::C2sClient against a real XMPP server for
// tests/integration/prosody_c2s_test.sh, one step a line on stdout:
//
//   c2s_check login PORT TRUST JID PASSWORD_FILE
//   c2s_check message PORT TRUST FROM_JID FROM_PASSWORD_FILE TO_JID TO_PASSWORD_FILE BODY
//   c2s_check bounce PORT TRUST FROM_JID FROM_PASSWORD_FILE TO_JID BODY
//   c2s_check together PORT TRUST JID PASSWORD_FILE JID PASSWORD_FILE ROUNDS
//
// The server is 127.0.0.1:PORT; a JID without '@' is a domain to log in to
// with SASL ANONYMOUS (PASSWORD_FILE then "-"). `message` logs the recipient
// in first, then the sender, who sends BODY to the recipient's bare JID; the
// recipient waits for it. `bounce` sends BODY to TO_JID, whom the server
// cannot reach, and waits for the server to return it as an error.
// `together` logs both accounts in at once, on two threads, ROUNDS times,
// and prints a line per failed login and a count. Each line
// reads "STEP ok|fail STAGE (N ms): EVIDENCE", a returned message "returned
// (N ms): WHY". Exit status 0 when every step succeeded (for `bounce`: the
// message came back), 1 when one failed, 2 for bad arguments.
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "util/files.hpp"
#include "xmpp/c2s_client.hpp"

using namespace fedharness;
using xmpp::C2sAccount;
using xmpp::C2sClient;
using xmpp::C2sOutcome;

namespace {

constexpr std::chrono::milliseconds kDeadline{5000};

struct Step {
  std::string name;
  std::chrono::steady_clock::time_point began = std::chrono::steady_clock::now();

  // Prints the outcome; true when it succeeded.
  bool report(const C2sOutcome& outcome) const {
    fmt::print("{} {} {} ({} ms): {}\n", name, outcome.ok ? "ok" : "fail", outcome.stage,
               took().count(), outcome.evidence);
    std::fflush(stdout);
    return outcome.ok;
  }

  std::chrono::milliseconds took() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 began);
  }
};

C2sAccount account(const std::string& port, const std::string& trust, const std::string& jid,
                   const std::string& password_file) {
  C2sAccount account;
  account.server = {net::asio::ip::make_address("127.0.0.1"),
                    static_cast<unsigned short>(std::stoul(port))};
  account.trust = trust;
  size_t at = jid.find('@');
  if (at == std::string::npos) {
    account.domain = jid;
  } else {
    account.jid = jid;
    account.domain = jid.substr(at + 1);
    account.password = read_password_file(password_file);
  }
  return account;
}

int log_in(const std::vector<std::string>& args) {
  C2sClient client(account(args[0], args[1], args[2], args[3]));
  return Step{"login " + args[2]}.report(client.log_in(kDeadline)) ? 0 : 1;
}

int message(const std::vector<std::string>& args) {
  const std::string& to = args[4];
  const std::string& body = args[6];
  C2sClient recipient(account(args[0], args[1], to, args[5]));
  if (!Step{"login " + to}.report(recipient.log_in(kDeadline))) {
    return 1;
  }
  C2sClient sender(account(args[0], args[1], args[2], args[3]));
  if (!Step{"login " + args[2]}.report(sender.log_in(kDeadline))) {
    return 1;
  }
  bool sent = Step{"send"}.report(sender.send_message(to, body, kDeadline));
  bool received = sent && Step{"receive"}.report(recipient.wait_for_message(body, kDeadline));
  for (const std::string& error : sender.delivery_errors()) {
    fmt::print("delivery error: {}\n", error);
  }
  return received ? 0 : 1;
}

int bounce(const std::vector<std::string>& args) {
  C2sClient sender(account(args[0], args[1], args[2], args[3]));
  if (!Step{"login " + args[2]}.report(sender.log_in(kDeadline)) ||
      !Step{"send"}.report(sender.send_message(args[4], args[5], kDeadline))) {
    return 1;
  }
  // The server gives up on the recipient's domain in its own time.
  Step waiting{"returned"};
  while (sender.delivery_errors().empty() && waiting.took() < kDeadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::vector<std::string> returned = sender.delivery_errors();
  if (returned.empty()) {
    fmt::print("not returned within {} ms\n", kDeadline.count());
    return 1;
  }
  fmt::print("returned ({} ms): {}\n", waiting.took().count(), returned.front());
  return 0;
}

int together(const std::vector<std::string>& args) {
  int rounds = std::stoi(args[6]);
  int failed = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<C2sOutcome> outcomes(2);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        C2sClient client(account(args[0], args[1], args[2 + 2 * i], args[3 + 2 * i]));
        outcomes[i] = client.log_in(kDeadline);
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    for (size_t i = 0; i < 2; ++i) {
      if (!outcomes[i].ok) {
        ++failed;
        fmt::print("round {}: login {} fail {}: {}\n", round, args[2 + 2 * i], outcomes[i].stage,
                   outcomes[i].evidence);
      }
    }
  }
  fmt::print("together: {} of {} logins failed\n", failed, 2 * rounds);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 5 && args[0] == "login") {
      return log_in({args.begin() + 1, args.end()});
    }
    if (args.size() == 8 && args[0] == "message") {
      return message({args.begin() + 1, args.end()});
    }
    if (args.size() == 7 && args[0] == "bounce") {
      return bounce({args.begin() + 1, args.end()});
    }
    if (args.size() == 8 && args[0] == "together") {
      return together({args.begin() + 1, args.end()});
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "c2s_check: {}\n", error.what());
    return 2;
  }
  fmt::print(stderr,
             "usage: c2s_check login PORT TRUST JID PASSWORD_FILE\n"
             "       c2s_check message PORT TRUST FROM_JID FROM_PASSWORD_FILE TO_JID "
             "TO_PASSWORD_FILE BODY\n"
             "       c2s_check bounce PORT TRUST FROM_JID FROM_PASSWORD_FILE TO_JID BODY\n"
             "       c2s_check together PORT TRUST JID PASSWORD_FILE JID PASSWORD_FILE ROUNDS\n");
  return 2;
}
