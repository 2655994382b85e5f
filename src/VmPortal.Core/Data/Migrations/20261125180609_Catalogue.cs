using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Catalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ActiveOperationId",
                table: "VirtualMachines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "VirtualMachines",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Endpoints",
                table: "VirtualMachines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "GuestReady",
                table: "VirtualMachines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PowerState",
                table: "VirtualMachines",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SubnetName",
                table: "VirtualMachines",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VirtualNetworkName",
                table: "VirtualMachines",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Operations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LeaseExpires",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "Operations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "Operations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedBy",
                table: "Operations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StartedTime",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Operations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusMessage",
                table: "Operations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VirtualMachineId",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "Images",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "EulaUri",
                table: "Images",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IconUri",
                table: "Images",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImageFamily",
                table: "Images",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Images",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ModifiedTime",
                table: "Images",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "PrivacyUri",
                table: "Images",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecommendedVmSize",
                table: "Images",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoleSizeOnCapture",
                table: "Images",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoleStateOnCapture",
                table: "Images",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ShowInGallery",
                table: "Images",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SourceServiceName",
                table: "Images",
                type: "TEXT",
                maxLength: 63,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceVmName",
                table: "Images",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Images",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "Disks",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<long>(
                name: "CreatedTime",
                table: "Disks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "Disks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImageDisk",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Lun = table.Column<int>(type: "INTEGER", nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HostCaching = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MediaLink = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    LogicalSizeInGb = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImageDisk", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImageDisk_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VirtualNetworks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AddressSpace = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subnets = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VirtualNetworks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Operations_Status_LeaseExpires",
                table: "Operations",
                columns: new[] { "Status", "LeaseExpires" });

            migrationBuilder.CreateIndex(
                name: "IX_ImageDisk_ImageId_Location_Lun",
                table: "ImageDisk",
                columns: new[] { "ImageId", "Location", "Lun" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImageDisk_MediaLink",
                table: "ImageDisk",
                column: "MediaLink");

            migrationBuilder.CreateIndex(
                name: "IX_VirtualNetworks_Name",
                table: "VirtualNetworks",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImageDisk");

            migrationBuilder.DropTable(
                name: "VirtualNetworks");

            migrationBuilder.DropIndex(
                name: "IX_Operations_Status_LeaseExpires",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "ActiveOperationId",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "Endpoints",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "GuestReady",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "PowerState",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "SubnetName",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "VirtualNetworkName",
                table: "VirtualMachines");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "LeaseExpires",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "RequestedBy",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "StartedTime",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "StatusMessage",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "VirtualMachineId",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "EulaUri",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "IconUri",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ImageFamily",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ModifiedTime",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PrivacyUri",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "RecommendedVmSize",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "RoleSizeOnCapture",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "RoleStateOnCapture",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ShowInGallery",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "SourceServiceName",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "SourceVmName",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Disks");

            migrationBuilder.DropColumn(
                name: "CreatedTime",
                table: "Disks");

            migrationBuilder.DropColumn(
                name: "Label",
                table: "Disks");
        }
    }
}
