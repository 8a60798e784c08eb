using Microsoft.AspNetCore.Authentication.JwtBearer;
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

        // The dashboard: one snapshot per interval for every open page, the broker read by passive declare.
        builder.Services.AddSingleton<BrokerProbe>();
        builder.Services.AddSingleton<OpsSnapshotSource>();

        // EventSource cannot set headers: the dashboard's event stream (and only it) takes the token as ?access_token=.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, bearer =>
        {
            bearer.Events ??= new JwtBearerEvents();
            var earlier = bearer.Events.OnMessageReceived;
            bearer.Events.OnMessageReceived = async context =>
            {
                await earlier(context);
                if (context.Token is null
                    && context.Request.Path.Equals(OpsDashboardApi.EventsPath, StringComparison.OrdinalIgnoreCase)
                    && context.Request.Query.TryGetValue("access_token", out var token)
                    && !string.IsNullOrEmpty(token))
                {
                    context.Token = token.ToString();
                }
            };
        });
        return builder;
    }
}
