using Microsoft.EntityFrameworkCore.Migrations;
using VmPortal.Core.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Status",
                table: "VirtualMachines");

            migrationBuilder.CreateTable(
                name: "CatalogueCounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Delta = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueCounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_InstanceSize_Id",
                table: "VirtualMachines",
                columns: new[] { "InstanceSize", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Name_Id",
                table: "VirtualMachines",
                columns: new[] { "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Os_Id",
                table: "VirtualMachines",
                columns: new[] { "Os", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Status_Id",
                table: "VirtualMachines",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueCounts_Key_Delta",
                table: "CatalogueCounts",
                columns: new[] { "Key", "Delta" });

            // The triggers that keep CatalogueCounts, and what the tables hold already.
            migrationBuilder.Sql(CountTriggers.PostgreSql);

            // The text search's trigram indexes, kept by the database.
            migrationBuilder.Sql(SearchIndexes.PostgreSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SearchIndexes.PostgreSqlDown);
            migrationBuilder.Sql(CountTriggers.PostgreSqlDown);

            migrationBuilder.DropTable(
                name: "CatalogueCounts");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_InstanceSize_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Name_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Os_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Status_Id",
                table: "VirtualMachines");

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Status",
                table: "VirtualMachines",
                column: "Status");
        }
    }
}
