using AgentProvision.Persistence.Entities;

namespace AgentProvision.SyncWorker.Sync;

public static class ResourceKindRegistration
{
    /// <summary>
    /// Puts a kind on the shared sync path: its provisioner, and the generic synchronizer, store and reconciler sweep.
    /// Adding a kind is its entity, its provisioner, its API and this one line.
    /// </summary>
    public static IServiceCollection AddResourceKind<T, TProvisioner>(this IServiceCollection services)
        where T : SyncedResource, IResourceKind
        where TProvisioner : class, IResourceProvisioner<T>
    {
        services.AddScoped<IResourceProvisioner<T>, TProvisioner>();
        services.AddScoped<ResourceSyncStore<T>>();
        services.AddKeyedScoped<IResourceSynchronizer, ResourceSynchronizer<T>>(T.Kind);
        services.AddSingleton<IResourceSweep, ResourceSweep<T>>();
        return services;
    }
}
