using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
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
                type: "character varying(16)",
                maxLength: 16,
                nullable: true,
                collation: "C");
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
