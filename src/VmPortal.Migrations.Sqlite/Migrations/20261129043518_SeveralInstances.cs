using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Totals_Blobs",
                table: "StorageAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Totals_MeasuredTime",
                table: "StorageAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Totals_ProvisionedBytes",
                table: "StorageAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Totals_UnreadBlobs",
                table: "StorageAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Expires = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "PortalInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ProcessId = table.Column<int>(type: "INTEGER", nullable: false),
                    Storage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    StartedTime = table.Column<long>(type: "INTEGER", nullable: false),
                    SeenTime = table.Column<long>(type: "INTEGER", nullable: false)
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
