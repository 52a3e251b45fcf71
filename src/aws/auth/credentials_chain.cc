#include "aws/auth/credentials_chain.h"

#include <fmt/format.h>

#include "aws/auth/credentials_env.h"
#include "aws/auth/credentials_imds.h"
#include "aws/auth/credentials_process.h"
#include "aws/auth/credentials_profile.h"
#include "aws/auth/credentials_role_profile.h"
#include "aws/auth/credentials_sts.h"
#include "core/log.h"

namespace berth::aws {

ChainCredentialsProvider::ChainCredentialsProvider(std::vector<std::unique_ptr<CredentialSource>> sources, Clock& clock,
                                                   RefreshWindows windows, std::string what,
                                                   std::shared_ptr<const void> keep_alive)
    : keep_alive_(std::move(keep_alive)),
      sources_(std::move(sources)),
      clock_(clock),
      windows_(windows),
      what_(std::move(what)) {}

// Sources go first: they may refer to what keep_alive_ owns.
ChainCredentialsProvider::~ChainCredentialsProvider() {
  cache_.reset();
  sources_.clear();
}

std::string ChainCredentialsProvider::ChosenSource() const {
  std::lock_guard lock(mu_);
  return chosen_ == nullptr ? std::string() : chosen_->Name();
}

void ChainCredentialsProvider::Invalidate() {
  std::lock_guard lock(mu_);
  if (cache_) cache_->Invalidate();
}

Result<Credentials> ChainCredentialsProvider::GetCredentials() {
  CachingCredentialsProvider* cache = nullptr;
  {
    std::lock_guard lock(mu_);
    if (!cache_) {
      std::vector<std::string> tried;
      for (auto& source : sources_) {
        std::string why;
        auto found = source->Fetch(&why);
        if (!found.ok()) {
          BERTH_LOG_DEBUG("credentials: {} is configured but failed", source->Name());
          return found.status();
        }
        if (!found->has_value()) {
          BERTH_LOG_DEBUG("credentials: skipped {}: {}", source->Name(), why);
          tried.push_back(fmt::format("  - {}: {}", source->Name(), why));
          continue;
        }
        BERTH_LOG_DEBUG("credentials: using {}", source->Name());
        chosen_ = source.get();
        CredentialSource* chosen = chosen_;
        cache_ = std::make_unique<CachingCredentialsProvider>(
            [chosen]() -> Result<Credentials> {
              std::string why;
              BERTH_ASSIGN_OR_RETURN(auto again, chosen->Fetch(&why));
              if (!again) {
                return CredentialsError(fmt::format("{} no longer provides credentials: {}", chosen->Name(), why));
              }
              return *std::move(again);
            },
            clock_, windows_);
        cache_->Prime(**std::move(found));
        break;
      }
      if (!cache_) {
        return CredentialsError(
            fmt::format("no {} found. berth looked in, in order:\n{}\n"
                        "Provide credentials in one of these ways: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                        "(and AWS_SESSION_TOKEN for temporary keys); use --profile or AWS_PROFILE with a profile in "
                        "~/.aws/credentials or ~/.aws/config (keys, role_arn, credential_process); set "
                        "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN for OIDC; or run on ECS or EC2 with a task or "
                        "instance role",
                        what_, fmt::join(tried, "\n")));
      }
    }
    cache = cache_.get();
  }
  // The cache has its own lock; a refresh does not block ChosenSource().
  return cache->GetCredentials();
}

std::unique_ptr<CredentialsProvider> MakeDefaultCredentialsChain(const AwsSettings& settings, const Environment& env,
                                                                 http::Transport& transport, Clock& clock,
                                                                 const CredentialsChainOptions& options) {
  auto ctx = std::make_shared<RoleProfileContext>();
  ctx->settings = settings;
  ctx->env = &env;
  ctx->transport = &transport;
  ctx->clock = &clock;
  ctx->options = options;
  const ConfigFiles& files = ctx->settings.files;
  const std::string& profile = ctx->settings.profile;
  StsDeps sts{&transport, &clock, ctx->settings};

  std::vector<std::unique_ptr<CredentialSource>> sources;
  if (!settings.profile_from_flag) {
    sources.push_back(std::make_unique<EnvironmentCredentialSource>(env));
  } else {
    BERTH_LOG_DEBUG("credentials: environment keys not considered: --profile {} was given", profile);
  }
  sources.push_back(std::make_unique<ProfileRoleCredentialSource>(ctx.get(), profile));
  sources.push_back(std::make_unique<WebIdentityCredentialSource>(&env, files, profile, sts));
  sources.push_back(std::make_unique<ProfileCredentialSource>(files, profile, SharedFile::kCredentials));
  sources.push_back(std::make_unique<ProcessCredentialSource>(files, profile, options.process_timeout));
  sources.push_back(std::make_unique<ProfileCredentialSource>(files, profile, SharedFile::kConfig));
  sources.push_back(std::make_unique<ContainerCredentialSource>(env, transport, options.container));
  sources.push_back(std::make_unique<ImdsCredentialSource>(env, transport));
  return std::make_unique<ChainCredentialsProvider>(std::move(sources), clock, options.refresh, "AWS credentials",
                                                    std::move(ctx));
}

}  // namespace berth::aws
