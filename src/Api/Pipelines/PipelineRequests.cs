using System.Text.Json;

namespace AgentProvision.Api.Pipelines;

/// <summary>
/// The original's DataPipelineCreate: <c>{name, config}</c>, plus <c>description</c>. <c>config</c> is read as raw JSON
/// so that any shape binds and is answered field by field (<see cref="PipelineValidation"/>), never as a bare JSON error.
/// </summary>
public sealed record CreatePipelineRequest(string? Name, string? Description, JsonElement? Config);

/// <summary>Fields left out (null) keep their value; a <c>config</c> given replaces the whole config.</summary>
public sealed record UpdatePipelineRequest(string? Name, string? Description, JsonElement? Config);
