using AgentProvision.Api.Datasets;
using AgentProvision.Datasets.Ingest;
using AgentProvision.Datasets.Query;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Infrastructure;

/// <summary>Maps the exceptions a request can raise to RFC 9457 problem details; anything else is a logged 500.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            // Malformed JSON, a wrong content type, an unreadable body: the message says which parameter failed.
            BadHttpRequestException bad => BadRequest(bad),
            IngestRejected rejected => new ProblemDetails
            {
                Status = rejected.StatusCode,
                Title = rejected.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Dataset too large" : "Dataset rejected",
                Detail = rejected.Message,
                Extensions = { ["code"] = rejected.Code, ["line"] = rejected.Line, ["column"] = rejected.Column },
            },
            UploadRejected rejected => new ProblemDetails { Status = rejected.StatusCode, Title = "Upload rejected", Detail = rejected.Message },
            QueryRejected rejected => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Query rejected",
                Detail = rejected.Message,
                Extensions = { ["code"] = rejected.Code },
            },
            DbUpdateException gone when gone.IsForeignKeyViolationOn("tenants") => new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Account no longer exists",
                Detail = "The tenant this token was issued for no longer exists. Sign in again, or register a new account.",
            },
            _ when exception.IsDatabaseUnavailable() => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The database cannot be reached right now; nothing was changed. Try again in a few seconds.",
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Concurrent change",
                Detail = "Someone else changed this resource at the same time. Read it again and repeat your change.",
            },
            DbUpdateException db when db.IsUniqueViolation() => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "The change conflicts with an existing resource.",
            },
            // The client went away mid-request (an aborted upload): nobody reads this answer, and it is no server fault.
            _ when httpContext.RequestAborted.IsCancellationRequested => new ProblemDetails
            {
                Status = StatusCodes.Status499ClientClosedRequest,
                Title = "Client closed request",
                Detail = "The request was aborted before it finished; nothing was kept.",
            },
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "The request failed on our side. Try again; if it keeps failing, report the traceId.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "2";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = bad.InnerException is JsonException json ? $"The request body is not valid JSON: {json.Message}" : bad.Message,
        };

        // Name the field the reader stopped at, as validation errors do, so a client can show it beside the input.
        if (bad.InnerException is JsonException { Path: { Length: > 2 } path } at)
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            var message = at.InnerException is InvalidOperationException { Message: var reason } && reason.Contains("UTF-16", StringComparison.Ordinal)
                ? $"'{field}' contains a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair), which is not text; send valid Unicode."
                : $"'{field}' could not be read: it has the wrong JSON type or is malformed.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        return problem;
    }
}
