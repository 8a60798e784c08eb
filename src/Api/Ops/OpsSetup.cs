using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Ops;

public static class OpsSetup
{
    /// <summary>The policy that guards <c>/api/v1/ops/*</c>: a token with the role <c>operator</c>.</summary>
    public const string OperatorPolicy = "Operator";

    public const string OperatorRole = "operator";

    /// <summary><c>Ops:Operators</c> (validated at start) and the <see cref="OperatorPolicy"/>.</summary>
    public static IHostApplicationBuilder AddOps(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpsOptions>()
            .Bind(builder.Configuration.GetSection(OpsOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OpsOptions>, OpsOptionsValidator>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(OperatorRole));
        return builder;
    }
}
