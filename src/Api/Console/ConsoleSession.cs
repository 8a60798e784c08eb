using System.Security.Claims;
using AgentProvision.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AgentProvision.Api.TenantConsole;

/// <summary>Turns an access token the API just issued into the console's cookie session, with the token's own claims.</summary>
public static class ConsoleSession
{
    private static readonly HashSet<string> Carried =
        new(StringComparer.Ordinal) { JwtRegisteredClaimNames.Sub, TenantClaims.TenantId, TenantClaims.Role, TenantClaims.Email };

    public static Task SignInAsync(HttpContext http, TokenResponse token)
    {
        // The claims come from the issued token, so the console's user is exactly the API's (tenant, role, e-mail).
        var jwt = new JsonWebTokenHandler().ReadJsonWebToken(token.AccessToken);
        var identity = new ClaimsIdentity(
            jwt.Claims.Where(c => Carried.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)),
            ConsoleSetup.Scheme, TenantClaims.Email, TenantClaims.Role);
        return http.SignInAsync(ConsoleSetup.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            ExpiresUtc = jwt.ValidTo,
            IsPersistent = false,
        });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(ConsoleSetup.Scheme);
}
