using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WorkerHeartbeats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "worker_heartbeats",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    host = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_heartbeats", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenantcatalog_failed",
                table: "tenant_catalogs",
                column: "updated_at",
                filter: "sync_status = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_tenantcatalog_synced_at",
                table: "tenant_catalogs",
                column: "synced_at",
                filter: "synced_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tenantcatalog_unsynced",
                table: "tenant_catalogs",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_run_failed",
                table: "runs",
                column: "updated_at",
                filter: "sync_status = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_run_synced_at",
                table: "runs",
                column: "synced_at",
                filter: "synced_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_run_unsynced",
                table: "runs",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_notebook_failed",
                table: "notebooks",
                column: "updated_at",
                filter: "sync_status = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_notebook_synced_at",
                table: "notebooks",
                column: "synced_at",
                filter: "synced_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notebook_unsynced",
                table: "notebooks",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_dataset_failed",
                table: "datasets",
                column: "updated_at",
                filter: "sync_status = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_dataset_synced_at",
                table: "datasets",
                column: "synced_at",
                filter: "synced_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_dataset_unsynced",
                table: "datasets",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_datapipeline_failed",
                table: "data_pipelines",
                column: "updated_at",
                filter: "sync_status = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_datapipeline_synced_at",
                table: "data_pipelines",
                column: "synced_at",
                filter: "synced_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_datapipeline_unsynced",
                table: "data_pipelines",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "worker_heartbeats");

            migrationBuilder.DropIndex(
                name: "ix_tenantcatalog_failed",
                table: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_tenantcatalog_synced_at",
                table: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_tenantcatalog_unsynced",
                table: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_run_failed",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_run_synced_at",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_run_unsynced",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_notebook_failed",
                table: "notebooks");

            migrationBuilder.DropIndex(
                name: "ix_notebook_synced_at",
                table: "notebooks");

            migrationBuilder.DropIndex(
                name: "ix_notebook_unsynced",
                table: "notebooks");

            migrationBuilder.DropIndex(
                name: "ix_dataset_failed",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "ix_dataset_synced_at",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "ix_dataset_unsynced",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "ix_datapipeline_failed",
                table: "data_pipelines");

            migrationBuilder.DropIndex(
                name: "ix_datapipeline_synced_at",
                table: "data_pipelines");

            migrationBuilder.DropIndex(
                name: "ix_datapipeline_unsynced",
                table: "data_pipelines");
        }
    }
}
