using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReconcilerSeesWaitingMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_resource_id",
                table: "outbox_messages",
                column: "resource_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_resource_id",
                table: "outbox_messages");
        }
    }
}
