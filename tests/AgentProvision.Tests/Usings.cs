global using AgentProvision.Tests.Infrastructure;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
