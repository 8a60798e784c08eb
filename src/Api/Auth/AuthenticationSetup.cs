using AgentProvision.Persistence;
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
        builder.Services.AddOptions<AccountCheckOptions>()
            .Bind(builder.Configuration.GetSection(AccountCheckOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenAccountCheck>();

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
                    // A signature is not enough: the claims must have the shape we issue (every query is scoped by the
                    // tenant claim), and the user must still exist, on every authenticated endpoint, reads included.
                    OnTokenValidated = async context =>
                    {
                        var services = context.HttpContext.RequestServices;
                        var failure = await services.GetRequiredService<TokenAccountCheck>().FailureAsync(
                            context.Principal!, services.GetRequiredService<AppDbContext>(), context.HttpContext.RequestAborted);
                        if (failure is not null)
                        {
                            context.Fail(failure);
                        }
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
            TokenAccountGoneException =>
                "The user or tenant this token was issued to no longer exists. Sign in again at /api/v1/auth/login, or register a new account.",
            TokenClaimsInvalidException invalid => $"{invalid.Message} Sign in again at /api/v1/auth/login for a token we issued.",
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
