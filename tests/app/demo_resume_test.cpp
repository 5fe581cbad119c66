// Optimizer + model checkpoints across processes: train 10 steps and save, resume in a fresh
// process for 10 more; the parameters equal 20 steps straight, bit for bit (compared by a hash of
// the raw float bits printed by the program).
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "support/python_runner.hpp"

namespace {
std::string run(const std::string& args, int& rc) {
  const std::string cmd = std::string(SIMREC_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}
std::string hash_line(const std::string& out) {
  const auto pos = out.find("parameter hash: ");
  return pos == std::string::npos ? "" : out.substr(pos, 32);
}
}  // namespace

TEST_CASE("train 10 + save + resume 10 in a fresh process == 20 steps straight", "[app][checkpoint]") {
  const std::string dir = simrec::testing::make_temp_dir("simrec_resume_");
  int rc = 0;
  const std::string straight = run("demo --max-steps 20 --print-parameters", rc);
  REQUIRE(rc == 0);
  run("demo --max-steps 10 --save " + dir + "/ck", rc);
  REQUIRE(rc == 0);
  const std::string resumed = run("demo --max-steps 20 --resume " + dir + "/ck --print-parameters", rc);
  REQUIRE(rc == 0);
  INFO(straight << "\n---\n" << resumed);
  REQUIRE(!hash_line(straight).empty());
  CHECK(hash_line(resumed) == hash_line(straight));
  const std::string fewer = run("demo --max-steps 19 --print-parameters", rc);
  CHECK(hash_line(fewer) != hash_line(straight));  // the hash does see one step's difference
  std::filesystem::remove_all(dir);
}

TEST_CASE("simrec rejects unknown commands and options with exit code 2", "[app][errors]") {
  int rc = 0;
  const std::string out = run("frobnicate", rc);
  CHECK(rc == 2);
  CHECK(out.find("unknown command 'frobnicate'") != std::string::npos);
  const std::string out2 = run("demo --epochz 3", rc);
  CHECK(rc == 2);
  CHECK(out2.find("epochz") != std::string::npos);
}
