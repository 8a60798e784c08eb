using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Runs;

/// <summary>What can be run, and how its routes and answers name it.</summary>
public sealed record RunTarget(string Kind, string Noun, string Route, Func<AppDbContext, Guid, Guid, CancellationToken, Task<SyncedResource?>> Find)
{
    public static readonly RunTarget Notebook = new(Persistence.Entities.Notebook.Kind, "Notebook", "notebooks",
        async (db, tenantId, id, cancellationToken) => await db.Notebooks.FindReadOnlyAsync(tenantId, id, liveOnly: true, cancellationToken));

    public static readonly RunTarget Pipeline = new(DataPipeline.Kind, "Data pipeline", "data_pipelines",
        async (db, tenantId, id, cancellationToken) => await db.DataPipelines.FindReadOnlyAsync(tenantId, id, liveOnly: true, cancellationToken));

    public string PathOf(Guid targetId) => $"/api/v1/{Route}/{targetId}";
}
