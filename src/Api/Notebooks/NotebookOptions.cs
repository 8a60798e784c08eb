using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Api.Notebooks;

public sealed class NotebookOptions
{
    public const string Section = "Notebooks";

    /// <summary>Largest notebook source accepted, in UTF-8 bytes. Databricks refuses imports over 10 MB.</summary>
    [Range(1, 10 * 1024 * 1024)]
    public int MaxContentBytes { get; set; } = 5 * 1024 * 1024;
}
