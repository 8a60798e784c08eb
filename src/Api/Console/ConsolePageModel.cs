using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AgentProvision.Api.TenantConsole;

/// <summary>What every console page shares: field errors, a page-level message, and the API's service holders.</summary>
public abstract class ConsolePageModel : PageModel
{
    public FormErrors Errors { get; } = new();

    /// <summary>A message about the whole action (a conflict, a refused retry), shown at the top of the page.</summary>
    public string? Message { get; set; }

    /// <summary>The <c>[AsParameters]</c> record an API handler takes, built from the request's services as the endpoint would.</summary>
    protected T Services<T>() where T : class => ActivatorUtilities.CreateInstance<T>(HttpContext.RequestServices);

    protected T Service<T>() where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>Another tenant's resource, or none: the same 404 page either way, as the API answers.</summary>
    protected IActionResult NotFoundPage() => new ViewResult { ViewName = "/Console/Pages/Shared/NotFound.cshtml", StatusCode = StatusCodes.Status404NotFound };

    /// <summary>A problem's detail as the page-level message; a 404 becomes the not-found page.</summary>
    protected IActionResult ShowProblem<T>(ApiOutcome<T> outcome, Func<IActionResult> page) where T : class
    {
        if (outcome.IsNotFound)
        {
            return NotFoundPage();
        }

        Errors.AddAll(outcome.Errors);
        if (!Errors.Any)
        {
            Message = outcome.Problem?.Detail ?? outcome.Problem?.Title ?? "The request could not be completed.";
        }

        return page();
    }
}
