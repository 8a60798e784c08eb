using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Infrastructure;

/// <summary>Configuration section <c>Api</c>.</summary>
public sealed class RequestBodyOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Largest request body outside dataset uploads (which stream and set their own limit, <c>Datasets:Ingest:MaxBytes</c>).
    /// Large enough for a 10 MB notebook escaped as JSON and for JSON records to ingest; bigger data goes by upload.
    /// </summary>
    [Range(1024, 1L << 31)]
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;
}

/// <summary>
/// One explicit body limit for every JSON and form request, enforced the same way under Kestrel and in tests: a declared
/// length over it is answered 413 before anything is read, and Kestrel stops a chunked body at it (a 413 from the reader).
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var max = context.RequestServices.GetRequiredService<IOptions<RequestBodyOptions>>().Value.MaxBodyBytes;
        if (request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The request body is {request.ContentLength} bytes; the limit is {max} bytes. " +
                        "Send less, or send large data as a file to POST /api/v1/datasets/upload.",
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { ["body"] = [$"'body' must be at most {max} bytes."] } },
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }

        await next(context);
    });
}
