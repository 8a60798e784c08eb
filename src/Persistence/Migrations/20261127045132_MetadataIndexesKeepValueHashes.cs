using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentProvision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MetadataIndexesKeepValueHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tenant_catalogs_metadata_",
                table: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_runs_metadata_",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_notebooks_metadata_",
                table: "notebooks");

            migrationBuilder.DropIndex(
                name: "ix_datasets_metadata_",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "ix_data_pipelines_metadata_",
                table: "data_pipelines");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_catalogs_metadata_",
                table: "tenant_catalogs",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_runs_metadata_",
                table: "runs",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_notebooks_metadata_",
                table: "notebooks",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_datasets_metadata_",
                table: "datasets",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_data_pipelines_metadata_",
                table: "data_pipelines",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tenant_catalogs_metadata_",
                table: "tenant_catalogs");

            migrationBuilder.DropIndex(
                name: "ix_runs_metadata_",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_notebooks_metadata_",
                table: "notebooks");

            migrationBuilder.DropIndex(
                name: "ix_datasets_metadata_",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "ix_data_pipelines_metadata_",
                table: "data_pipelines");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_catalogs_metadata_",
                table: "tenant_catalogs",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_runs_metadata_",
                table: "runs",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_notebooks_metadata_",
                table: "notebooks",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_metadata_",
                table: "datasets",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_data_pipelines_metadata_",
                table: "data_pipelines",
                column: "metadata_")
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
