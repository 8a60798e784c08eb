using System.ComponentModel.DataAnnotations;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// The run status poller (section <c>Runs:Polling</c>). A run is looked at often while it is young and rarely once it
/// has run for a while: every <see cref="FirstInterval"/> until it is <see cref="FirstPhase"/> old, then every
/// <see cref="SecondInterval"/> until <see cref="SecondPhase"/>, every <see cref="ThirdInterval"/> until
/// <see cref="ThirdPhase"/>, and every <see cref="LaterInterval"/> after that.
/// </summary>
public sealed class RunPollingOptions : IValidatableObject
{
    public const string Section = "Runs:Polling";

    /// <summary>How often the poller asks the database for due runs when the last batch was not full.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most runs claimed (and polled) per batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Most connector calls of one batch in flight at once.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    /// <summary>One status call; a hung connector is cut off here and the run is looked at again later.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A claimed run is not claimed again for this long (its lease), so no two workers poll it at once. The batch gives
    /// up on the calls it has not finished well before the lease ends; must be longer than <see cref="CallTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After a failed status call the run waits at least this long (or its normal interval, if longer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FirstPhase { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SecondInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SecondPhase { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ThirdInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ThirdPhase { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan LaterInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the poller logs what it did (runs polled, database queries, connector calls); only when it did something.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StatsLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When a run <paramref name="age"/> old should be looked at next, from now.</summary>
    public TimeSpan IntervalFor(TimeSpan age) =>
        age < FirstPhase ? FirstInterval
        : age < SecondPhase ? SecondInterval
        : age < ThirdPhase ? ThirdInterval
        : LaterInterval;

    /// <summary>How long a batch may spend on its calls: what is left of the lease after a safety margin for the write.</summary>
    public TimeSpan BatchBudget => Lease - TimeSpan.FromTicks(Math.Max(Lease.Ticks / 5, TimeSpan.FromMilliseconds(500).Ticks));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(FirstPhase < SecondPhase && SecondPhase < ThirdPhase))
        {
            yield return new ValidationResult(
                $"{Section}: FirstPhase ({FirstPhase}) < SecondPhase ({SecondPhase}) < ThirdPhase ({ThirdPhase}) must hold.",
                [nameof(FirstPhase), nameof(SecondPhase), nameof(ThirdPhase)]);
        }

        if (BatchBudget <= CallTimeout)
        {
            yield return new ValidationResult(
                $"{Section}: Lease ({Lease}) must leave more than CallTimeout ({CallTimeout}) for a batch's calls (it keeps a fifth, at least 0.5 s, for the write).",
                [nameof(Lease), nameof(CallTimeout)]);
        }
    }
}
