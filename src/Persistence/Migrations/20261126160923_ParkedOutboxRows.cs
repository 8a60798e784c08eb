using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ParkedOutboxRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_undispatched",
                table: "outbox_messages");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "parked_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_parked",
                table: "outbox_messages",
                column: "parked_at",
                filter: "parked_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undispatched",
                table: "outbox_messages",
                column: "created_at",
                filter: "dispatched_at IS NULL AND parked_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_parked",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_undispatched",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "parked_at",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undispatched",
                table: "outbox_messages",
                column: "created_at",
                filter: "dispatched_at IS NULL");
        }
    }
}
