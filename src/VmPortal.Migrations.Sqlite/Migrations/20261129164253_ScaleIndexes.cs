using Microsoft.EntityFrameworkCore.Migrations;
using VmPortal.Core.Data;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Delta = table.Column<long>(type: "INTEGER", nullable: false)
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
            migrationBuilder.Sql(CountTriggers.Sqlite);

            // The text search's trigram indexes, kept by the database.
            migrationBuilder.Sql(SearchIndexes.Sqlite);

            // The planner statistics' tables, so the upkeep round's PRAGMA optimize never changes the schema at run time.
            migrationBuilder.Sql(PlannerStatistics.SqliteTables);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SearchIndexes.SqliteDown);
            migrationBuilder.Sql(CountTriggers.SqliteDown);

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
