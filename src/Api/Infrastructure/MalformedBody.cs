namespace AgentProvision.Api.Infrastructure;

/// <summary>Tells a body that cannot be parsed (the client's fault, 400) from a failure on our side.</summary>
public static class MalformedBody
{
    /// <summary>
    /// The form and multipart readers throw InvalidDataException for a bad form (no boundary, bad encoding, too many
    /// parts) and IOException when a multipart body ends early. Only the latter's reader exceptions count: an IOException
    /// from elsewhere (a full disk while staging an upload) stays a server error.
    /// </summary>
    public static bool IsMalformedForm(this Exception exception, HttpContext context) =>
        !context.RequestAborted.IsCancellationRequested
        && (exception is InvalidDataException
            || exception is IOException { Source: "Microsoft.AspNetCore.WebUtilities" or "Microsoft.AspNetCore.Http" });
}
