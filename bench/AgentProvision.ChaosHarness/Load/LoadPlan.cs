namespace AgentProvision.ChaosHarness.Load;

/// <summary>One create of the load; <see cref="RunAfterwards"/> executes the notebook or runs the pipeline once it is accepted.</summary>
public sealed record PlannedCreate(ResourceKind Kind, int TenantIndex, bool RunAfterwards);

/// <summary>
/// How a size splits over the kinds: one catalog per tenant (a tenant per 500 resources, at least two), and of the
/// rest a fifth datasets, a fifth pipelines, a quarter runs (half on notebooks, half on pipelines) and the remainder
/// notebooks, in a seeded shuffle so kinds interleave while the chaos happens.
/// </summary>
public sealed record LoadPlan(int Tenants, int Datasets, int Notebooks, int Pipelines, int NotebookRuns, int PipelineRuns, IReadOnlyList<PlannedCreate> Creates)
{
    public int Size => Tenants + Datasets + Notebooks + Pipelines + NotebookRuns + PipelineRuns;

    public int Count(ResourceKind kind) => kind switch
    {
        ResourceKind.Catalog => Tenants,
        ResourceKind.Dataset => Datasets,
        ResourceKind.Notebook => Notebooks,
        ResourceKind.Pipeline => Pipelines,
        ResourceKind.Run => NotebookRuns + PipelineRuns,
        _ => 0,
    };

    public static LoadPlan For(int size, int seed)
    {
        if (size < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "at least 10 resources, so every kind gets some");
        }

        var tenants = Math.Max(2, size / 500);
        var rest = size - tenants;
        var datasets = rest / 5;
        var pipelines = rest / 5;
        var runs = rest / 4;
        var notebooks = rest - datasets - pipelines - runs;
        var notebookRuns = runs / 2;
        var pipelineRuns = runs - notebookRuns;

        var creates = new List<PlannedCreate>();
        for (var i = 0; i < datasets; i++)
        {
            creates.Add(new PlannedCreate(ResourceKind.Dataset, i % tenants, false));
        }

        for (var i = 0; i < notebooks; i++)
        {
            creates.Add(new PlannedCreate(ResourceKind.Notebook, i % tenants, i < notebookRuns));
        }

        for (var i = 0; i < pipelines; i++)
        {
            creates.Add(new PlannedCreate(ResourceKind.Pipeline, i % tenants, i < pipelineRuns));
        }

        var shuffled = creates.ToArray();
        new Random(seed).Shuffle(shuffled);
        return new LoadPlan(tenants, datasets, notebooks, pipelines, notebookRuns, pipelineRuns, shuffled);
    }
}
