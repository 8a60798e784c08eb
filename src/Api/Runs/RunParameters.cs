using System.Text;
using System.Text.Json;
using AgentProvision.Api.Infrastructure;

namespace AgentProvision.Api.Runs;

/// <summary>
/// The body of a run request, <c>{"parameters": {"name": "value"}}</c>: notebook widget values or job parameters, which
/// Databricks takes as strings. The body may be absent or empty (no parameters), and other fields are ignored (the
/// original web client sends <c>{"cell_index": n}</c>). Numbers and booleans are taken as their text.
/// </summary>
public sealed record RunParameters(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Databricks refuses notebook parameters over 10,000 bytes.</summary>
    public const int MaxBytes = 10_000;

    /// <summary>A body larger than this is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public string ToJson() => JsonSerializer.Serialize(Values);

    /// <summary>Reads the body; answers the parameters or the field errors (an unreadable body is a BadHttpRequestException, 400/413).</summary>
    public static async Task<(RunParameters? Parameters, ValidationErrors Errors)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        return Parse(body);
    }

    /// <summary>Parses and checks a body already read; the tenant console sends its form's parameters through here too.</summary>
    public static (RunParameters? Parameters, ValidationErrors Errors) Parse(byte[] body)
    {
        var errors = new ValidationErrors();
        if (body.Length == 0 || body.AsSpan().Trim(" \t\r\n"u8).Length == 0)
        {
            return (new RunParameters(new Dictionary<string, string>()), errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException malformed)
        {
            throw new BadHttpRequestException($"The request body is not valid JSON: {malformed.Message}", StatusCodes.Status400BadRequest, malformed);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return (new RunParameters(new Dictionary<string, string>()), errors);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "The body must be a JSON object: {\"parameters\": {\"name\": \"value\"}}.");
                return (null, errors);
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
            {
                if (parameters.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("parameters", "'parameters' must be an object of names to string values.");
                    return (null, errors);
                }

                // A lone surrogate would throw when read; U+0000 cannot go into the runs' jsonb column.
                if (!JsonTextCheck.Check(parameters, "parameters", errors))
                {
                    return (null, errors);
                }

                foreach (var parameter in parameters.EnumerateObject())
                {
                    var value = parameter.Value.ValueKind switch
                    {
                        JsonValueKind.String => parameter.Value.GetString(),
                        JsonValueKind.Number => parameter.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
                    if (parameter.Name.Length is 0 or > 256 || parameter.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        errors.Add("parameters", $"Parameter name '{parameter.Name}' must be 1 to 256 characters without NUL.");
                    }
                    else if (value is null)
                    {
                        errors.Add($"parameters.{parameter.Name}", $"'parameters.{parameter.Name}' must be a string (or a number or boolean).");
                    }
                    else if (value.Contains('\0', StringComparison.Ordinal))
                    {
                        errors.Add($"parameters.{parameter.Name}", $"'parameters.{parameter.Name}' must not contain the NUL character (U+0000).");
                    }
                    else
                    {
                        values[parameter.Name] = value;
                    }
                }
            }

            var result = new RunParameters(values);
            if (!errors.Any && Encoding.UTF8.GetByteCount(result.ToJson()) > MaxBytes)
            {
                errors.Add("parameters", $"'parameters' must be at most {MaxBytes} bytes as JSON (Databricks' limit).");
            }

            return errors.Any ? (null, errors) : (result, errors);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The request body must be at most {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
