using System.Security.Claims;
using System.Text.Json;
using AgentProvision.Api.Runs;

namespace AgentProvision.Api.TenantConsole;

/// <summary>Runs from the console: the form's <c>name=value</c> lines become the API's run body and go through its own checks.</summary>
public static class RunForm
{
    /// <summary>Starts a run; null when it started, otherwise what to show (field errors are added to <paramref name="errors"/>).</summary>
    public static async Task<string?> StartAsync(
        RunTarget target, Guid id, string? parameterLines, ClaimsPrincipal user, RunServices services, FormErrors errors, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in (parameterLines ?? "").Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add("parameters", $"Line {lineNumber} is not name=value: '{line}'.");
                continue;
            }

            values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        if (errors.Any)
        {
            return null;
        }

        // The same parser and limits as a JSON body: names, NUL characters, Databricks' 10,000 bytes.
        var (parameters, problems) = RunParameters.Parse(JsonSerializer.SerializeToUtf8Bytes(new { parameters = values }));
        if (parameters is null)
        {
            errors.AddAll(problems.ToDictionary(), _ => "parameters");
            return null;
        }

        var outcome = (await RunsApi.StartWithAsync(target, id, parameters, user, services, cancellationToken)).Result.Of<RunResponse>();
        if (outcome.Value is not null)
        {
            return null;
        }

        errors.AddAll(outcome.Errors, _ => "parameters");
        return errors.Any ? null : outcome.Problem?.Detail ?? "The run could not be started.";
    }

    public static async Task<IReadOnlyList<RunResponse>> ListAsync(
        RunTarget target, Guid id, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken) =>
        (await RunsApi.ListAsync(target, id, user, services, 0, 20, cancellationToken)).Result.Of<RunResponse[]>().Value ?? [];

    /// <summary>Asks for the cancel; the problem's detail when refused (e.g. the run already finished).</summary>
    public static async Task<string?> CancelAsync(
        RunTarget target, Guid id, string runId, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var outcome = (await RunsApi.CancelAsync(target, id, runId, user, services, cancellationToken)).Result.Of<RunResponse>();
        return outcome.Value is null ? outcome.Problem?.Detail ?? "The run could not be cancelled." : null;
    }
}
