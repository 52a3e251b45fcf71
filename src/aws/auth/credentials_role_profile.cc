#include "aws/auth/credentials_role_profile.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "aws/auth/credentials_env.h"
#include "aws/auth/credentials_imds.h"
#include "aws/auth/credentials_process.h"
#include "aws/auth/credentials_profile.h"
#include "aws/auth/credentials_sts.h"
#include "core/log.h"
#include "core/strings.h"

namespace berth::aws {
namespace {

std::string Get(const ConfigFiles& files, std::string_view profile, std::string_view key) {
  return std::string(Trim(files.Get(profile, key).value_or("")));
}

// One source wrapped as a provider, so it is cached and refreshed.
std::unique_ptr<CredentialsProvider> AsProvider(std::unique_ptr<CredentialSource> source, const RoleProfileContext& ctx,
                                                std::string what) {
  std::vector<std::unique_ptr<CredentialSource>> v;
  v.push_back(std::move(source));
  return std::make_unique<ChainCredentialsProvider>(std::move(v), *ctx.clock, ctx.options.refresh, std::move(what));
}

Result<std::unique_ptr<CredentialsProvider>> CredentialSourceProvider(const RoleProfileContext& ctx,
                                                                      const std::string& profile,
                                                                      const std::string& name) {
  std::unique_ptr<CredentialSource> source;
  if (name == "Environment") {
    source = std::make_unique<EnvironmentCredentialSource>(*ctx.env);
  } else if (name == "Ec2InstanceMetadata") {
    source = std::make_unique<ImdsCredentialSource>(*ctx.env, *ctx.transport);
  } else if (name == "EcsContainer") {
    source = std::make_unique<ContainerCredentialSource>(*ctx.env, *ctx.transport, ctx.options.container);
  } else {
    return ConfigError(
        fmt::format("profile '{}' has credential_source = {}; use Environment, Ec2InstanceMetadata or EcsContainer",
                    profile, name));
  }
  return AsProvider(std::move(source), ctx,
                    fmt::format("credentials for credential_source {} of profile '{}'", name, profile));
}

Result<std::unique_ptr<CredentialsProvider>> SourceProfileProvider(const RoleProfileContext& ctx,
                                                                   const std::string& profile,
                                                                   const std::string& source,
                                                                   std::vector<std::string> chain) {
  const ConfigFiles& files = ctx.settings.files;
  const bool has_keys = HasStaticKeys(files, source);
  if (source == profile && has_keys) {
    // A profile may name itself to use its own keys as the source (botocore allows this).
    return AsProvider(std::make_unique<ProfileCredentialSource>(files, source, SharedFile::kCredentials), ctx,
                      fmt::format("static keys of profile '{}'", source));
  }
  if (std::find(chain.begin(), chain.end(), source) != chain.end()) {
    chain.push_back(source);
    return ConfigError(
        fmt::format("source_profile settings form a loop: {}; break it by giving one of these "
                    "profiles keys or a credential_source",
                    Join(chain, " -> ")));
  }
  if (!files.HasProfile(source)) {
    auto names = files.ProfileNames();
    return ConfigError(
        fmt::format("profile '{}' has source_profile = {}, which is not defined; profiles that exist: {}", profile,
                    source, names.empty() ? "(none)" : Join(names, ", ")));
  }
  if (!has_keys && !Get(files, source, "role_arn").empty() && Get(files, source, "web_identity_token_file").empty()) {
    BERTH_ASSIGN_OR_RETURN(auto role, MakeProfileRoleSource(ctx, source, std::move(chain)));
    return AsProvider(std::move(role), ctx, fmt::format("credentials of source profile '{}'", source));
  }
  // The source profile's own sources, without the environment (botocore's rule).
  std::vector<std::unique_ptr<CredentialSource>> sources;
  StsDeps sts{ctx.transport, ctx.clock, ctx.settings};
  sources.push_back(std::make_unique<WebIdentityCredentialSource>(nullptr, files, source, sts));
  sources.push_back(std::make_unique<ProfileCredentialSource>(files, source, SharedFile::kCredentials));
  sources.push_back(std::make_unique<ProcessCredentialSource>(files, source, ctx.options.process_timeout));
  sources.push_back(std::make_unique<ProfileCredentialSource>(files, source, SharedFile::kConfig));
  return std::unique_ptr<CredentialsProvider>(std::make_unique<ChainCredentialsProvider>(
      std::move(sources), *ctx.clock, ctx.options.refresh, fmt::format("credentials in source profile '{}'", source)));
}

}  // namespace

Result<std::unique_ptr<CredentialSource>> MakeProfileRoleSource(const RoleProfileContext& ctx,
                                                                const std::string& profile,
                                                                std::vector<std::string> chain) {
  const ConfigFiles& files = ctx.settings.files;
  chain.push_back(profile);
  AssumeRoleParams params;
  params.role_arn = Get(files, profile, "role_arn");
  params.session_name = Get(files, profile, "role_session_name");
  params.external_id = Get(files, profile, "external_id");
  if (!Get(files, profile, "mfa_serial").empty()) {
    return ConfigError(fmt::format(
        "profile '{}' sets mfa_serial, which needs an interactive MFA prompt that berth does not offer; use "
        "credential_process or export temporary credentials (aws configure export-credentials)",
        profile));
  }
  if (std::string d = Get(files, profile, "duration_seconds"); !d.empty()) {
    auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), params.duration_seconds);
    if (ec != std::errc() || p != d.data() + d.size() || params.duration_seconds < 900 ||
        params.duration_seconds > 43200) {
      return ConfigError(fmt::format("profile '{}' has duration_seconds = {}; use 900 to 43200", profile, d));
    }
  }
  std::string source_profile = Get(files, profile, "source_profile");
  std::string credential_source = Get(files, profile, "credential_source");
  if (!source_profile.empty() && !credential_source.empty()) {
    return ConfigError(
        fmt::format("profile '{}' sets both source_profile and credential_source; keep only one", profile));
  }
  if (source_profile.empty() && credential_source.empty()) {
    return ConfigError(fmt::format(
        "profile '{}' has role_arn but no source_profile or credential_source to assume it with; add one", profile));
  }
  std::unique_ptr<CredentialsProvider> source;
  if (!credential_source.empty()) {
    BERTH_ASSIGN_OR_RETURN(source, CredentialSourceProvider(ctx, profile, credential_source));
  } else {
    BERTH_ASSIGN_OR_RETURN(source, SourceProfileProvider(ctx, profile, source_profile, std::move(chain)));
  }
  return std::unique_ptr<CredentialSource>(std::make_unique<AssumeRoleCredentialSource>(
      fmt::format("role {} of profile '{}'", params.role_arn, profile), params, std::move(source),
      StsDeps{ctx.transport, ctx.clock, ctx.settings}));
}

ProfileRoleCredentialSource::~ProfileRoleCredentialSource() = default;

std::string ProfileRoleCredentialSource::Name() const {
  return fmt::format("assume role of profile '{}'", profile_);
}

Result<std::optional<Credentials>> ProfileRoleCredentialSource::Fetch(std::string* skip_reason) {
  if (!role_) {
    const ConfigFiles& files = ctx_->settings.files;
    if (Get(files, profile_, "role_arn").empty()) {
      *skip_reason = fmt::format("profile '{}' has no role_arn", profile_);
      return std::optional<Credentials>();
    }
    if (!Get(files, profile_, "web_identity_token_file").empty()) {
      *skip_reason = fmt::format("profile '{}' uses web_identity_token_file (the web identity source)", profile_);
      return std::optional<Credentials>();
    }
    if (Get(files, profile_, "source_profile").empty() && Get(files, profile_, "credential_source").empty() &&
        ctx_->env->GetNonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE")) {
      *skip_reason = fmt::format("profile '{}' has role_arn for AWS_WEB_IDENTITY_TOKEN_FILE", profile_);
      return std::optional<Credentials>();
    }
    BERTH_ASSIGN_OR_RETURN(role_, MakeProfileRoleSource(*ctx_, profile_, {}));
  }
  return role_->Fetch(skip_reason);
}

}  // namespace berth::aws
