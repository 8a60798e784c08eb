using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Datasets.Storage;

/// <summary>Configuration section <c>Storage</c>; shared by the API (writes, queries) and the worker (uploads to Databricks).</summary>
public sealed class DatasetStorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder dataset files live under, one sub-folder per tenant (env <c>Storage__Root</c>, or the original's <c>DATA_STORAGE_PATH</c>).</summary>
    [Required]
    public string Root { get; set; } = "storage";
}
