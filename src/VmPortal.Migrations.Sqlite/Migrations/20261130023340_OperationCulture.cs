using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OperationCulture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "Operations",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Culture",
                table: "Operations");
        }
    }
}
