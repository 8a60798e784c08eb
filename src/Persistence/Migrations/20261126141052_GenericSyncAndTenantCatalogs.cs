using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <summary>
    /// Tenant catalogs as a synced kind; the usage index; one message type for every kind. Undispatched outbox rows of
    /// the old notebook message are rewritten to the generic one, and synced notebooks' metadata moves to the original
    /// system's keys (their remote paths stay where they are).
    /// </summary>
    public partial class GenericSyncAndTenantCatalogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tenant_catalogs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    catalog_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    generation = table.Column<long>(type: "bigint", nullable: false),
                    synced_generation = table.Column<long>(type: "bigint", nullable: false),
                    sync_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sync_attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error_code = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    last_error_message = table.Column<string>(type: "text", nullable: true),
                    synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    metadata_ = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_catalogs", x => x.id);
                    table.ForeignKey(
                        name: "fk_tenant_catalogs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notebook_usage",
                table: "notebooks",
                columns: new[] { "tenant_id", "sync_status" },
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "synced_generation", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_catalogs_metadata_",
                table: "tenant_catalogs",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_catalogs_next_attempt_at",
                table: "tenant_catalogs",
                column: "next_attempt_at",
                filter: "next_attempt_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_catalogs_tenant_id",
                table: "tenant_catalogs",
                column: "tenant_id",
                unique: true);

            migrationBuilder.Sql("""
                UPDATE outbox_messages
                SET message_type = 'resource.sync-requested',
                    payload = jsonb_build_object('Kind', 'notebook', 'TenantId', payload->'TenantId',
                                                 'ResourceId', payload->'NotebookId', 'Generation', payload->'Generation')
                WHERE message_type = 'notebook.sync-requested';
                UPDATE notebooks
                SET metadata_ = jsonb_build_object('databricks_enabled', true,
                                                   'databricks_path', metadata_->'notebook_path',
                                                   'databricks_object_id', metadata_->'object_id')
                WHERE metadata_ ? 'notebook_path';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_notebook_usage",
                table: "notebooks");
        }
    }
}
