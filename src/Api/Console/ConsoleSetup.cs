using AgentProvision.Api.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.TenantConsole;

/// <summary>
/// The tenant console at <c>/console</c>: Razor Pages (server-rendered) that call the API's own endpoint handlers with
/// the signed-in user, so a tenant sees exactly what its token would see. Its own cookie scheme; the JSON API keeps
/// JWT bearer as its only default scheme.
/// </summary>
public static class ConsoleSetup
{
    public const string Scheme = "Console";
    public const string Policy = "ConsoleUser";
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static IHostApplicationBuilder AddTenantConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            // Pages live in this feature folder; each page names its absolute /console/... route.
            options.RootDirectory = "/Console/Pages";
            options.Conventions.AuthorizeFolder("/", Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Register");
            options.Conventions.ConfigureFilter(new SecurityHeadersFilter());
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "ap_console_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The upload sends its token in this header, so the (large) multipart body is never read to find it.
            options.HeaderName = AntiforgeryHeader;
        });
        builder.Services.AddAuthentication().AddCookie(Scheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<JwtOptions>>((cookie, jwt) =>
        {
            cookie.Cookie.Name = "ap_console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/console";
            // A console session lasts as long as an API token would, and no longer.
            cookie.ExpireTimeSpan = jwt.Value.TokenLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = "/console/sign-in";
            cookie.AccessDeniedPath = "/console/sign-in";
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(TenantClaims.TenantId));
        return builder;
    }

    public static IEndpointRouteBuilder MapTenantConsole(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        routes.MapConsoleAssets();
        routes.MapConsoleUpload();
        return routes;
    }
}
