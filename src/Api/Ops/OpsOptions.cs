using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Ops;

/// <summary>Who operates the system (section <c>Ops</c>).</summary>
public sealed class OpsOptions
{
    public const string Section = "Ops";

    /// <summary>
    /// Comma-separated e-mail addresses (env <c>Ops__Operators</c>). Their tokens, issued at login or register, carry
    /// the role <c>operator</c>, which <c>/api/v1/ops/*</c> requires. Empty: nobody is an operator.
    /// </summary>
    public string Operators { get; set; } = "";

    /// <summary>How often the ops dashboard's numbers are computed and pushed to open pages (env <c>Ops__DashboardInterval</c>).</summary>
    public TimeSpan DashboardInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> OperatorEmails() =>
        Operators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsOperator(string email) =>
        OperatorEmails().Contains(email.Trim(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>Every entry of <c>Ops:Operators</c> must be an e-mail address: a typo must stop the API, not lock operators out.</summary>
public sealed class OpsOptionsValidator : IValidateOptions<OpsOptions>
{
    public ValidateOptionsResult Validate(string? name, OpsOptions options)
    {
        if (options.DashboardInterval < TimeSpan.FromMilliseconds(200) || options.DashboardInterval > TimeSpan.FromMinutes(1))
        {
            return ValidateOptionsResult.Fail($"Ops:DashboardInterval must be between 00:00:00.2 and 00:01:00; it is {options.DashboardInterval}.");
        }

        var bad = options.OperatorEmails().Where(email => !IsEmail(email)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Ops:Operators must be a comma-separated list of e-mail addresses; not one: {string.Join(", ", bad.Select(b => $"'{b}'"))}.");
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);
}
