using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AgentProvision.Api.Auth;

public static class AuthenticationSetup
{
    public static IHostApplicationBuilder AddApiAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddOptions<LoginThrottleOptions>()
            .Bind(builder.Configuration.GetSection(LoginThrottleOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LoginThrottle>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = TokenIssuer.KeyFrom(jwt.SigningKey),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = TenantClaims.Role,
                };
                bearer.Events = new JwtBearerEvents
                {
                    // A token is only good with a tenant in it: every query is scoped by that claim.
                    OnTokenValidated = context =>
                    {
                        if (!Guid.TryParse(context.Principal?.FindFirst(TenantClaims.TenantId)?.Value, out _))
                        {
                            context.Fail("The token carries no tenant_id claim.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = WriteChallengeProblemAsync,
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>401s get a problem+json body that says what to do, not an empty response.</summary>
    private static async Task WriteChallengeProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException expired =>
                $"The access token expired at {expired.Expires:u}. Log in again at /api/v1/auth/login.",
            null => "This endpoint needs an 'Authorization: Bearer <token>' header. Get a token from /api/v1/auth/login.",
            _ => "The access token is not valid (bad signature, issuer, audience or claims). Log in again at /api/v1/auth/login.",
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }
}
