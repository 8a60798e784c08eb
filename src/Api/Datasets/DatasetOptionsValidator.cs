using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Validates the nested <c>Datasets:Ingest</c> and <c>Datasets:Query</c> limits with their own annotations (data
/// annotations stop at the first level), so a wrong limit stops the API at start with the setting's name.
/// </summary>
public sealed class DatasetOptionsValidator : IValidateOptions<DatasetOptions>
{
    public ValidateOptionsResult Validate(string? name, DatasetOptions options)
    {
        var failures = new List<string>();
        Collect(options.Ingest, "Datasets:Ingest", failures);
        Collect(options.Query, "Datasets:Query", failures);
        if (options.RemoteQueryTimeout <= TimeSpan.Zero)
        {
            failures.Add("Datasets:RemoteQueryTimeout must be positive.");
        }

        if (options.MaxFormFieldBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add("Datasets:MaxFormFieldBytes must be between 256 bytes and 16 MiB.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object section, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
