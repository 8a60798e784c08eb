using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <summary>
    /// Drops the outbox insert trigger: its NOTIFY ran inside every write transaction and serialized commits
    /// (bench/outbox-notify.sh). <see cref="PostgresOutboxNotifier"/> notifies after commit instead.
    /// </summary>
    public partial class NotifyAfterCommitInsteadOfTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OutboxNotification.DropTriggerSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OutboxNotification.CreateTriggerSql);
        }
    }
}
