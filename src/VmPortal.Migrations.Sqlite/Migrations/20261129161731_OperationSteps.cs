using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OperationSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Disks",
                table: "Operations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Steps",
                table: "Operations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Disks",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "Steps",
                table: "Operations");
        }
    }
}
