using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ImageVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ExcludeFromLatest",
                table: "Images",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Version",
                table: "Images",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_Images_NormalizedFamily_Version",
                table: "Images",
                columns: new[] { "NormalizedFamily", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Images_NormalizedFamily_Version",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ExcludeFromLatest",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Images");
        }
    }
}
