using AgentProvision.Api.Auth;
using AgentProvision.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages;

/// <summary>Signs in with the API's own login (same throttle, same answers) and keeps the result in the console cookie.</summary>
public sealed class SignInModel : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The API's login reads the form's email and password fields itself.
        var outcome = (await AuthApi.Login(Request, Service<AppDbContext>(), Service<TokenIssuer>(), Service<LoginThrottle>(), cancellationToken))
            .Result.Of<TokenResponse>();
        if (outcome.Value is not { } token)
        {
            Errors.AddAll(outcome.Errors);
            if (!Errors.Any)
            {
                // Wrong password or throttled: the API's own words, on the password field.
                Errors.Add("password", outcome.Problem?.Detail ?? "Sign-in failed.");
            }

            return Page();
        }

        await ConsoleSession.SignInAsync(HttpContext, token);
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    /// <summary>Only back into the console: never an open redirect.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/console";
}
