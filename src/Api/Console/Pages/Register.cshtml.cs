using AgentProvision.Api.Auth;
using AgentProvision.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages;

/// <summary>Registers a tenant and its first user through the API's own registration, then signs in.</summary>
public sealed class RegisterModel : ConsolePageModel
{
    [BindProperty]
    public string? TenantName { get; set; }

    [BindProperty]
    public string? FullName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new RegisterRequest(TenantName, Email, Password, string.IsNullOrWhiteSpace(FullName) ? null : FullName, null, null);
        var outcome = (await AuthApi.Register(request, Service<AppDbContext>(), Service<TokenIssuer>(), Service<TimeProvider>(), cancellationToken))
            .Result.Of<TokenResponse>();
        if (outcome.Value is not { } token)
        {
            Errors.AddAll(outcome.Errors);
            if (!Errors.Any)
            {
                // A taken address (409) belongs on the e-mail field.
                Errors.Add("email", outcome.Problem?.Detail ?? "Registration failed.");
            }

            return Page();
        }

        await ConsoleSession.SignInAsync(HttpContext, token);
        return LocalRedirect("/console");
    }
}
