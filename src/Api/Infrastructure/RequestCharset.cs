using Microsoft.Net.Http.Headers;

namespace AgentProvision.Api.Infrastructure;

/// <summary>
/// A body declared in a charset .NET does not know (<c>application/json; charset=ebcdic-xx</c>) cannot be read at all;
/// the JSON binder would throw an InvalidOperationException (a 500). Answer 415 up front, saying what to send.
/// </summary>
public static class RequestCharset
{
    public static IApplicationBuilder UseKnownRequestCharsetsOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            && contentType.Charset.HasValue
            && contentType.Encoding is null)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported charset",
                    Detail = $"The request body's charset '{contentType.Charset}' is not supported. Send UTF-8 (e.g. 'Content-Type: application/json; charset=utf-8').",
                },
            });
            return;
        }

        await next(context);
    });
}
