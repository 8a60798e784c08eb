namespace AgentProvision.Api.TenantConsole;

/// <summary>The model of the <c>_FieldErrors</c> partial: one field's messages, shown beside its input.</summary>
public sealed record FieldErrorsView(string Field, IReadOnlyList<string> Messages);
