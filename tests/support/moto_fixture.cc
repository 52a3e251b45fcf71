#include "support/moto_fixture.h"

#include "support/oracles.h"

#include <iostream>

#include "core/strings.h"
#include "support/oracles.h"

namespace berth::testing {

MotoServer* MotoFixture::moto_ = nullptr;
std::string MotoFixture::why_;
bool MotoFixture::used_ = false;

std::vector<std::string> RunBoto3(const MotoServer& moto, const std::string& code) {
  const std::string prelude =
      "import boto3, os\n"
      "def client(name):\n"
      "    return boto3.client(name, endpoint_url=os.environ['MOTO_URL'])\n";
  ProcessResult r = RunProcess({moto.python(), "-c", prelude + code}, {{"AWS_ACCESS_KEY_ID", kMotoAccessKeyId},
                                                                       {"AWS_SECRET_ACCESS_KEY", kMotoSecretAccessKey},
                                                                       {"AWS_DEFAULT_REGION", "us-east-1"},
                                                                       {"MOTO_URL", moto.url()}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out(Trim(r.out));
  return out.empty() ? std::vector<std::string>{} : Split(out, ' ');
}

void MotoFixture::StartMoto(std::map<std::string, std::string> env) {
  TearDownTestSuite();
  auto moto = std::make_unique<MotoServer>(std::move(env));
  if (moto->Start()) {
    moto_ = moto.release();
  } else {
    why_ = moto->unavailable_reason();
  }
}

void MotoFixture::TearDownTestSuite() {
  delete moto_;
  moto_ = nullptr;
  why_ = "moto was not started for this suite";
  used_ = false;
}

void MotoFixture::SetUp() {
  if (moto_ == nullptr) BERTH_ORACLE_UNAVAILABLE(Oracle::kMoto, why_);
  if (used_) {
    ASSERT_TRUE(moto_->Reset()) << "POST /moto-api/reset failed";
  }
  used_ = true;
}

std::unique_ptr<TestAwsClient> MotoFixture::MotoClient(aws::Credentials credentials) {
  return std::make_unique<TestAwsClient>(moto_->url(), std::move(credentials));
}

EnvMap MotoFixture::BerthEnv(const TempHome& home) {
  EnvMap env = home.BaseEnv();
  env["AWS_ACCESS_KEY_ID"] = kMotoAccessKeyId;
  env["AWS_SECRET_ACCESS_KEY"] = kMotoSecretAccessKey;
  env["AWS_REGION"] = "us-east-1";
  env["AWS_ENDPOINT_URL"] = moto_->url();
  env["BERTH_STATE"] = home.path() + "/state.db";
  return env;
}

}  // namespace berth::testing
