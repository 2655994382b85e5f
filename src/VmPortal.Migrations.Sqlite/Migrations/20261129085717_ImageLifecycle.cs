using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ImageLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "VirtualMachines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Warnings",
                table: "Operations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "DeletedTime",
                table: "Images",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeprecateAt",
                table: "Images",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ObsoleteAt",
                table: "Images",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Protected",
                table: "Images",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "PurgeAt",
                table: "Images",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PurgeDeletesVhds",
                table: "Images",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Replacement",
                table: "Images",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Images",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Images_PurgeAt",
                table: "Images",
                column: "PurgeAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Images_PurgeAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "Warnings",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "DeletedTime",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "DeprecateAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ObsoleteAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Protected",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PurgeAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PurgeDeletesVhds",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Replacement",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "Images");
        }
    }
}
