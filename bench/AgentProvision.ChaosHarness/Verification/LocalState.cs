namespace AgentProvision.ChaosHarness.Verification;

/// <summary>
/// A resource's row as the database has it. <see cref="Done"/>: synced at its generation (a run: submitted and
/// finished). <see cref="Settled"/>: nothing more will happen without a user (done, failed, or a run ended unsubmitted).
/// </summary>
public sealed record LocalState(string Status, bool Done, bool Settled, string Detail);
