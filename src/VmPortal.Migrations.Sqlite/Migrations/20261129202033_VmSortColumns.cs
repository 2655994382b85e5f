using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class VmSortColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DataDiskCount",
                table: "VirtualMachines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Location",
                table: "VirtualMachines",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_DataDiskCount_Id",
                table: "VirtualMachines",
                columns: new[] { "DataDiskCount", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Location_Id",
                table: "VirtualMachines",
                columns: new[] { "Location", "Id" });

            // The triggers that keep the two columns, and the rows as they are now.
            migrationBuilder.Sql(global::VmPortal.Core.Data.VmSortColumns.Sqlite);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(global::VmPortal.Core.Data.VmSortColumns.SqliteDown);

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_DataDiskCount_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Location_Id",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "DataDiskCount",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "Location",
                table: "VirtualMachines");
        }
    }
}
