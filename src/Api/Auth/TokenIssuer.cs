using System.Security.Claims;
using System.Text;
using AgentProvision.Api.Ops;
using AgentProvision.Persistence.Entities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentProvision.Api.Auth;

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, Guid TenantId, Guid UserId);

public sealed class TokenIssuer(IOptions<JwtOptions> options, IOptions<OpsOptions> ops, TimeProvider clock)
{
    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public TokenResponse Issue(User user)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.TokenLifetime,
            SigningCredentials = new SigningCredentials(KeyFrom(jwt.SigningKey), SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(TenantClaims.TenantId, user.TenantId.ToString()),
                new Claim(TenantClaims.Role, user.Role),
                new Claim(TenantClaims.Email, user.Email),
            ]),
        };
        if (ops.Value.IsOperator(user.Email))
        {
            // Operators (Ops:Operators) keep their tenant role and get the one /api/v1/ops/* requires.
            descriptor.Subject.AddClaim(new Claim(TenantClaims.Role, OpsSetup.OperatorRole));
        }

        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        // Lower-case "bearer", as the original API answered: its web client stores and compares the value as is.
        return new TokenResponse(token, "bearer", (int)jwt.TokenLifetime.TotalSeconds, user.TenantId, user.Id);
    }
}
