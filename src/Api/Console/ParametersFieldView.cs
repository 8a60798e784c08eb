namespace AgentProvision.Api.TenantConsole;

/// <summary>The model of the <c>_ParametersField</c> partial: the run parameters as typed, and the form's errors.</summary>
public sealed record ParametersFieldView(string? Value, FormErrors Errors);
