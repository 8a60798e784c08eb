using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SyncLeasesAndFairOutboxClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "sync_fence",
                table: "tenant_catalogs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sync_lease_until",
                table: "tenant_catalogs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sync_fence",
                table: "runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sync_lease_until",
                table: "runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sync_fence",
                table: "notebooks",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sync_lease_until",
                table: "notebooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sync_fence",
                table: "datasets",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sync_lease_until",
                table: "datasets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sync_fence",
                table: "data_pipelines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sync_lease_until",
                table: "data_pipelines",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undispatched_by_tenant",
                table: "outbox_messages",
                columns: new[] { "tenant_id", "created_at" },
                filter: "dispatched_at IS NULL AND parked_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_undispatched_by_tenant",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "sync_fence",
                table: "tenant_catalogs");

            migrationBuilder.DropColumn(
                name: "sync_lease_until",
                table: "tenant_catalogs");

            migrationBuilder.DropColumn(
                name: "sync_fence",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "sync_lease_until",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "sync_fence",
                table: "notebooks");

            migrationBuilder.DropColumn(
                name: "sync_lease_until",
                table: "notebooks");

            migrationBuilder.DropColumn(
                name: "sync_fence",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "sync_lease_until",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "sync_fence",
                table: "data_pipelines");

            migrationBuilder.DropColumn(
                name: "sync_lease_until",
                table: "data_pipelines");
        }
    }
}
