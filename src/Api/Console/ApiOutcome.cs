using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole;

/// <summary>
/// What one of the API's endpoint handlers answered, read by a console page: the value (200/201/202), the field errors
/// (400 validation), or the problem (404, 409 …). The console calls the handlers themselves, so it validates and scopes
/// to the tenant exactly as the JSON API does.
/// </summary>
public sealed record ApiOutcome<T>(T? Value, IDictionary<string, string[]> Errors, ProblemDetails? Problem) where T : class
{
    public bool IsNotFound => Problem?.Status == StatusCodes.Status404NotFound;

    public static ApiOutcome<T> From(IResult result) => result switch
    {
        IValueHttpResult<T> { Value: { } value } => new(value, Empty, null),
        ValidationProblem invalid => new(null, invalid.ProblemDetails.Errors, invalid.ProblemDetails),
        ProblemHttpResult problem => new(null, Empty, problem.ProblemDetails),
        _ => new(null, Empty, null),
    };

    private static readonly IDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
}

public static class ApiOutcome
{
    public static ApiOutcome<T> Of<T>(this IResult result) where T : class => ApiOutcome<T>.From(result);
}
