using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;

namespace AgentProvision.Persistence.Sync;

/// <summary>
/// The one way a resource is put in line for the worker: its state says what is wanted, and an outbox row,
/// saved in the same transaction, says "look at it". Used by the API on every write and by the reconciler.
/// </summary>
public static class SyncRequests
{
    public const string NotebookResourceType = "notebook";

    /// <summary>
    /// After a user's change (or retry): marks the notebook pending (or deleting) with a fresh attempt budget and
    /// stages its sync message. If the message is lost, the reconciler re-sends it once <paramref name="deadline"/>
    /// has passed without the notebook settling.
    /// </summary>
    public static void RequestNotebookSync(this AppDbContext db, Notebook notebook, TimeProvider clock, TimeSpan deadline)
    {
        var now = clock.GetUtcNow();
        notebook.SyncStatus = notebook.DeletedAt is null ? SyncStatus.Pending : SyncStatus.Deleting;
        notebook.SyncAttempts = 0;
        notebook.UpdatedAt = now;
        db.ResendNotebookSync(notebook, clock, deadline);
    }

    /// <summary>The reconciler's half: the wanted state stands, only the message is sent again.</summary>
    public static void ResendNotebookSync(this AppDbContext db, Notebook notebook, TimeProvider clock, TimeSpan deadline)
    {
        notebook.NextAttemptAt = clock.GetUtcNow() + deadline;
        db.AddOutboxMessage(
            notebook.TenantId,
            NotebookResourceType,
            notebook.Id,
            new NotebookSyncRequested(notebook.TenantId, notebook.Id, notebook.Generation),
            clock);
    }
}
