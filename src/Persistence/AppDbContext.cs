using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Persistence;

public sealed partial class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Notebook> Notebooks => Set<Notebook>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<DataPipeline> DataPipelines => Set<DataPipeline>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<TenantCatalog> TenantCatalogs => Set<TenantCatalog>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<WorkerHeartbeat> WorkerHeartbeats => Set<WorkerHeartbeat>();
    public DbSet<DriftCheck> DriftChecks => Set<DriftCheck>();

    /// <summary>Outbox rows were staged and their commit has not been signalled yet (see <see cref="OutboxSignalInterceptor"/>).</summary>
    internal bool OutboxMessagesStaged { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("tenants");
            tenant.Property(t => t.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Email).HasMaxLength(320);
            user.Property(u => u.Role).HasMaxLength(32);
            user.HasIndex(u => u.Email).IsUnique();
            user.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Notebook>(notebook =>
        {
            notebook.ToTable("notebooks");
            notebook.Property(n => n.Name).HasMaxLength(255);
            notebook.Property(n => n.Language).HasMaxLength(16);
            notebook.HasOne<Tenant>().WithMany().HasForeignKey(n => n.TenantId).OnDelete(DeleteBehavior.Cascade);
            notebook.HasIndex(n => new { n.TenantId, n.CreatedAt });
            MapSyncColumns(notebook);
        });

        modelBuilder.Entity<Dataset>(dataset =>
        {
            dataset.ToTable("datasets");
            dataset.Property(d => d.Name).HasMaxLength(255);
            dataset.Property(d => d.SourceType).HasMaxLength(64);
            dataset.Property(d => d.FileName).HasMaxLength(255);
            dataset.Property(d => d.StorageKey).HasMaxLength(512);
            dataset.Property(d => d.Schema).HasColumnType("jsonb");
            dataset.Property(d => d.SampleRows).HasColumnType("jsonb");
            dataset.Property(d => d.NumericSummary).HasColumnType("jsonb");
            dataset.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
            dataset.HasIndex(d => new { d.TenantId, d.CreatedAt });
            // The storage sweep asks which of the files it found are still referenced.
            dataset.HasIndex(d => d.StorageKey);
            MapSyncColumns(dataset);
        });

        modelBuilder.Entity<DataPipeline>(pipeline =>
        {
            pipeline.ToTable("data_pipelines");
            pipeline.Property(p => p.Name).HasMaxLength(255);
            pipeline.Property(p => p.Config).HasColumnType("jsonb");
            pipeline.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
            pipeline.HasIndex(p => new { p.TenantId, p.CreatedAt });
            MapSyncColumns(pipeline);
        });

        modelBuilder.Entity<Run>(run =>
        {
            run.ToTable("runs");
            run.Property(r => r.TargetKind).HasMaxLength(16);
            run.Property(r => r.Origin).HasMaxLength(16);
            run.Property(r => r.LifeCycleState).HasMaxLength(32);
            run.Property(r => r.ResultState).HasMaxLength(32);
            run.Property(r => r.Parameters).HasColumnType("jsonb");
            run.Property(r => r.Tasks).HasColumnType("jsonb");
            run.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
            // A target's runs, newest first (the runs list).
            run.HasIndex(r => new { r.TargetId, r.CreatedAt });
            // A Databricks run is recorded once per tenant, whoever finds it first (the submit or the schedule discovery).
            run.HasIndex(r => new { r.TenantId, r.RemoteRunId }).IsUnique().HasFilter("remote_run_id IS NOT NULL");
            // The poller: unfinished, submitted runs whose next look is due.
            run.HasIndex(r => r.NextPollAt).HasFilter("next_poll_at IS NOT NULL").HasDatabaseName("ix_runs_poll_due");
            MapSyncColumns(run, countedInUsage: false);
        });

        modelBuilder.Entity<TenantCatalog>(catalog =>
        {
            catalog.ToTable("tenant_catalogs");
            catalog.Property(c => c.CatalogName).HasMaxLength(255);
            // One catalog per tenant: concurrent initialize calls meet here, and the loser reads the winner's row.
            catalog.HasIndex(c => c.TenantId).IsUnique();
            catalog.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            MapSyncColumns(catalog, countedInUsage: false);
        });

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.Property(m => m.ResourceType).HasMaxLength(64);
            outbox.Property(m => m.MessageType).HasMaxLength(128);
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasMaxLength(128);
            // Serves the dispatcher's fair claim: which tenants have rows waiting, and each one's oldest (OutboxClaims),
            // and the backlog metric. The only index over waiting rows, on purpose: with a second one, on created_at
            // alone, the planner (its statistics lagging a burst) read that one whole for every tenant's share.
            outbox.HasIndex(m => new { m.TenantId, m.CreatedAt })
                .HasDatabaseName("ix_outbox_messages_undispatched_by_tenant")
                .HasFilter("dispatched_at IS NULL AND parked_at IS NULL");
            // Serves the reconciler's "is this resource's message still waiting here?" (ResourceSweep): a resource
            // whose message waits behind a backlog is not re-sent when its deadline passes, or an overload would
            // double itself with re-sends. Not partial on purpose: a second index over the waiting rows alone would
            // compete with the one above in the claim's plan whenever the statistics lag (StaleStatisticsPlanTests).
            outbox.HasIndex(m => m.ResourceId).HasDatabaseName("ix_outbox_messages_resource_id");
            // Serves the operators' list of parked rows and their count (few, by design).
            outbox.HasIndex(m => m.ParkedAt)
                .HasDatabaseName("ix_outbox_messages_parked")
                .HasFilter("parked_at IS NOT NULL");
            // Serves retention clean-up of dispatched rows.
            outbox.HasIndex(m => m.DispatchedAt)
                .HasDatabaseName("ix_outbox_messages_dispatched")
                .HasFilter("dispatched_at IS NOT NULL");
        });

        modelBuilder.Entity<WorkerHeartbeat>(heartbeat =>
        {
            heartbeat.ToTable("worker_heartbeats");
            heartbeat.Property(h => h.Id).HasMaxLength(200);
            heartbeat.Property(h => h.Host).HasMaxLength(200);
        });

        modelBuilder.Entity<DriftCheck>(check =>
        {
            check.ToTable("drift_checks");
            check.HasKey(c => new { c.TenantId, c.Kind });
            check.Property(c => c.Kind).HasMaxLength(32);
            check.Property(c => c.ClaimedBy).HasMaxLength(200);
            check.Property(c => c.LastOutcome).HasMaxLength(500);
            check.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            // The claim: the checks that are due, oldest first.
            check.HasIndex(c => c.DueAt);
        });

        SnakeCaseNames.Apply(modelBuilder);
    }

    private static void MapSyncColumns<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> entity, bool countedInUsage = true)
        where T : SyncedResource
    {
        // Two users editing at once must not both bump from the same generation: the second save is refused (409).
        entity.Property(r => r.Generation).IsConcurrencyToken();
        entity.Property(r => r.SyncStatus).HasConversion(SyncStatusNames.Converter).HasMaxLength(16);
        entity.Property(r => r.LastErrorCode).HasMaxLength(128);
        entity.Property(r => r.Metadata).HasColumnType("jsonb").HasColumnName("metadata_");
        // GIN, as in the original, for containment lookups (metadata_ @> '{"databricks_object_id": …}'). jsonb_path_ops
        // keeps one small hash per value instead of every key and value: every sync rewrites the row (two non-HOT
        // updates), and with the default operator class the index took 101 of the notebooks' 160 MB of indexes.
        entity.HasIndex(r => r.Metadata).HasMethod("gin").HasOperators("jsonb_path_ops");
        // The reconciler's sweep: resources whose retry or sync deadline is due.
        entity.HasIndex(r => r.NextAttemptAt).HasFilter("next_attempt_at IS NOT NULL");
        // The ops dashboard: recent failures (few, by design), and create→synced latency of the rows synced lately.
        entity.HasIndex(r => r.UpdatedAt).HasFilter("sync_status = 'failed'")
            .HasDatabaseName($"ix_{typeof(T).Name.ToLowerInvariant()}_failed");
        entity.HasIndex(r => r.SyncedAt).HasFilter("synced_at IS NOT NULL")
            .HasDatabaseName($"ix_{typeof(T).Name.ToLowerInvariant()}_synced_at");
        // The ops dashboard's unsynced counts per kind, state and tenant, read every few seconds: only the unsynced rows.
        entity.HasIndex(r => new { r.TenantId, r.SyncStatus }, $"ix_{typeof(T).Name.ToLowerInvariant()}_unsynced")
            .HasFilter("deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");
        if (!countedInUsage)
        {
            return;
        }

        // The usage endpoint counts a tenant's live resources per state from this index alone (an index-only scan).
        entity.HasIndex(r => new { r.TenantId, r.SyncStatus })
            .IncludeProperties(r => new { r.SyncedGeneration, r.UpdatedAt })
            .HasFilter("deleted_at IS NULL")
            .HasDatabaseName($"ix_{typeof(T).Name.ToLowerInvariant()}_usage");
    }
}
