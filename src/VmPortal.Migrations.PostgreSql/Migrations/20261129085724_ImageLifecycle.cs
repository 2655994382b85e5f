using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
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
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Warnings",
                table: "Operations",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedTime",
                table: "Images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeprecateAt",
                table: "Images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ObsoleteAt",
                table: "Images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Protected",
                table: "Images",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PurgeAt",
                table: "Images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PurgeDeletesVhds",
                table: "Images",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Replacement",
                table: "Images",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Images",
                type: "jsonb",
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
