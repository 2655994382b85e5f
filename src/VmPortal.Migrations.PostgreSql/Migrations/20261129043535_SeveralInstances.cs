using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SeveralInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Totals_AllocatedBytes",
                table: "StorageAccounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Totals_Blobs",
                table: "StorageAccounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Totals_MeasuredTime",
                table: "StorageAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Totals_ProvisionedBytes",
                table: "StorageAccounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Totals_UnreadBlobs",
                table: "StorageAccounts",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Expires = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "PortalInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Host = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    ProcessId = table.Column<int>(type: "integer", nullable: false),
                    Storage = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    StartedTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SeenTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalInstances", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_SourceImageName",
                table: "VirtualMachines",
                column: "SourceImageName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Leases");

            migrationBuilder.DropTable(
                name: "PortalInstances");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_SourceImageName",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "Totals_AllocatedBytes",
                table: "StorageAccounts");

            migrationBuilder.DropColumn(
                name: "Totals_Blobs",
                table: "StorageAccounts");

            migrationBuilder.DropColumn(
                name: "Totals_MeasuredTime",
                table: "StorageAccounts");

            migrationBuilder.DropColumn(
                name: "Totals_ProvisionedBytes",
                table: "StorageAccounts");

            migrationBuilder.DropColumn(
                name: "Totals_UnreadBlobs",
                table: "StorageAccounts");
        }
    }
}
