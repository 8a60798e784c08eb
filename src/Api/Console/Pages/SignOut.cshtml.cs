using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages;

/// <summary>Sign-out is a POST (with the antiforgery token), so no other site can sign a user out with a link.</summary>
public sealed class SignOutModel : ConsolePageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await ConsoleSession.SignOutAsync(HttpContext);
        return LocalRedirect("/console/sign-in");
    }
}
