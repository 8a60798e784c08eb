using System.Text;
using AgentProvision.Api.Infrastructure;

namespace AgentProvision.Api.Notebooks;

internal static class NotebookValidation
{
    public static readonly string[] Languages = ["PYTHON", "SQL", "SCALA", "R"];

    public static ValidationErrors Validate(CreateNotebookRequest request)
    {
        var errors = new ValidationErrors();
        errors.RequireText("name", request.Name, 255);
        Check(errors, request.Description, request.Language, request.ContentAsSent);
        return errors;
    }

    public static ValidationErrors Validate(UpdateNotebookRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Name is not null)
        {
            errors.RequireText("name", request.Name, 255);
        }

        Check(errors, request.Description, request.Language, request.ContentAsSent);
        return errors;
    }

    /// <summary>Oversized content is its own answer (413), so the client knows that trimming, not fixing, is needed.</summary>
    public static string? DescribeOversizedContent(string? content, int maxBytes)
    {
        if (content is null)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(content);
        return bytes > maxBytes ? $"'content' is {bytes} bytes; the limit is {maxBytes} bytes." : null;
    }

    private static void Check(ValidationErrors errors, string? description, string? language, NotebookContent? content)
    {
        errors.LimitText("description", description, 4000);
        if (content?.Problem is { } contentProblem)
        {
            errors.Add("content", contentProblem);
        }
        else if (content?.Text is { } text && text.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL text cannot hold it; one vectorized scan, no allocation.
            errors.Add("content", "'content' must not contain the NUL character (U+0000); PostgreSQL cannot store it.");
        }

        if (language is not null && !Languages.Contains(language.ToUpperInvariant()))
        {
            errors.Add("language", $"'language' must be one of {string.Join(", ", Languages)}.");
        }
    }
}
